import { error, redirect } from '@sveltejs/kit';
import { Buffer } from 'node:buffer';
import { apiError, loginUrl } from '#lib/server/forms.ts';

/** A file from the API (base64) sent as an attachment, never cached; API errors become pages. */
export async function download(
  url: URL,
  fetchFile: () => Promise<{ fileName: string; mimeType: string; contentBase64: string }>,
  notFoundMessage: string,
): Promise<Response> {
  let file;
  try {
    file = await fetchFile();
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN')
      error(404, notFoundMessage);
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
}
