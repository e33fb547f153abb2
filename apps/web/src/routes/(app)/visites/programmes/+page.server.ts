import { error, redirect } from '@sveltejs/kit';
import { can, PROGRAMME_STATUSES, type ProgrammeStatus } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import { UUID } from './programme-labels.ts';
import type { PageServerLoad } from './$types';

/** The visit programmes (coordinators only): filters in the URL (GET form), the visitors' load. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'register.manage')) error(404, 'Cette page n’existe pas.');
  const q = url.searchParams;
  const statut = (PROGRAMME_STATUSES as readonly string[]).includes(q.get('statut') ?? '')
    ? (q.get('statut') as ProgrammeStatus)
    : '';
  const retard = q.get('retard') === 'oui';
  const visiteur = UUID.test(q.get('visiteur') ?? '') ? q.get('visiteur')! : '';
  let result;
  try {
    result = await locals.api.visits.programmes.list.query({
      ...(statut ? { status: statut } : {}),
      ...(retard ? { overdue: true } : {}),
      ...(visiteur ? { visitorUserId: visiteur } : {}),
      page: Math.min(1000, pageParam(url)),
    });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, 'Cette page n’existe pas.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  return {
    filters: { statut, retard: retard ? 'oui' : '', visiteur },
    filtered: !!statut || retard || !!visiteur,
    items: result.items,
    total: result.total,
    page: result.page,
    totalPages: totalPages(result.total, result.pageSize),
    loads: result.loads,
  };
};
