import { error, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { PageServerLoad } from './$types';

const NOT_FOUND = 'Cette personne n’existe pas ou vous n’avez pas accès à son dossier.';
const DENIED = 'La liste des consultations du dossier est réservée à la coordination du CCAS et aux administrateurs.';

/** « Qui a consulté ce dossier »: the territory admin and the coordinators (persons.consultations). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const me = requireFull(locals, url);
  const actor = actorOf(me);
  if (!can(actor, 'referral.use')) error(404, NOT_FOUND);
  let result;
  try {
    result = await locals.api.persons.consultations.query({
      personId: params.id,
      page: Math.min(10_000, pageParam(url)),
    });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(403, DENIED);
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  return {
    personId: params.id,
    /** The admin may not open the file itself (need to know): no link back to it. */
    canOpenFile: actor.role !== 'admin',
    items: result.items.map((r, i) => ({
      key: `${result.page}-${i}`,
      at: r.at as unknown as string,
      action: r.action,
      userName: r.userName,
      organisationName: r.organisationName,
      role: r.role,
      reason: r.reason,
    })),
    total: result.total,
    page: result.page,
    totalPages: totalPages(result.total, result.pageSize),
  };
};
