import { error, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { apiError, formFailure, loginUrl, readForm } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette page n’existe pas.';

/**
 * « Éliminations à décider » (?etat=decidees: the decisions taken). Without JavaScript,
 * `?decider=<id>&decision=approuver|refuser` shows the decision form (consequence, motive) on the
 * page; with it, the same links open a confirmation dialog.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'archives.read')) error(404, NOT_FOUND);
  const decided = url.searchParams.get('etat') === 'decidees';
  let result;
  try {
    result = await locals.api.archives.eliminations.list.query({
      page: pageParam(url),
      status: decided ? 'decided' : 'proposed',
    });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const decisionParam = url.searchParams.get('decision');
  const decidingId = url.searchParams.get('decider');
  const decidingItem = decided ? undefined : result.items.find((i) => i.id === decidingId);
  const done = url.searchParams.get('fait');
  return {
    decided,
    canDecide: can(actorOf(me), 'archives.eliminate'),
    items: result.items,
    total: result.total,
    page: result.page,
    totalPages: totalPages(result.total, result.pageSize),
    deciding:
      decidingItem && (decisionParam === 'approuver' || decisionParam === 'refuser')
        ? {
            id: decidingItem.id,
            decision: decisionParam as 'approuver' | 'refuser',
            name: `${decidingItem.nom} ${decidingItem.prenom}`,
          }
        : null,
    done: done === 'approuvee' || done === 'refusee' ? done : null,
  };
};

async function decide({ request, locals, url }: Parameters<Actions[string]>[0], kind: 'approve' | 'reject') {
  const { values } = await readForm(request, ['requestId', 'motive', 'name']);
  try {
    if (kind === 'approve')
      await locals.api.archives.eliminations.approve.mutate({ requestId: values.requestId!, motive: values.motive! });
    else await locals.api.archives.eliminations.reject.mutate({ requestId: values.requestId!, motive: values.motive! });
  } catch (err) {
    return formFailure(err, values, { kind, fields: ['motive'], url });
  }
  redirect(303, `/archives/eliminations?fait=${kind === 'approve' ? 'approuvee' : 'refusee'}`);
}

export const actions: Actions = {
  approve: (event) => decide(event, 'approve'),
  reject: (event) => decide(event, 'reject'),
};
