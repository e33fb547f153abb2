import { error, redirect } from '@sveltejs/kit';
import { Buffer } from 'node:buffer';
import { REGISTER_SITUATIONS } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { RequestHandler } from './$types';

/**
 * The register exported for the prefecture (CSV or PDF), with the list's filters; the API checks
 * the role and audits the export. Sent as an attachment, never cached.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  requireFull(locals, url);
  if (params.format !== 'csv' && params.format !== 'pdf') error(404, 'Cette page n’existe pas.');
  const situation = url.searchParams.get('situation');
  const isole = url.searchParams.get('isole');
  const commune = url.searchParams.get('commune');
  const input = {
    ...(situation && (REGISTER_SITUATIONS as readonly string[]).includes(situation)
      ? { situation: situation as (typeof REGISTER_SITUATIONS)[number] }
      : {}),
    ...(isole === 'oui' ? { isole: true } : isole === 'non' ? { isole: false } : {}),
    ...(commune && /^\d[0-9AB]\d{3}$/.test(commune) ? { communeInsee: commune } : {}),
  };
  let file;
  try {
    file =
      params.format === 'csv'
        ? await locals.api.visits.register.exportCsv.query(input)
        : await locals.api.visits.register.exportPdf.query(input);
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
