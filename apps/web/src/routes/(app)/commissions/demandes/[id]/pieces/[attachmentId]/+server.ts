import { download } from '../../../../seances/download.ts';
import type { RequestHandler } from './$types';

/** A pièce justificative of a demande (the API checks who may see it and audits the download). */
export const GET: RequestHandler = ({ locals, url, params }) =>
  download(
    url,
    () =>
      locals.api.commissions.demandes.attachments.download.query({
        demandeId: params.id,
        attachmentId: params.attachmentId,
      }),
    'Cette pièce est introuvable.',
  );
