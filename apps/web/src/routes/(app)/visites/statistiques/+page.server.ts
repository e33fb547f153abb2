import { error, redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { monthChoices, periodParams } from './period.ts';
import type { PageServerLoad } from './$types';

/** Visit statistics (coordinators and admins): a period (GET form, in the URL), tables per month and per visitor. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  const role = me.activeMembership.role;
  if (role !== 'coordinator' && role !== 'admin') error(404, 'Cette page n’existe pas.');
  const asked = periodParams(url);
  const typed = { du: url.searchParams.get('du') ?? '', au: url.searchParams.get('au') ?? '' };
  try {
    const stats = await locals.api.visits.stats.query(asked);
    const qs = new URLSearchParams({ du: stats.period.from, au: stats.period.to });
    return {
      stats,
      errors: {} as Record<string, string>,
      values: { du: stats.period.from, au: stats.period.to },
      months: monthChoices(),
      csv: {
        mois: `/visites/statistiques/export?${qs}&tableau=mois`,
        visiteurs: `/visites/statistiques/export?${qs}&tableau=visiteurs`,
      },
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, 'Cette page n’existe pas.');
    if (info.code !== 'BAD_REQUEST') error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
    return {
      stats: null,
      errors: {
        ...(info.fieldErrors.from ? { du: info.fieldErrors.from } : {}),
        ...(info.fieldErrors.to ? { au: info.fieldErrors.to } : {}),
      } as Record<string, string>,
      values: typed,
      months: monthChoices(),
      csv: null,
    };
  }
};
