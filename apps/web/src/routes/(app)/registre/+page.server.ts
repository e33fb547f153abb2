import { error, redirect } from '@sveltejs/kit';
import { can, REGISTER_SITUATIONS, type RegisterSituation } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { PageServerLoad } from './$types';

const STATUSES = ['inscrite', 'radiee', 'toutes'] as const;

/** The register of vulnerable people: coordinators only; filters in the URL (GET form). */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'register.manage')) error(404, 'Cette page n’existe pas.');
  const q = url.searchParams;
  const statut = (STATUSES as readonly string[]).includes(q.get('statut') ?? '')
    ? (q.get('statut') as (typeof STATUSES)[number])
    : 'inscrite';
  const situation = (REGISTER_SITUATIONS as readonly string[]).includes(q.get('situation') ?? '')
    ? (q.get('situation') as RegisterSituation)
    : '';
  const isole = q.get('isole') === 'oui' || q.get('isole') === 'non' ? q.get('isole')! : '';
  const commune = /^\d[0-9AB]\d{3}$/.test(q.get('commune') ?? '') ? q.get('commune')! : '';
  let result;
  try {
    result = await locals.api.visits.register.list.query({
      status: statut,
      ...(situation ? { situation } : {}),
      ...(isole ? { isole: isole === 'oui' } : {}),
      ...(commune ? { communeInsee: commune } : {}),
      page: Math.min(1000, pageParam(url)),
    });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, 'Cette page n’existe pas.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const exportQuery = new URLSearchParams();
  if (situation) exportQuery.set('situation', situation);
  if (isole) exportQuery.set('isole', isole);
  if (commune) exportQuery.set('commune', commune);
  const qs = exportQuery.size > 0 ? `?${exportQuery}` : '';
  return {
    filters: { statut, situation, isole, commune },
    filtered: statut !== 'inscrite' || !!situation || !!isole || !!commune,
    items: result.items,
    communes: result.communes,
    total: result.total,
    page: result.page,
    totalPages: totalPages(result.total, result.pageSize),
    exports: { csv: `/registre/export/csv${qs}`, pdf: `/registre/export/pdf${qs}` },
  };
};
