import { error } from '@sveltejs/kit';
import { API_INTERNAL_URL } from '#lib/server/config.ts';
import type { PageServerLoad } from './$types';

interface DevMail {
  id: number;
  receivedAt: string;
  to: string;
  subject: string;
  text: string;
}

/** The development outbox: only exists when the API sends no real mail (no SMTP, not production). */
export const load: PageServerLoad = async ({ locals }) => {
  let response: Response;
  try {
    response = await fetch(`${API_INTERNAL_URL}/api/dev/outbox`, {
      headers: { accept: 'application/json', 'x-request-id': locals.requestId },
    });
  } catch {
    error(503, 'Le service est momentanément indisponible. Réessayez dans un instant.');
  }
  if (response.status === 404) error(404, 'Cette page n’existe pas.');
  if (!response.ok) error(502, 'La liste des courriels n’a pas pu être chargée.');
  const body = (await response.json()) as { mails: DevMail[] };
  return { mails: body.mails };
};
