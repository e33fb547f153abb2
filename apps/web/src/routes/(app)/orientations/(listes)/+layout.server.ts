import type { LayoutServerLoad } from './$types';

/** What waits in each list, shown in the sub-navigation (a failed count never blocks the page). */
export const load: LayoutServerLoad = async ({ locals, parent }) => {
  await parent();
  let counts: { recues: number | null; aRouter: number | null } = { recues: null, aRouter: null };
  try {
    counts = await locals.api.referrals.counts.query();
  } catch {
    // The lists still work without their counters.
  }
  return { counts };
};
