import { error } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;
const STATUSES = ['active', 'deactivated', 'all'] as const;
type StatusFilter = (typeof STATUSES)[number];

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  const actor = actorOf(me);
  if (!can(actor, 'organisation.list')) {
    error(403, 'La liste des structures est réservée aux administrateurs du territoire.');
  }
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const rawStatus = url.searchParams.get('status') ?? 'active';
  const status: StatusFilter = (STATUSES as readonly string[]).includes(rawStatus)
    ? (rawStatus as StatusFilter)
    : 'active';
  const page = pageParam(url);
  try {
    const result = await locals.api.admin.organisations.list.query({
      q: q || undefined,
      status,
      page,
      pageSize: PAGE_SIZE,
    });
    return {
      filters: { q, status },
      organisations: result.items.map((o) => ({
        id: o.id,
        name: o.name,
        type: o.type,
        status: o.status,
        memberCount: o.memberCount,
      })),
      total: result.total,
      page,
      totalPages: totalPages(result.total, PAGE_SIZE),
      canCreate: can(actor, 'organisation.create'),
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    error(info.httpStatus === 403 ? 403 : 500, info.message);
  }
};
