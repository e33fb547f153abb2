import { requireFull } from '#lib/server/guards.ts';
import { download } from '../download.server.ts';
import type { RequestHandler } from './$types';

/** The information notice (PDF) filled with the person's name and follow-up group; audited by the API. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  requireFull(locals, url);
  return download(url, () => locals.api.persons.rights.notice.query({ personId: params.id }));
};
