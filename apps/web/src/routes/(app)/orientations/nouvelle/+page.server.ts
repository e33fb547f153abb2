import { redirect } from '@sveltejs/kit';
import { Buffer } from 'node:buffer';
import {
  CONSENT_KIND_LABELS,
  CONSENT_MODE_LABELS,
  PREFERRED_CONTACT_LABELS,
  URGENCY_LABELS,
  thematiquesByCategory,
  type RecipientInput,
} from '@ensemblier/shared';
import { communeProblem, resolveCommune } from '#lib/directory/lookup.server.ts';
import { attachmentProblem } from '#lib/components/referrals/referrals.ts';
import { apiError, formError, loginUrl, readForm } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The new referral, on one page in four steps whose state is in the URL (works without
 * JavaScript): `?personne=<id>` the person, `?service=<id>` (repeatable) and `?router=1` the
 * recipients, `?q=` a person search, `?rq=` a service search. Then one POST form for the
 * content and the person's information.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  const params = url.searchParams;
  const personId = UUID.test(params.get('personne') ?? '') ? params.get('personne')! : null;
  const serviceIds = [...new Set(params.getAll('service').filter((s) => UUID.test(s)))].slice(0, 10);
  const toRoute = params.get('router') === '1';
  const q = (params.get('q') ?? '').trim().slice(0, 100);
  const rq = (params.get('rq') ?? '').trim().slice(0, 200);

  let person = null;
  let personMissing = false;
  if (personId) {
    try {
      const p = await locals.api.persons.get.query({ personId });
      person = {
        id: p.person.id,
        nom: p.person.nom ?? '',
        prenom: p.person.prenom ?? '',
        dateNaissance: p.person.dateNaissance ?? null,
        communeName: p.person.communeName ?? null,
        objection: p.objectionAgainstMyOrganisation,
        consents: p.consents.map((c) => ({
          id: c.id,
          kind: c.kind,
          mode: c.mode,
          occurredOn: c.occurredOn,
          allOrganisations: c.allOrganisations,
          organisations: c.organisations,
          organisationIds: c.organisations.map((o) => o.id),
          thematiqueCategories: c.thematiqueCategories,
          recordedBy: c.recordedBy,
          recordedByOrganisation: c.recordedByOrganisation,
          recordedAt: c.recordedAt as unknown as string,
        })),
      };
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      personMissing = true;
    }
  }

  let personResults: {
    id: string;
    nom: string;
    prenom: string;
    dateNaissance: string | null;
    communeName: string | null;
  }[] = [];
  let personSearchError: string | null = null;
  if (!person && q) {
    if (q.length < 2) personSearchError = 'Tapez au moins 2 lettres du nom.';
    else {
      try {
        personResults = (await locals.api.persons.search.query({ query: q })).map((r) => ({
          id: r.id,
          nom: r.nom,
          prenom: r.prenom,
          dateNaissance: r.dateNaissance,
          communeName: r.communeName,
        }));
      } catch (err) {
        personSearchError = apiError(err).message;
      }
    }
  }

  const services = (
    await Promise.all(
      serviceIds.map(async (id) => {
        try {
          const s = await locals.api.directory.service.get.query({ id });
          return {
            id: s.id,
            nom: s.nom,
            organisation: { id: s.organisation.id, name: s.organisation.name },
            thematiques: s.thematiques,
            acceptsReferrals: s.acceptsReferrals && s.status === 'active',
          };
        } catch {
          return null;
        }
      }),
    )
  ).filter((s) => s !== null);

  let serviceResults: { id: string; nom: string; organisationName: string }[] = [];
  if (person && rq) {
    try {
      const found = await locals.api.directory.search.query({ q: rq, acceptsReferrals: true, page: 1, pageSize: 10 });
      serviceResults = found.items
        .filter((s) => !serviceIds.includes(s.id))
        .map((s) => ({ id: s.id, nom: s.nom, organisationName: s.organisation.name }));
    } catch {
      serviceResults = [];
    }
  }

  // A service chosen from the directory suggests its thématiques (when it has few).
  const serviceThematiques = [...new Set(services.flatMap((s) => s.thematiques))];
  return {
    person,
    personMissing,
    q,
    personResults,
    personSearchError,
    services,
    toRoute,
    rq,
    serviceResults,
    suggestedThematiques: serviceThematiques.length <= 3 ? serviceThematiques : [],
    idempotencyKey: crypto.randomUUID(),
    today: new Date().toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' }),
    options: {
      thematiques: thematiquesByCategory(),
      urgency: Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label })),
      consentModes: Object.entries(CONSENT_MODE_LABELS).map(([value, label]) => ({ value, label })),
      consentKinds: (['information', 'consentement'] as const).map((value) => ({
        value,
        label: CONSENT_KIND_LABELS[value],
      })),
      preferredContacts: Object.entries(PREFERRED_CONTACT_LABELS).map(([value, label]) => ({ value, label })),
    },
  };
};

const PERSON_FIELDS = [
  'nom',
  'prenom',
  'dateNaissance',
  'commune',
  'adresse',
  'telephone',
  'courriel',
  'preferredContact',
  'confirmNotDuplicate',
] as const;

const SEND_FIELDS = [
  'idempotencyKey',
  'personId',
  'recipients',
  'thematiques',
  'motif',
  'urgency',
  'dejaFait',
  'attendu',
  'consent',
  'consentKind',
  'consentMode',
  'consentDate',
  'attachments',
] as const;

/** API field keys → the form's fields (`consent.mode` → consentMode, `attachments.0.x` → attachments). */
function sendFieldOf(key: string): string | null {
  if (key === 'consent.mode') return 'consentMode';
  if (key === 'consent.occurredOn') return 'consentDate';
  if (key === 'consent.kind') return 'consentKind';
  const head = key.split('.')[0]!;
  if (head === 'consent') return 'consent';
  return (SEND_FIELDS as readonly string[]).includes(head) && head !== 'personId' && head !== 'idempotencyKey'
    ? head
    : null;
}

function apiFailure(
  err: unknown,
  values: Record<string, string>,
  url: URL,
  kind: string,
  fieldOf: (key: string) => string | null,
) {
  const info = apiError(err);
  if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
  const errors: Record<string, string> = {};
  const extra: string[] = [];
  for (const [key, message] of Object.entries(info.fieldErrors)) {
    const field = fieldOf(key);
    if (field) errors[field] ??= message;
    else extra.push(message);
  }
  const message = extra.length > 0 ? extra.join(' ') : Object.keys(errors).length > 0 ? undefined : info.message;
  return formError(info.httpStatus >= 400 ? info.httpStatus : 400, values, errors, { kind, message });
}

export const actions: Actions = {
  /** Creates the person's file (after the duplicate check), then comes back with it chosen. */
  createPerson: async ({ locals, request, url }) => {
    const { values } = await readForm(request, PERSON_FIELDS);
    const resolution = await resolveCommune(locals.api, values.commune ?? '');
    const problem = communeProblem(resolution);
    if (problem) return formError(400, values, { commune: problem }, { kind: 'person' });
    let result;
    try {
      result = await locals.api.persons.create.mutate({
        nom: values.nom ?? '',
        prenom: values.prenom ?? '',
        dateNaissance: values.dateNaissance || null,
        communeInsee: resolution.kind === 'found' ? resolution.commune.code : null,
        adresse: values.adresse || null,
        telephone: values.telephone || null,
        courriel: values.courriel || null,
        preferredContact: (values.preferredContact || null) as never,
        confirmNotDuplicate: values.confirmNotDuplicate === '1',
      });
    } catch (err) {
      return apiFailure(err, values, url, 'person', (key) =>
        key === 'communeInsee' ? 'commune' : (PERSON_FIELDS as readonly string[]).includes(key) ? key : null,
      );
    }
    if (!result.created) {
      return {
        kind: 'duplicates',
        values,
        duplicates: result.duplicates.map((d) => ({
          id: d.id,
          nom: d.nom,
          prenom: d.prenom,
          dateNaissance: d.dateNaissance,
          communeName: d.communeName,
        })),
      };
    }
    // The form posts to `?<current query>&/createPerson`: the recipients chosen stay in the URL.
    const next = new URL(url);
    for (const key of [...next.searchParams.keys()]) if (key.startsWith('/')) next.searchParams.delete(key);
    next.searchParams.delete('q');
    next.searchParams.set('personne', result.id);
    redirect(303, `${next.pathname}${next.search}`);
  },

  /** Sends the referral (one per idempotency key: a double submit finds the first one). */
  send: async ({ locals, request, url }) => {
    const { data, values } = await readForm(request, SEND_FIELDS);
    values.recipients = data.getAll('recipients').map(String).join(',');
    values.thematiques = data.getAll('thematiques').map(String).join(',');
    const recipients: RecipientInput[] = data
      .getAll('recipients')
      .map(String)
      .map((r): RecipientInput | null =>
        r === 'a-router'
          ? { kind: 'to_route' }
          : r.startsWith('service:')
            ? { kind: 'service', serviceId: r.slice(8) }
            : null,
      )
      .filter((r) => r !== null);

    const files = data
      .getAll('attachments')
      .filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
    const problem = attachmentProblem(files);
    if (problem) return formError(400, values, { attachments: problem }, { kind: 'send' });

    const consentGiven = data.get('consent') === '1';
    values.consent = consentGiven ? '1' : '';
    if (consentGiven && !values.consentDate?.trim()) {
      return formError(
        400,
        values,
        { consentDate: 'Indiquez la date à laquelle la personne a été informée.' },
        { kind: 'send' },
      );
    }
    let created: { id: string };
    try {
      created = await locals.api.referrals.create.mutate({
        idempotencyKey: values.idempotencyKey ?? '',
        personId: values.personId ?? '',
        recipients,
        thematiques: data.getAll('thematiques').map(String),
        motif: values.motif ?? '',
        urgency: values.urgency === 'urgente' ? 'urgente' : 'normale',
        dejaFait: values.dejaFait || null,
        attendu: values.attendu || null,
        consent: consentGiven
          ? {
              mode: (values.consentMode || undefined) as never,
              occurredOn: values.consentDate ?? '',
              kind: values.consentKind === 'consentement' ? 'consentement' : 'information',
              note: null,
            }
          : null,
        attachments: await Promise.all(
          files.map(async (f) => ({
            fileName: f.name,
            contentBase64: Buffer.from(await f.arrayBuffer()).toString('base64'),
          })),
        ),
        send: true,
      });
    } catch (err) {
      return apiFailure(err, values, url, 'send', sendFieldOf);
    }
    redirect(303, `/orientations/${created.id}?fait=envoyee`);
  },
};
