import { error, redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { pageParam } from '#lib/server/paging.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** The séances the user may see (coordinators: all; members: their commissions'), newest first. */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  const page = Math.min(500, pageParam(url));
  try {
    const result = await locals.api.commissions.seances.list.query({
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    return {
      items: result.items,
      page,
      totalPages: result.hasMore ? page + 1 : page,
      canCreate: result.canCreate,
      created: url.searchParams.get('annulee') === '1' ? 'La séance a été annulée.' : null,
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};
