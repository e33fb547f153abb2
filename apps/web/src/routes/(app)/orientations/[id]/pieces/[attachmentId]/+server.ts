import { error, redirect } from '@sveltejs/kit';
import { Buffer } from 'node:buffer';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { RequestHandler } from './$types';

/**
 * Downloads one attachment of a referral. The API checks the access and audits the download;
 * the bytes are sent as an attachment (never rendered inline), not cached.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  requireFull(locals, url);
  let file;
  try {
    file = await locals.api.referrals.downloadAttachment.query({
      referralId: params.id,
      attachmentId: params.attachmentId,
    });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') {
      error(404, 'Cette pièce jointe n’existe pas ou vous n’y avez pas accès.');
    }
    error(info.httpStatus >= 400 ? info.httpStatus : 500, info.message);
  }
  const bytes = Buffer.from(file.contentBase64, 'base64');
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(bytes, {
    headers: {
      'Content-Type': file.mimeType,
      'Content-Length': String(bytes.length),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
