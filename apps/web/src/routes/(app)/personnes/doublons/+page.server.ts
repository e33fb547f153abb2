import { error, redirect } from '@sveltejs/kit';
import { DUPLICATE_REASON_LABELS } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { PageServerLoad } from './$types';

const NOT_FOUND = 'Cette page n’existe pas ou vous n’y avez pas accès.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** « Doublons possibles »: pairs of files that are probably the same person (CCAS coordinators). */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (actorOf(me).role !== 'coordinator') error(404, NOT_FOUND);
  let result;
  try {
    result = await locals.api.persons.duplicates.list.query({ page: Math.min(1000, pageParam(url)) });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN' || info.code === 'NOT_FOUND') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  return {
    items: result.items.map((i) => ({
      key: `${i.a.id}-${i.b.id}`,
      a: i.a,
      b: i.b,
      score: i.score,
      reasons: i.reasons.map((r) => DUPLICATE_REASON_LABELS[r]),
      compareHref: `/personnes/doublons/comparer?a=${i.a.id}&b=${i.b.id}`,
    })),
    total: result.total,
    page: result.page,
    totalPages: totalPages(result.total, result.pageSize),
    truncated: result.truncated,
    /** Back from a comparison whose files were merged meanwhile: the file that holds them now. */
    mergedMeanwhile: UUID.test(url.searchParams.get('fusionne') ?? '') ? url.searchParams.get('fusionne') : null,
  };
};
