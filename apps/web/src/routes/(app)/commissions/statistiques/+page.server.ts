import { error, redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';

/** Statistics, payments log and envelopes of a year (`?annee=`, the current year by default). */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  const current = new Date().getFullYear();
  const typed = url.searchParams.get('annee');
  const year = typed && /^\d{4}$/.test(typed) ? Number(typed) : current;
  const yearError =
    typed && !/^\d{4}$/.test(typed) ? 'Indiquez une année sur quatre chiffres, par exemple 2026.' : null;
  try {
    const [stats, log] = await Promise.all([
      locals.api.commissions.stats.summary.query({ year }),
      locals.api.commissions.outputs.payments.query({ year }),
    ]);
    return { year, yearError, typed: typed ?? String(year), stats, log };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN' || info.code === 'NOT_FOUND') error(404, 'Vous n’avez pas accès aux commissions.');
    if (info.code === 'BAD_REQUEST') error(404, 'Cette année n’est pas valide.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};
