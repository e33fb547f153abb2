import { error, redirect } from '@sveltejs/kit';
import { Buffer } from 'node:buffer';
import { apiError, loginUrl } from '#lib/server/forms.ts';

/** What the rights procedures return: a file (same transport as referrals.downloadAttachment). */
export interface ApiFile {
  fileName: string;
  mimeType: string;
  contentBase64: string;
}

const NOT_FOUND = 'Cette personne n’existe pas ou vous n’avez pas accès à son dossier.';
const DENIED =
  'L’export du dossier est réservé à la coordination du CCAS, responsable de la plateforme : adressez-lui la demande de la personne.';

/**
 * Calls the API for a document and answers it as a download (never rendered inline, not
 * cached), with its French file name (ASCII fallback and RFC 5987 UTF-8 name).
 */
export async function download(url: URL, fetchFile: () => Promise<ApiFile>): Promise<Response> {
  let file: ApiFile;
  try {
    file = await fetchFile();
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(403, DENIED);
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') error(404, NOT_FOUND);
    error(info.httpStatus >= 400 ? info.httpStatus : 500, info.message);
  }
  const bytes = Buffer.from(file.contentBase64, 'base64');
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(bytes, {
    headers: {
      'Content-Type': file.mimeType === 'application/json' ? 'application/json; charset=utf-8' : file.mimeType,
      'Content-Length': String(bytes.length),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
