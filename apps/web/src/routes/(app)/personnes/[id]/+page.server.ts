import { error, redirect } from '@sveltejs/kit';
import {
  can,
  canWriteSensitive,
  type ConsentKind,
  type ConsentMode,
  type EntryVisibility,
  type FollowUpReason,
  type SensitiveCategory,
  type TimelineEntryType,
} from '@ensemblier/shared';
import { todayTyped } from '#lib/format.ts';
import { apiError, formError, formFailure, loginUrl, readForm } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { networkOrganisations } from './organisations.server.ts';
import { parisDateTime } from './follow-up.server.ts';
import { redirectIfMerged } from '../doublons/merged.server.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette personne n’existe pas ou vous n’avez pas accès à son dossier.';

/** Messages after recording an event (the action redirects back with `?fait=…`). */
const DONE: Record<string, string> = {
  information: 'L’information de la personne est enregistrée.',
  consentement: 'L’accord de la personne est enregistré.',
  'groupe-ajout': 'La structure est ajoutée au groupe de suivi.',
  'groupe-retrait': 'La structure est retirée du groupe de suivi : elle n’a plus accès au dossier.',
  referent: 'Le référent de la structure est enregistré.',
  entree: 'L’entrée est ajoutée au fil de suivi.',
  objection:
    'L’opposition de la personne est enregistrée. Les structures concernées ne peuvent plus recevoir d’orientation pour elle et n’ont plus accès à son dossier.',
  fusion:
    'Les deux dossiers sont fusionnés : tout l’historique du dossier en doublon est maintenant dans ce dossier. Le doublon n’est plus consultable.',
  fusionne: 'Le dossier demandé a été fusionné dans celui-ci par la coordination du CCAS.',
};

/** The consent form's fields (lists are sent back joined by commas). */
const CONSENT_FIELDS = [
  'kind',
  'mode',
  'occurredOn',
  'scope',
  'organisationIds',
  'thematiqueCategories',
  'note',
] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const me = requireFull(locals, url);
  const actor = actorOf(me);
  if (!can(actor, 'referral.use')) error(404, NOT_FOUND);
  let file;
  try {
    file = await locals.api.persons.get.query({ personId: params.id });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    // A file merged into another: its old links lead to the kept file (doublons/merged.server.ts).
    if (info.code === 'NOT_FOUND') await redirectIfMerged(locals.api, params.id);
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const organisations = await networkOrganisations(locals.api, {
    id: me.activeMembership.organisationId,
    name: me.activeMembership.organisationName,
  });
  const filPage = Math.min(1000, Math.max(1, Number.parseInt(url.searchParams.get('fil') ?? '1', 10) || 1));
  const [group, timeline] = await Promise.all([
    locals.api.persons.group.list.query({ personId: params.id }).catch((err: unknown) => {
      apiError(err);
      return null;
    }),
    locals.api.persons.timeline.list.query({ personId: params.id, page: filPage }).catch((err: unknown) => {
      apiError(err);
      return null;
    }),
  ]);
  const done = url.searchParams.get('fait');
  const p = file.person as Record<string, unknown> & { id: string };
  const text = (key: string) => (typeof p[key] === 'string' && p[key] !== '' ? (p[key] as string) : null);
  return {
    person: {
      id: p.id,
      nom: text('nom'),
      prenom: text('prenom'),
      nomNaissance: text('nomNaissance'),
      dateNaissance: text('dateNaissance'),
      communeName: text('communeName'),
      communeInsee: text('communeInsee'),
      adresse: text('adresse'),
      telephone: text('telephone'),
      courriel: text('courriel'),
      preferredContact: text('preferredContact'),
    },
    consents: file.consents.map((c) => ({
      id: c.id,
      kind: c.kind as ConsentKind,
      mode: c.mode as ConsentMode,
      occurredOn: c.occurredOn,
      allOrganisations: c.allOrganisations,
      organisations: c.organisations,
      thematiqueCategories: c.thematiqueCategories,
      note: c.note,
      recordedBy: c.recordedBy,
      recordedByOrganisation: c.recordedByOrganisation,
      recordedAt: c.recordedAt as unknown as string,
    })),
    referrals: file.referrals.map((r) => ({
      id: r.id,
      createdAt: r.createdAt as unknown as string,
      thematiques: r.thematiques,
      overallState: r.overallState as string,
      senderOrganisationName: r.senderOrganisationName,
    })),
    objectionAgainstMyOrganisation: file.objectionAgainstMyOrganisation,
    organisations,
    ownOrganisationId: me.activeMembership.organisationId,
    group: group
      ? {
          members: group.members.map((m) => ({
            organisationId: m.organisationId,
            organisationName: m.organisationName,
            referentName: m.referent?.name ?? null,
            referentUserId: m.referent?.userId ?? null,
            /** The viewer may name this member's référent (its own organisation, or the CCAS for any). */
            canSetReferent: m.canSetReferent,
            referentCandidates: m.referentCandidates,
            /** « Je suis le référent »: the viewer is one of the candidates and not already the référent. */
            selfCandidate:
              m.referentCandidates.some((c) => c.userId === me.user.id) && m.referent?.userId !== me.user.id,
            reason: m.reason as FollowUpReason,
            joinedAt: m.joinedAt as unknown as string,
          })),
          canManage: group.canManage,
          myOrganisationIsMember: group.myOrganisationIsMember,
        }
      : null,
    timeline: timeline
      ? {
          items: timeline.items.map((e) => ({
            id: e.id,
            type: e.type as TimelineEntryType,
            visibility: e.visibility as EntryVisibility,
            sensitiveCategory: e.sensitiveCategory as SensitiveCategory | null,
            title: e.title,
            body: e.body,
            occurredAt: e.occurredAt as unknown as string,
            authorOrganisationName: e.authorOrganisationName,
            authorName: e.authorName,
            mine: e.mine,
          })),
          total: timeline.total,
          page: timeline.page,
          totalPages: Math.max(1, Math.ceil(timeline.total / timeline.pageSize)),
        }
      : null,
    /** « Qui a consulté ce dossier »: the CCAS (coordinators), the territory admin and the file's référents (persons.consultations). */
    canSeeConsultations:
      actor.role === 'coordinator' ||
      can(actor, 'audit.read') ||
      (group?.members.some((m) => m.referent?.userId === me.user.id) ?? false),
    canWriteSensitive: canWriteSensitive(me.activeMembership.role as Parameters<typeof canWriteSensitive>[0]),
    today: todayTyped(),
    done: done ? (DONE[done] ?? null) : null,
  };
};

/** The timeline form's fields. */
const ENTRY_FIELDS = [
  'type',
  'visibility',
  'sensitiveCategory',
  'title',
  'body',
  'occurredOn',
  'occurredTime',
] as const;

export const actions: Actions = {
  entryAdd: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, ENTRY_FIELDS);
    const when = parisDateTime(values.occurredOn ?? '', values.occurredTime ?? '');
    if (when.error) return formError(400, values, { [when.field]: when.error }, { kind: 'entry' });
    try {
      await locals.api.persons.timeline.add.mutate({
        personId: params.id,
        type: values.type as TimelineEntryType,
        visibility: (values.visibility || undefined) as EntryVisibility | undefined,
        sensitiveCategory: (values.sensitiveCategory || null) as SensitiveCategory | null,
        title: values.title ?? '',
        body: values.body ?? '',
        occurredAt: when.date,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
      return formFailure(err, values, {
        kind: 'entry',
        fields: ENTRY_FIELDS,
        fieldMap: { occurredAt: 'occurredOn' },
        url,
      });
    }
    redirect(303, `/personnes/${params.id}?fait=entree#fil`);
  },
  groupAdd: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, ['organisationId']);
    if (!values.organisationId) {
      return formError(400, values, { organisationId: 'Choisissez une structure.' }, { kind: 'group-add' });
    }
    try {
      await locals.api.persons.group.add.mutate({ personId: params.id, organisationId: values.organisationId });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
      return formFailure(err, values, { kind: 'group-add', fields: ['organisationId'], url });
    }
    redirect(303, `/personnes/${params.id}?fait=groupe-ajout#groupe`);
  },
  groupRemove: async ({ locals, request, params, url }) => {
    const { data, values } = await readForm(request, ['organisationId']);
    // Removing ends the organisation's access: without JavaScript, a second submission confirms.
    if (data.get('confirm') !== '1') return formError(400, values, {}, { kind: 'group-remove-confirm' });
    try {
      await locals.api.persons.group.remove.mutate({
        personId: params.id,
        organisationId: values.organisationId ?? '',
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
      return formFailure(err, values, { kind: 'group-remove', url });
    }
    redirect(303, `/personnes/${params.id}?fait=groupe-retrait#groupe`);
  },
  groupReferent: async ({ locals, request, params, url }) => {
    const me = requireFull(locals, url);
    const { data, values } = await readForm(request, ['organisationId', 'referentUserId']);
    // « Je suis le référent »: the signed-in user names themself.
    const referentUserId = data.get('self') === '1' ? me.user.id : values.referentUserId || null;
    try {
      await locals.api.persons.group.setReferent.mutate({
        personId: params.id,
        organisationId: values.organisationId ?? '',
        referentUserId,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
      return formFailure(err, values, { kind: 'group-referent', fields: ['referentUserId'], url });
    }
    redirect(303, `/personnes/${params.id}?fait=referent#groupe`);
  },
  groupLeave: async ({ locals, request, params, url }) => {
    const { data } = await readForm(request, []);
    if (data.get('confirm') !== '1') return formError(400, {}, {}, { kind: 'group-leave-confirm' });
    try {
      await locals.api.persons.group.leave.mutate({ personId: params.id });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
      return formFailure(err, {}, { kind: 'group-leave', url });
    }
    // The organisation no longer sees the file.
    redirect(303, '/personnes?groupe=quitte');
  },
  consent: async ({ locals, request, params, url }) => {
    const { data, values } = await readForm(request, ['kind', 'mode', 'occurredOn', 'scope', 'note']);
    const organisationIds = data.getAll('organisationIds').filter((v): v is string => typeof v === 'string' && !!v);
    const thematiqueCategories = data
      .getAll('thematiqueCategories')
      .filter((v): v is string => typeof v === 'string' && !!v);
    const all = values.scope === 'toutes';
    const state = {
      ...values,
      organisationIds: organisationIds.join(','),
      thematiqueCategories: thematiqueCategories.join(','),
    };
    if (values.scope !== 'toutes' && values.scope !== 'choisies') {
      return formError(
        400,
        state,
        { scope: 'Indiquez si l’événement concerne toutes les structures du réseau ou certaines.' },
        { kind: 'consent' },
      );
    }
    // An objection is final for the organisations it covers: it needs an explicit confirmation
    // (the dialog with JavaScript, a second submission in the page without).
    if (values.kind === 'objection' && data.get('confirmObjection') !== '1') {
      return formError(400, state, {}, { kind: 'consent-confirm' });
    }
    try {
      await locals.api.persons.recordConsent.mutate({
        personId: params.id,
        kind: values.kind as ConsentKind,
        mode: values.mode as ConsentMode,
        occurredOn: values.occurredOn ?? '',
        allOrganisations: all,
        organisationIds: all ? [] : organisationIds,
        thematiqueCategories,
        note: values.note || null,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
      return formFailure(err, state, { kind: 'consent', fields: CONSENT_FIELDS, url });
    }
    redirect(303, `/personnes/${params.id}?fait=${values.kind}#historique`);
  },
};
