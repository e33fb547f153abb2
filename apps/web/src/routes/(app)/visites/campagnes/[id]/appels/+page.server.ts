import { error, fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { bucketOf, CALL_OUTCOMES, VISIT_NEEDS, type CallOutcome, type VisitNeed } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette liste d’appels est introuvable. Vous n’êtes peut-être pas appelant de cette campagne.';
const UUID = /^[0-9a-f-]{36}$/i;
const CALLS_PAGE_SIZE = 20;

/**
 * A caller's list for a campaign: only the persons assigned to them, only their logistics card.
 * Each call form carries a client id made here, at render: a form submitted twice (double tap,
 * « resend » after a lost answer) is stored once by the API.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  if (!UUID.test(params.id)) error(404, NOT_FOUND);
  const toutes = url.searchParams.get('liste') === 'toutes';
  let mine;
  try {
    mine = await locals.api.visits.campaigns.mine.query({ campaignId: params.id });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const shown = toutes ? mine.items : mine.items.filter((i) => bucketOf(i.status) !== 'reached');
  const page = Math.min(pageParam(url), totalPages(shown.length, CALLS_PAGE_SIZE));
  const items = shown
    .slice((page - 1) * CALLS_PAGE_SIZE, page * CALLS_PAGE_SIZE)
    .map((i) => ({ ...i, clientId: randomUUID() }));
  const done = url.searchParams.get('fait');
  const donePerson = done ? mine.items.find((i) => i.card.personId === done) : undefined;
  return {
    campaign: mine.campaign,
    total: mine.total,
    toReach: mine.toReach,
    toutes,
    items,
    shown: shown.length,
    page,
    totalPages: totalPages(shown.length, CALLS_PAGE_SIZE),
    done: donePerson ? `${donePerson.card.prenom} ${donePerson.card.nom.toUpperCase()}` : null,
  };
};

export const actions: Actions = {
  appel: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const text = (name: string) => (typeof data.get(name) === 'string' ? String(data.get(name)).trim() : '');
    const values: Record<string, string> = {
      personId: text('personId'),
      clientId: text('clientId'),
      outcome: text('outcome'),
      note: text('note'),
    };
    const needs = data.getAll('needs').filter((v): v is VisitNeed => (VISIT_NEEDS as readonly unknown[]).includes(v));
    values.needs = needs.join(',');
    try {
      await locals.api.visits.campaigns.logCall.mutate({
        clientId: values.clientId!,
        campaignId: params.id,
        personId: values.personId!,
        outcome: ((CALL_OUTCOMES as readonly string[]).includes(values.outcome!) ? values.outcome : '') as CallOutcome,
        occurredAt: new Date(),
        needs,
        note: values.note || null,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      const errors: Record<string, string> = {};
      const extra: string[] = [];
      for (const [key, message] of Object.entries(info.fieldErrors)) {
        const field = key.split('.')[0]!;
        if (['outcome', 'needs', 'note'].includes(field)) errors[field] ??= message;
        else extra.push(message);
      }
      const message =
        info.code === 'NOT_FOUND'
          ? 'Cette personne n’est plus sur votre liste (campagne close ou personne radiée). Prévenez votre coordinateur.'
          : extra.length > 0
            ? extra.join(' ')
            : Object.keys(errors).length > 0
              ? undefined
              : info.message;
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, { kind: values.personId, values, errors, message });
    }
    const next = new URLSearchParams(url.searchParams);
    next.delete('/appel');
    next.set('fait', values.personId!);
    redirect(303, `/visites/campagnes/${params.id}/appels?${next}`);
  },
};
