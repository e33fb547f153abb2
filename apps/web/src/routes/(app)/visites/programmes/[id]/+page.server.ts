import { error, fail, redirect } from '@sveltejs/kit';
import { PROGRAMME_STATUSES, type ProgrammeStatus } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { programmeErrors, programmeFormValues, recurrenceOf, visitorIdsOf } from '../form.ts';
import { UUID } from '../programme-labels.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Ce programme de visites est introuvable.';

const DONE: Record<string, string> = {
  cree: 'Le programme est créé. Ses visiteurs voient la personne dans « Mes visites ».',
  modifie: 'Le programme est enregistré.',
  suspendue: 'Le programme est suspendu : les visiteurs ne voient plus la personne jusqu’à la reprise.',
  active: 'Le programme a repris : la prochaine visite est calculée depuis la dernière visite faite.',
  terminee: 'Le programme est terminé. Son historique est conservé.',
};

function notFoundOr(err: unknown, url: URL): never {
  const info = apiError(err);
  if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
  if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
  error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
}

/** One programme: details, visitors, the visits' history, and the coordinator's actions. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  if (!UUID.test(params.id)) error(404, NOT_FOUND);
  try {
    const detail = await locals.api.visits.programmes.get.query({ programmeId: params.id });
    const { visitors } = await locals.api.visits.programmes.candidates.query({});
    // A current visitor the candidates do not list (e.g. another organisation's agent) stays choosable.
    const all = [
      ...visitors,
      ...detail.programme.visitors
        .filter((v) => !visitors.some((c) => c.userId === v.userId))
        .map((v) => ({
          userId: v.userId,
          name: v.name,
          volunteer: false,
          organisation: 'Autre organisation',
          programmes: 0,
          visitsPerMonth: 0,
          overdue: 0,
        })),
    ];
    const done = url.searchParams.get('fait');
    return { ...detail, visitors: all, done: done ? (DONE[done] ?? null) : null };
  } catch (err) {
    notFoundOr(err, url);
  }
};

async function save(
  locals: App.Locals,
  url: URL,
  programmeId: string,
  kind: string,
  values: Record<string, string>,
  change: (current: { visitorUserIds: string[]; recurrence: string; status: ProgrammeStatus }) => {
    visitorUserIds: string[];
    recurrence: string;
    status: ProgrammeStatus;
  },
  done: string,
) {
  let next;
  try {
    const { programme } = await locals.api.visits.programmes.get.query({ programmeId });
    next = change({
      visitorUserIds: programme.visitors.map((v) => v.userId),
      recurrence: programme.recurrence,
      status: programme.status,
    });
    await locals.api.visits.programmes.update.mutate({
      programmeId,
      // The version the coordinator saw: a change made meanwhile answers CONFLICT.
      version: Number(values.version),
      visitorUserIds: next.visitorUserIds,
      recurrence: next.recurrence as never,
      status: next.status,
    });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    const { errors, extra } = programmeErrors(info.fieldErrors);
    delete errors.version;
    return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
      kind,
      values,
      errors,
      message: extra.length > 0 ? extra.join(' ') : Object.keys(errors).length > 0 ? undefined : info.message,
    });
  }
  redirect(303, `/visites/programmes/${programmeId}?fait=${done}`);
}

export const actions: Actions = {
  /** Suspend, resume or end: the visitors and the frequency stay as they are. */
  statut: async ({ locals, request, url, params }) => {
    const values = programmeFormValues(await request.formData());
    const status = values.status as ProgrammeStatus;
    if (!(PROGRAMME_STATUSES as readonly string[]).includes(status)) error(400, 'Action inconnue.');
    return save(locals, url, params.id, 'statut', values, (c) => ({ ...c, status }), status);
  },
  /** Change the visitors or the frequency: the state stays as it is. */
  modifier: async ({ locals, request, url, params }) => {
    const values = programmeFormValues(await request.formData());
    return save(
      locals,
      url,
      params.id,
      'modifier',
      values,
      (c) => ({ ...c, visitorUserIds: visitorIdsOf(values), recurrence: recurrenceOf(values) }),
      'modifie',
    );
  },
};
