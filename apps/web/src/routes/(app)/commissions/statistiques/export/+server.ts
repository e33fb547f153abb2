import { error } from '@sveltejs/kit';
import { requireFull } from '#lib/server/guards.ts';
import { download } from '../../seances/download.ts';
import type { RequestHandler } from './$types';

/** The statistics of a year as CSV or XLSX (`?annee=2026&format=csv`). */
export const GET: RequestHandler = async ({ locals, url }) => {
  requireFull(locals, url);
  const year = Number(url.searchParams.get('annee'));
  const format = url.searchParams.get('format');
  if (!Number.isInteger(year) || year < 2000 || year > 2100 || (format !== 'csv' && format !== 'xlsx'))
    error(404, 'Cet export n’existe pas.');
  return download(
    url,
    () => locals.api.commissions.stats.export.query({ year, format }),
    'Vous n’avez pas accès aux statistiques des commissions.',
  );
};
