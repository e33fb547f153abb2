import { error, redirect } from '@sveltejs/kit';
import { can, RETENTION_CATEGORIES, type RetentionCategory } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { PageServerLoad } from './$types';

/** Only the archivist has archives: for anyone else the page does not exist. */
const NOT_FOUND = 'Cette page n’existe pas.';

/** The archived files (archives.list), filtered by category and « élimination à décider » from the URL. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'archives.read')) error(404, NOT_FOUND);
  const rawCategory = url.searchParams.get('categorie') ?? '';
  const category = (RETENTION_CATEGORIES as readonly string[]).includes(rawCategory)
    ? (rawCategory as RetentionCategory)
    : undefined;
  const eliminationDue = url.searchParams.get('elimination') === '1';
  let result;
  try {
    result = await locals.api.archives.list.query({ page: pageParam(url), category, eliminationDue });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  return {
    filters: { category: category ?? '', eliminationDue, active: category !== undefined || eliminationDue },
    items: result.items.map((i) => ({
      ...i,
      archivedAt: i.archivedAt as unknown as string,
      lastActivityAt: i.lastActivityAt as unknown as string,
      elimination: i.elimination ? { ...i.elimination, dueAt: i.elimination.dueAt as unknown as string } : null,
    })),
    total: result.total,
    totalCapped: result.totalCapped,
    page: result.page,
    totalPages: totalPages(result.total, result.pageSize),
  };
};
