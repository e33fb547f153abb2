import { error, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';

const NOT_FOUND = 'Ce dossier n’est pas dans les archives (il est actif, a été éliminé ou n’existe pas).';

/** The read-only archived file (archives.get, audited as a read with the reason « archives »). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'archives.read')) error(404, 'Cette page n’existe pas.');
  let file;
  try {
    file = await locals.api.archives.get.query({ personId: params.id });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  return { file };
};
