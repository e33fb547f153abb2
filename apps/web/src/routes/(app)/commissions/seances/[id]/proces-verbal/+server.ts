import { requireFull } from '#lib/server/guards.ts';
import { download } from '../../download.ts';
import type { RequestHandler } from './$types';

/** The séance's procès-verbal (PDF): the stored one once closed, a draft before. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  requireFull(locals, url);
  return download(
    url,
    () => locals.api.commissions.outputs.procesVerbal.query({ seanceId: params.id }),
    'Cette séance n’existe pas ou vous n’y avez pas accès.',
  );
};
