import { error, fail, redirect } from '@sveltejs/kit';
import { eurosToCents } from '@ensemblier/shared';
import { apiError, formError, formFailure, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette séance n’existe pas ou vous n’y avez pas accès.';

const DONE: Record<string, string> = {
  creee: 'La séance a été créée. Inscrivez les demandes à l’ordre du jour, puis convoquez les membres.',
  ordre: 'L’ordre du jour a été mis à jour.',
  retrait: 'La demande a été retirée de l’ordre du jour.',
  convoquee: 'Les membres ont été convoqués par courriel.',
  presence: 'La feuille de présence a été enregistrée.',
  ouvrir: 'La séance est ouverte.',
  clore: 'La séance est close : le procès-verbal a été enregistré.',
  decision: 'La décision a été enregistrée.',
  rectification: 'La décision rectificative a été enregistrée : elle doit être signée à son tour.',
  signature: 'Votre signature a été enregistrée.',
  notifiee: 'La décision a été notifiée : la lettre est enregistrée.',
  versement: 'Le versement a été enregistré.',
};

/**
 * A séance: agenda, attendance and live quorum, decisions and signatures. Presentation mode
 * (the default) shows no applicant's name: `?noms=1` shows them (audited by the API).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  const names = url.searchParams.get('noms') === '1';
  let seance;
  try {
    seance = await locals.api.commissions.seances.get.query({ seanceId: params.id, presentation: !names });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const done = url.searchParams.get('fait');
  return { seance, presentation: !names, done: done ? (DONE[done] ?? null) : null };
};

function back(params: { id: string }, url: URL, done: string, anchor = '') {
  const names = url.searchParams.get('noms') === '1' ? '&noms=1' : '';
  redirect(303, `/commissions/seances/${params.id}?fait=${done}${names}${anchor}`);
}

function failure(err: unknown, kind: string, values: Record<string, string>, url: URL, fields?: readonly string[]) {
  const info = apiError(err);
  if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
  return formFailure(err, values, { kind, url, fields });
}

const text = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

export const actions: Actions = {
  transition: async ({ locals, request, params, url }) => {
    const data = await request.formData();
    const action = text(data, 'action');
    if (action !== 'ouvrir' && action !== 'clore' && action !== 'annuler')
      return fail(400, { kind: 'seance', values: {}, errors: {}, message: 'Action inconnue.' });
    try {
      await locals.api.commissions.seances.transition.mutate({ seanceId: params.id, action });
    } catch (err) {
      return failure(err, 'seance', {}, url);
    }
    if (action === 'annuler') redirect(303, '/commissions/seances?annulee=1');
    back(params, url, action);
  },
  convene: async ({ locals, params, url }) => {
    try {
      await locals.api.commissions.seances.convene.mutate({ seanceId: params.id });
    } catch (err) {
      return failure(err, 'seance', {}, url);
    }
    back(params, url, 'convoquee');
  },
  agenda: async ({ locals, request, params, url }) => {
    const data = await request.formData();
    const demandeIds = data.getAll('demandeIds').filter((v): v is string => typeof v === 'string');
    if (demandeIds.length === 0)
      return formError(400, {}, { demandeIds: 'Cochez au moins une demande à inscrire.' }, { kind: 'agenda' });
    try {
      await locals.api.commissions.seances.addToAgenda.mutate({ seanceId: params.id, demandeIds });
    } catch (err) {
      return failure(err, 'agenda', {}, url, ['demandeIds']);
    }
    back(params, url, 'ordre', '#ordre-du-jour');
  },
  remove: async ({ locals, request, params, url }) => {
    const data = await request.formData();
    const values = { demandeId: text(data, 'demandeId'), motif: text(data, 'motif') };
    try {
      await locals.api.commissions.seances.removeFromAgenda.mutate({ seanceId: params.id, ...values });
    } catch (err) {
      return failure(err, `remove-${values.demandeId}`, values, url, ['motif']);
    }
    back(params, url, 'retrait', '#ordre-du-jour');
  },
  attendance: async ({ locals, request, params, url }) => {
    const data = await request.formData();
    const entries: {
      userId: string;
      status: 'present' | 'excuse' | 'absent' | 'represente';
      proxyHolderUserId: string | null;
    }[] = [];
    const values: Record<string, string> = {};
    for (const [key, value] of data) {
      if (typeof value !== 'string' || !key.startsWith('presence-')) continue;
      const userId = key.slice('presence-'.length);
      values[key] = value;
      if (!value) continue;
      const proxy = text(data, `pouvoir-${userId}`);
      values[`pouvoir-${userId}`] = proxy;
      entries.push({
        userId,
        status: value as 'present',
        proxyHolderUserId: value === 'represente' ? proxy || null : null,
      });
    }
    try {
      await locals.api.commissions.seances.attendance.mutate({ seanceId: params.id, entries });
    } catch (err) {
      return failure(err, 'attendance', values, url);
    }
    back(params, url, 'presence', '#presence');
  },
  decide: async ({ locals, request, params, url }) => {
    const data = await request.formData();
    const demandeId = text(data, 'demandeId');
    const values: Record<string, string> = {};
    for (const k of ['outcome', 'amount', 'form', 'creditorName', 'durationValue', 'durationUnit', 'motive'])
      values[k] = text(data, k);
    const votes: { voterUserId: string; choice: 'pour' | 'contre' | 'abstention' }[] = [];
    for (const [key, value] of data)
      if (key.startsWith('vote-') && (value === 'pour' || value === 'contre' || value === 'abstention')) {
        votes.push({ voterUserId: key.slice('vote-'.length), choice: value });
        values[key] = value;
      }
    // A correction of a signed decision is a new decision that references it.
    const correctsDecisionId = text(data, 'correctsDecisionId') || null;
    const kind = correctsDecisionId ? `correct-${correctsDecisionId}` : `decide-${demandeId}`;
    let amountGrantedCents: number | null = null;
    if (values.amount) {
      amountGrantedCents = eurosToCents(values.amount);
      if (amountGrantedCents === null)
        return formError(400, values, { amount: 'Indiquez un montant en euros, par exemple 150 ou 150,50.' }, { kind });
    }
    const durationValue = values.durationValue ? Number(values.durationValue) : null;
    if (values.durationValue && (!Number.isInteger(durationValue) || durationValue! <= 0))
      return formError(400, values, { durationValue: 'La durée est un nombre entier positif.' }, { kind });
    try {
      await locals.api.commissions.decisions.record.mutate({
        demandeId,
        seanceId: params.id,
        outcome: values.outcome as 'accord',
        amountGrantedCents,
        form: (values.form || null) as 'tiers' | null,
        creditorName: values.creditorName || null,
        duration: durationValue
          ? { value: durationValue, unit: (values.durationUnit || 'semaines') as 'semaines' }
          : null,
        motive: values.motive || null,
        votes,
        correctsDecisionId,
      });
    } catch (err) {
      return failure(err, kind, values, url, [
        'outcome',
        'amount',
        'form',
        'creditorName',
        'durationValue',
        'motive',
        'votes',
      ]);
    }
    back(params, url, correctsDecisionId ? 'rectification' : 'decision', `#demande-${demandeId}`);
  },
  sign: async ({ locals, request, params, url }) => {
    const data = await request.formData();
    const decisionId = text(data, 'decisionId');
    try {
      await locals.api.commissions.decisions.sign.mutate({ decisionId });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'FORBIDDEN')
        return fail(403, {
          kind: `sign-${decisionId}`,
          values: {},
          errors: {},
          message: 'Vous n’êtes pas habilité à signer les décisions de cette commission.',
        });
      return failure(err, `sign-${decisionId}`, {}, url);
    }
    back(params, url, 'signature');
  },
  pay: async ({ locals, request, params, url }) => {
    const data = await request.formData();
    const demandeId = text(data, 'demandeId');
    const values: Record<string, string> = {};
    for (const k of ['paidOn', 'amount', 'payee', 'payeeName', 'reference']) values[k] = text(data, k);
    const kind = `pay-${demandeId}`;
    const amountCents = eurosToCents(values.amount ?? '');
    if (amountCents === null)
      return formError(400, values, { amount: 'Indiquez un montant en euros, par exemple 150 ou 150,50.' }, { kind });
    try {
      await locals.api.commissions.decisions.pay.mutate({
        demandeId,
        paidOn: values.paidOn ?? '',
        amountCents,
        payee: (values.payee || 'personne') as 'personne',
        payeeName: values.payeeName ?? '',
        reference: values.reference || null,
      });
    } catch (err) {
      return failure(err, kind, values, url, ['paidOn', 'amount', 'payee', 'payeeName', 'reference']);
    }
    back(params, url, 'versement', `#demande-${demandeId}`);
  },
  notify: async ({ locals, request, params, url }) => {
    const data = await request.formData();
    const decisionId = text(data, 'decisionId');
    try {
      await locals.api.commissions.decisions.notify.mutate({ decisionId });
    } catch (err) {
      return failure(err, `sign-${decisionId}`, {}, url);
    }
    back(params, url, 'notifiee');
  },
};
