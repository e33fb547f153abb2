import { error } from '@sveltejs/kit';
import { requireFull } from '#lib/server/guards.ts';
import { download } from '../../download.server.ts';
import type { RequestHandler } from './$types';

/**
 * The right-of-access export: `pdf` for the person, `json` for the record. The API allows it to
 * the CCAS coordinators only (403 otherwise) and audits every export with its format.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  requireFull(locals, url);
  const personId = params.id;
  if (params.format === 'pdf') return download(url, () => locals.api.persons.rights.exportPdf.query({ personId }));
  if (params.format === 'json') return download(url, () => locals.api.persons.rights.exportJson.query({ personId }));
  error(404, 'Ce format d’export n’existe pas : choisissez PDF ou JSON.');
};
