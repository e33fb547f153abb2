import { fail, redirect } from '@sveltejs/kit';
import { Buffer } from 'node:buffer';
import {
  OUTCOMES,
  REFERRAL_ACTIONS,
  REFUSAL_REASONS,
  type Outcome,
  type ReferralAction,
  type RefusalReason,
} from '@ensemblier/shared';
import { loadFailure } from '#lib/directory/lookup.server.ts';
import { attachmentProblem } from '#lib/components/referrals/referrals.ts';
import { apiError, formError, loginUrl, readForm } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette orientation n’existe pas ou vous n’y avez pas accès.';

/** Messages after an action (the action redirects here with `?fait=…`). */
const DONE: Record<string, string> = {
  envoyee: 'L’orientation a été envoyée. Le destinataire est prévenu ; vous serez averti de sa réponse.',
  accept: 'Vous avez accepté l’orientation. La structure qui l’a envoyée est prévenue.',
  refuse: 'Vous avez refusé l’orientation. La structure qui l’a envoyée est prévenue du motif.',
  cancel: 'L’orientation a été annulée. Le destinataire est prévenu.',
  start: 'L’accompagnement est commencé.',
  complete: 'L’orientation est clôturée. La structure qui l’a envoyée voit le résultat.',
  fail: 'L’orientation est clôturée en échec. La structure qui l’a envoyée est prévenue.',
  reorient: 'L’orientation a été transmise au nouveau destinataire, qui est prévenu.',
  message: 'Votre message a été envoyé.',
  pieces: 'Les pièces jointes ont été ajoutées.',
};

/** Actions that need a confirmation (they end something, or need a reason). */
const CONFIRMED: readonly ReferralAction[] = ['refuse', 'cancel', 'complete', 'fail', 'reorient'];

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  let r;
  try {
    r = await locals.api.referrals.get.query({ referralId: params.id });
  } catch (err) {
    loadFailure(err, url, NOT_FOUND);
  }

  // Routing help for a coordinator, on each task they may réorienter.
  const suggestions: Record<
    string,
    {
      serviceId: string;
      serviceName: string;
      organisationName: string;
      score: number;
      capacityStatus: string;
      acceptanceRate: number | null;
      medianResponseDays: number | null;
      pastReferrals: number;
      reasons: string[];
    }[]
  > = {};
  for (const t of r.tasks) {
    if (!t.allowedActions.includes('reorient')) continue;
    try {
      const list = await locals.api.referrals.suggestions.query({ taskId: t.id });
      suggestions[t.id] = list.map((s) => ({
        serviceId: s.serviceId,
        serviceName: s.serviceName,
        organisationName: s.organisationName,
        score: s.score,
        capacityStatus: s.capacityStatus,
        acceptanceRate: s.acceptanceRate,
        medianResponseDays: s.medianResponseDays,
        pastReferrals: s.pastReferrals,
        reasons: s.reasons,
      }));
    } catch {
      suggestions[t.id] = [];
    }
  }

  const done = url.searchParams.get('fait');
  const agir = url.searchParams.get('agir') as ReferralAction | null;
  const tache = url.searchParams.get('tache');
  const iso = (d: unknown) => (d ? String(d instanceof Date ? d.toISOString() : d) : null);
  return {
    referral: {
      ...r.referral,
      createdAt: iso(r.referral.createdAt)!,
      sentAt: iso(r.referral.sentAt),
    },
    person: {
      id: r.person.id,
      fields: r.person.fields as Record<string, string | null>,
      sharedFields: r.person.sharedFields as string[],
      communeName: r.person.communeName,
      objection: r.person.objection,
    },
    tasks: r.tasks.map((t) => ({
      ...t,
      sentAt: iso(t.sentAt),
      answeredAt: iso(t.answeredAt),
      closedAt: iso(t.closedAt),
      messages: t.messages.map((m) => ({ ...m, createdAt: iso(m.createdAt)! })),
    })),
    events: r.events.map((e) => ({ ...e, at: iso(e.at)! })),
    attachments: r.attachments.map((a) => ({ ...a, createdAt: iso(a.createdAt)! })),
    viewer: r.viewer,
    suggestions,
    done: done ? (DONE[done] ?? null) : null,
    // Without JavaScript, a confirmation opens as a section of the page (`?agir=refuse&tache=…`).
    inlineAction:
      agir &&
      CONFIRMED.includes(agir) &&
      r.tasks.some((t) => t.id === tache && (t.allowedActions as string[]).includes(agir))
        ? { action: agir, taskId: tache! }
        : null,
  };
};

const TRANSITION_FIELDS = [
  'taskId',
  'version',
  'action',
  'reason',
  'outcome',
  'message',
  'targetServiceId',
  'rs',
] as const;

type Api = App.Locals['api'];

/** The directory search of a réorientation (`rs`): services accepting referrals. */
async function searchTargets(api: Api, q: string) {
  if (!q) return { q, results: [] };
  try {
    const found = await api.directory.search.query({ q, acceptsReferrals: true, page: 1, pageSize: 10 });
    return {
      q,
      results: found.items.map((s) => ({ id: s.id, nom: s.nom, organisationName: s.organisation.name })),
    };
  } catch {
    return { q, results: [] };
  }
}

/** A failed transition: a conflict reloads the fresh state; field errors stay next to the fields. */
function transitionFailure(
  err: unknown,
  values: Record<string, string>,
  url: URL,
  extraState: Record<string, unknown> = {},
) {
  const info = apiError(err);
  if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
  if (info.code === 'CONFLICT') {
    return fail(409, {
      kind: 'transition',
      conflict: true,
      values: {},
      errors: {},
      message: `${info.message} La page montre maintenant l’état à jour : vérifiez-le avant d’agir de nouveau.`,
    });
  }
  const errors: Record<string, string> = {};
  const extra: string[] = [];
  for (const [key, message] of Object.entries(info.fieldErrors)) {
    if ((TRANSITION_FIELDS as readonly string[]).includes(key) && !['taskId', 'version', 'action'].includes(key))
      errors[key] ??= message;
    else extra.push(message);
  }
  const message = extra.length > 0 ? extra.join(' ') : Object.keys(errors).length > 0 ? undefined : info.message;
  return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
    kind: 'transition',
    values,
    errors,
    message,
    ...extraState,
  });
}

export const actions: Actions = {
  transition: async ({ locals, request, url, params }) => {
    const { values } = await readForm(request, TRANSITION_FIELDS);
    const action = values.action as ReferralAction;
    if (!REFERRAL_ACTIONS.includes(action))
      return formError(400, values, {}, { kind: 'transition', message: 'Action inconnue.' });
    // Required fields are checked here too, so the dialog answers at once in plain words.
    const errors: Record<string, string> = {};
    if (action === 'refuse' && !values.reason) errors.reason = 'Choisissez le motif du refus.';
    if (action === 'complete' && !values.outcome) errors.outcome = 'Choisissez le résultat de l’accompagnement.';
    if (action === 'reorient' && !values.targetServiceId) errors.targetServiceId = 'Choisissez le service.';
    if (['refuse', 'cancel', 'fail', 'reorient'].includes(action) && !values.message?.trim())
      errors.message = 'Écrivez un message : il sera transmis avec votre décision.';
    // A réorientation comes back with its directory search, so the service found stays listed.
    const search =
      action === 'reorient' && values.rs?.trim() ? { search: await searchTargets(locals.api, values.rs.trim()) } : {};
    if (Object.keys(errors).length > 0) return fail(400, { kind: 'transition', values, errors, ...search });
    try {
      await locals.api.referrals.transition.mutate({
        taskId: values.taskId ?? '',
        version: Number(values.version),
        action,
        reason: REFUSAL_REASONS.includes(values.reason as RefusalReason) ? (values.reason as RefusalReason) : null,
        outcome: OUTCOMES.includes(values.outcome as Outcome) ? (values.outcome as Outcome) : null,
        message: values.message || null,
        targetServiceId: values.targetServiceId || null,
      });
    } catch (err) {
      return transitionFailure(err, values, url, search);
    }
    redirect(303, `/orientations/${params.id}?fait=${action}`);
  },

  /**
   * The search button of the réorientation without JavaScript: answers with the services
   * found and everything typed (the chosen service, the message); nothing is changed.
   */
  reorientSearch: async ({ locals, request }) => {
    const { values } = await readForm(request, TRANSITION_FIELDS);
    return {
      kind: 'transition',
      values,
      errors: {},
      search: await searchTargets(locals.api, (values.rs ?? '').trim().slice(0, 200)),
    };
  },

  /** One click from a routing suggestion: réorienter to that service with a standard message. */
  route: async ({ locals, request, url, params }) => {
    const { values } = await readForm(request, ['taskId', 'version', 'serviceId']);
    try {
      await locals.api.referrals.transition.mutate({
        taskId: values.taskId ?? '',
        version: Number(values.version),
        action: 'reorient',
        targetServiceId: values.serviceId ?? '',
        message: 'Orientation transmise par le CCAS.',
      });
    } catch (err) {
      return transitionFailure(err, values, url);
    }
    redirect(303, `/orientations/${params.id}?fait=reorient`);
  },

  message: async ({ locals, request, url, params }) => {
    const { values } = await readForm(request, ['taskId', 'body']);
    try {
      await locals.api.referrals.postMessage.mutate({ taskId: values.taskId ?? '', body: values.body ?? '' });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      return formError(
        info.httpStatus >= 400 ? info.httpStatus : 400,
        values,
        info.fieldErrors.body ? { body: info.fieldErrors.body } : {},
        { kind: `message:${values.taskId}`, message: info.fieldErrors.body ? undefined : info.message },
      );
    }
    redirect(303, `/orientations/${params.id}?fait=message#fil-${values.taskId}`);
  },

  attachments: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const files = data
      .getAll('attachments')
      .filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
    if (files.length === 0)
      return formError(400, {}, { attachments: 'Choisissez un fichier.' }, { kind: 'attachments' });
    const problem = attachmentProblem(files);
    if (problem) return formError(400, {}, { attachments: problem }, { kind: 'attachments' });
    try {
      await locals.api.referrals.addAttachments.mutate({
        referralId: params.id,
        attachments: await Promise.all(
          files.map(async (f) => ({
            fileName: f.name,
            contentBase64: Buffer.from(await f.arrayBuffer()).toString('base64'),
          })),
        ),
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      const message = Object.values(info.fieldErrors)[0] ?? info.message;
      return formError(
        info.httpStatus >= 400 ? info.httpStatus : 400,
        {},
        { attachments: message },
        { kind: 'attachments' },
      );
    }
    redirect(303, `/orientations/${params.id}?fait=pieces#pieces`);
  },
};
