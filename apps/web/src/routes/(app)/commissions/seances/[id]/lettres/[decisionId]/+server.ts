import { requireFull } from '#lib/server/guards.ts';
import { download } from '../../../download.ts';
import type { RequestHandler } from './$types';

/** A decision letter (PDF). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  requireFull(locals, url);
  return download(
    url,
    () => locals.api.commissions.outputs.letter.query({ decisionId: params.decisionId }),
    'Cette décision n’existe pas ou vous n’y avez pas accès.',
  );
};
