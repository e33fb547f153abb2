import { error, redirect } from '@sveltejs/kit';
import { Buffer } from 'node:buffer';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { RequestHandler } from './$types';

/** The campaigns' statistics as CSV (coordinators; the API checks the role and audits the export). */
export const GET: RequestHandler = async ({ locals, url }) => {
  requireFull(locals, url);
  let file;
  try {
    file = await locals.api.visits.campaigns.exportCsv.query();
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN' || info.code === 'NOT_FOUND') error(404, 'Cette page n’existe pas.');
    error(info.httpStatus >= 400 ? info.httpStatus : 500, info.message);
  }
  const bytes = Buffer.from(file.contentBase64, 'base64');
  return new Response(bytes, {
    headers: {
      'Content-Type': file.mimeType,
      'Content-Length': String(bytes.length),
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
