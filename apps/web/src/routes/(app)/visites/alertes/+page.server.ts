import { error, fail, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { Actions, PageServerLoad } from './$types';

const STATES = ['ouvertes', 'traitees', 'toutes'] as const;
type State = (typeof STATES)[number];

/** « Alertes »: the « situation préoccupante » alerts raised by visitors, and their follow-up (coordinators). */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'register.manage')) error(404, 'Cette page n’existe pas.');
  const etat = (STATES as readonly string[]).includes(url.searchParams.get('etat') ?? '')
    ? (url.searchParams.get('etat') as State)
    : 'ouvertes';
  let result;
  try {
    result = await locals.api.visits.alerts.list.query({ state: etat, page: Math.min(1000, pageParam(url)) });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, 'Cette page n’existe pas.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  return {
    etat,
    items: result.items,
    total: result.total,
    open: result.open,
    page: result.page,
    totalPages: totalPages(result.total, result.pageSize),
    done: url.searchParams.get('fait') === 'traitee',
  };
};

export const actions: Actions = {
  /** « Marquer comme traitée », with the note saying what was done. */
  traiter: async ({ locals, request, url }) => {
    const data = await request.formData();
    const visitId = String(data.get('visitId') ?? '');
    const note = String(data.get('note') ?? '');
    try {
      await locals.api.visits.alerts.handle.mutate({ visitId, note });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
        kind: visitId,
        values: { note },
        errors: info.fieldErrors.note ? { note: info.fieldErrors.note } : {},
        message: info.fieldErrors.note
          ? undefined
          : info.code === 'NOT_FOUND'
            ? 'Cette alerte est introuvable. Rechargez la page.'
            : info.message,
      });
    }
    const next = new URL(url);
    next.search = '';
    if (url.searchParams.get('etat')) next.searchParams.set('etat', url.searchParams.get('etat')!);
    next.searchParams.set('fait', 'traitee');
    redirect(303, `${next.pathname}${next.search}`);
  },
};
