import { error, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { PageServerLoad } from './$types';

/**
 * Campaigns (issue 7). A coordinator sees every campaign with its progress, the statistics'
 * CSV and « Lancer une campagne »; anyone else sees the open campaigns they call in.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  const coordinator = can(actorOf(me), 'register.manage');
  try {
    const mine = await locals.api.visits.campaigns.myCampaigns.query();
    if (!coordinator) return { coordinator, mine, campaigns: null };
    const list = await locals.api.visits.campaigns.list.query({ page: Math.min(1000, pageParam(url)) });
    return {
      coordinator,
      mine,
      campaigns: { ...list, totalPages: totalPages(list.total, list.pageSize) },
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, 'Cette page n’existe pas.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};
