import { error, fail, redirect } from '@sveltejs/kit';
import { CALL_STATUSES, PROGRESS_BUCKETS } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette campagne est introuvable.';
const FILTERS = [...PROGRESS_BUCKETS, ...CALL_STATUSES] as const;
type Filter = (typeof FILTERS)[number];
const UUID = /^[0-9a-f-]{36}$/i;

const DONE: Record<string, string> = {
  lancee: 'La campagne est lancée : chaque appelant trouve sa liste dans « Visites », « Campagnes ».',
  close: 'La campagne est close : plus aucun appel ne peut être noté, plus personne n’est signalé.',
};

/** The live board of a campaign (coordinators); filters in the URL (GET form). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  if (!UUID.test(params.id)) error(404, NOT_FOUND);
  const q = url.searchParams;
  const statut = (FILTERS as readonly string[]).includes(q.get('statut') ?? '') ? (q.get('statut') as Filter) : '';
  const appelant = UUID.test(q.get('appelant') ?? '') ? q.get('appelant')! : '';
  try {
    const board = await locals.api.visits.campaigns.board.query({
      campaignId: params.id,
      ...(statut ? { status: statut } : {}),
      ...(appelant ? { callerUserId: appelant } : {}),
      page: Math.min(1000, pageParam(url)),
    });
    const done = q.get('fait');
    return {
      board,
      filters: { statut, appelant },
      filtered: !!statut || !!appelant,
      totalPages: totalPages(board.total, board.pageSize),
      done: done ? (DONE[done] ?? null) : null,
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

export const actions: Actions = {
  cloturer: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const version = Number(data.get('version'));
    try {
      await locals.api.visits.campaigns.close.mutate({ campaignId: params.id, version });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
        kind: 'cloturer',
        values: {},
        errors: {},
        message: info.message,
      });
    }
    redirect(303, `/visites/campagnes/${params.id}?fait=close`);
  },
};
