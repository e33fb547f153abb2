import { fail, redirect } from '@sveltejs/kit';
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
import {
  applyRecipientOp,
  attachmentProblem,
  recipientServiceIds,
  TO_ROUTE_RECIPIENT,
} from '#lib/components/referrals/referrals.ts';
import { apiError, formError, loginUrl, readForm } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Api = App.Locals['api'];

/** A chosen service as the page shows it (null when it is gone or not visible). */
async function loadServices(api: Api, ids: readonly string[], url: URL) {
  const services = await Promise.all(
    ids.map(async (id) => {
      try {
        const s = await api.directory.service.get.query({ id });
        return {
          id: s.id,
          nom: s.nom,
          organisation: { id: s.organisation.id, name: s.organisation.name },
          thematiques: s.thematiques,
          acceptsReferrals: s.acceptsReferrals && s.status === 'active',
        };
      } catch (err) {
        if (apiError(err).code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
        return null;
      }
    }),
  );
  return services.filter((s) => s !== null);
}

/** Services accepting referrals that match `rq`, the chosen ones left out. */
async function searchServices(api: Api, rq: string, chosen: readonly string[]) {
  try {
    const found = await api.directory.search.query({ q: rq, acceptsReferrals: true, page: 1, pageSize: 10 });
    return found.items
      .filter((s) => !chosen.includes(s.id))
      .map((s) => ({ id: s.id, nom: s.nom, organisationName: s.organisation.name }));
  } catch {
    return [];
  }
}

/**
 * The new referral, on one page in four steps. The person is in the URL (`?personne=<id>`,
 * `?q=` a person search); the recipients start from the URL (`?service=<id>` repeatable, as
 * « Orienter vers ce service » links, `?router=1`) and then travel with the form: steps 2
 * to 4 are ONE form whose recipient buttons (add, remove, search, « à router ») post to
 * `?/recipients`, which answers with the new recipients and everything typed — nothing is
 * lost, with or without JavaScript (files excepted without JavaScript: the page says so).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  const params = url.searchParams;
  const personId = UUID.test(params.get('personne') ?? '') ? params.get('personne')! : null;
  const serviceIds = [...new Set(params.getAll('service').filter((s) => UUID.test(s)))].slice(0, 10);
  const toRoute = params.get('router') === '1';
  const q = (params.get('q') ?? '').trim().slice(0, 100);

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

  const services = await loadServices(locals.api, serviceIds, url);

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
  extra_: Record<string, unknown> = {},
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
  return fail(info.httpStatus >= 400 ? info.httpStatus : 400, { kind, values, errors, message, ...extra_ });
}

/** The content fields as typed (repeatable ones joined by commas), sent back with the page. */
async function readDraft(request: Request) {
  const { data, values } = await readForm(request, SEND_FIELDS);
  values.recipients = data.getAll('recipients').map(String).join(',');
  values.thematiques = data.getAll('thematiques').map(String).join(',');
  values.consent = data.get('consent') === '1' ? '1' : '';
  delete values.attachments;
  const files = data.getAll('attachments').filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
  return { data, values, files };
}

/** What the page needs to show the recipients of a posted form. */
async function recipientsState(api: Api, recipients: readonly string[], url: URL) {
  return {
    services: await loadServices(api, recipientServiceIds(recipients), url),
    toRoute: recipients.includes(TO_ROUTE_RECIPIENT),
  };
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

  /**
   * A recipient button of the form (add, remove, « à router », search): answers with the new
   * recipients and every field as typed. Files cannot come back to a file field: without
   * JavaScript they are counted so the page asks for them again (with JavaScript the browser
   * keeps them and does not send them here).
   */
  recipients: async ({ locals, request, url }) => {
    const { data, values, files } = await readDraft(request);
    const { recipients, change } = applyRecipientOp(
      data.getAll('recipients').map(String),
      String(data.get('op') ?? ''),
    );
    values.recipients = recipients.join(',');
    const rq =
      change.kind === 'search'
        ? String(data.get('rq') ?? '')
            .trim()
            .slice(0, 200)
        : '';
    const state = await recipientsState(locals.api, recipients, url);
    let removedName: string | null = null;
    if (change.kind === 'removed') {
      removedName =
        change.recipient === TO_ROUTE_RECIPIENT
          ? 'Le CCAS'
          : ((await loadServices(locals.api, recipientServiceIds([change.recipient]), url))[0]?.nom ?? null);
    }
    return {
      kind: 'draft',
      values,
      ...state,
      rq,
      serviceResults: rq ? await searchServices(locals.api, rq, recipientServiceIds(recipients)) : [],
      change: { kind: change.kind, recipient: 'recipient' in change ? change.recipient : null, removedName },
      filesDropped: files.length,
    };
  },

  /** Sends the referral (one per idempotency key: a double submit finds the first one). */
  send: async ({ locals, request, url }) => {
    const { data, values, files } = await readDraft(request);
    const posted = applyRecipientOp(data.getAll('recipients').map(String), '').recipients;
    // A failure comes back with the recipients of the form (they may differ from the URL's).
    const kept = async () => ({ ...(await recipientsState(locals.api, posted, url)), filesDropped: files.length });
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

    const problem = attachmentProblem(files);
    if (problem) return fail(400, { kind: 'send', values, errors: { attachments: problem }, ...(await kept()) });

    const consentGiven = values.consent === '1';
    if (consentGiven && !values.consentDate?.trim()) {
      return fail(400, {
        kind: 'send',
        values,
        errors: { consentDate: 'Indiquez la date à laquelle la personne a été informée.' },
        ...(await kept()),
      });
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
      return apiFailure(err, values, url, 'send', sendFieldOf, await kept());
    }
    redirect(303, `/orientations/${created.id}?fait=envoyee`);
  },
};
