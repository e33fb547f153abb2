import { error, redirect } from '@sveltejs/kit';
import {
  can,
  centsToTyped,
  parseEuros,
  type BudgetKind,
  type HouseholdRelation,
  type SituationCategory,
} from '@ensemblier/shared';
import { apiError, formError, formFailure, loginUrl, readForm } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette personne n’existe pas ou vous n’avez pas accès à son dossier.';

/** The sections of the situation form, their fields (a section sends only its own). */
const SECTION_FIELDS = {
  famille: ['situationFamiliale', 'logementType', 'logementStatut', 'bailleurOrganisationId', 'bailleurNom'],
  sante: ['gir', 'girEvaluatedOn'],
  protection: ['protectionMesure', 'protectionMandataire'],
  sejour: ['nationalite', 'titreSejourType', 'titreSejourFin'],
  contact: ['preferredContact', 'contactBestTimes', 'contactNotes'],
} as const;
type Section = keyof typeof SECTION_FIELDS;

/** Messages after an action (the action redirects back with `?fait=…#anchor`). */
const DONE: Record<string, string> = {
  famille: 'La situation familiale et le logement sont enregistrés.',
  sante: 'L’évaluation de l’autonomie (GIR) est enregistrée.',
  protection: 'La mesure de protection est enregistrée.',
  sejour: 'Le droit au séjour est enregistré.',
  contact: 'Les préférences de contact sont enregistrées.',
  'membre-ajout': 'Le membre du foyer est ajouté.',
  'membre-modif': 'Le membre du foyer est modifié.',
  'membre-retrait': 'Le membre du foyer est retiré. Ses ressources et charges restent dans le budget du foyer.',
  'ligne-ajout': 'La ligne est ajoutée au budget.',
  'ligne-modif': 'La ligne du budget est modifiée.',
  'ligne-retrait': 'La ligne est retirée du budget.',
};

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'referral.use')) error(404, NOT_FOUND);
  let result;
  try {
    result = await locals.api.persons.situation.get.query({ personId: params.id });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const done = url.searchParams.get('fait');
  const base = {
    person: result.person,
    done: done ? (DONE[done] ?? null) : null,
  };
  if (result.access !== 'complet') return { ...base, access: 'aucun' as const, message: result.message };
  const s = result.situation as Record<string, unknown>;
  const text = (key: string) => (typeof s[key] === 'string' && s[key] !== '' ? (s[key] as string) : null);
  return {
    ...base,
    access: 'complet' as const,
    visible: result.visibleCategories as SituationCategory[],
    editable: result.editableCategories as SituationCategory[],
    /** The fields the viewer reads (a key absent from `situation` is not shown at all). */
    shown: Object.keys(s),
    situation: {
      situationFamiliale: text('situationFamiliale'),
      logementType: text('logementType'),
      logementStatut: text('logementStatut'),
      bailleurNom: text('bailleurNom'),
      bailleurOrganisationId: text('bailleurOrganisationId'),
      bailleurOrganisationName: text('bailleurOrganisationName'),
      gir: typeof s.gir === 'number' ? s.gir : null,
      girEvaluatedOn: text('girEvaluatedOn'),
      protectionMesure: text('protectionMesure'),
      protectionMandataire: text('protectionMandataire'),
      nationalite: text('nationalite'),
      titreSejourType: text('titreSejourType'),
      titreSejourFin: text('titreSejourFin'),
      preferredContact: text('preferredContact'),
      contactBestTimes: text('contactBestTimes'),
      contactNotes: text('contactNotes'),
      version: result.situation.version,
      updatedAt: result.situation.updatedAt as unknown as string | null,
      updatedByName: result.situation.updatedByName,
      updatedByOrganisationName: result.situation.updatedByOrganisationName,
    },
    household: result.household.map((m) => ({ ...m, relation: m.relation as HouseholdRelation })),
    budget: result.budget.map((l) => ({
      ...l,
      kind: l.kind as BudgetKind,
      category: l.category as SituationCategory,
      amountTyped: centsToTyped(l.amountCents),
    })),
    totals: result.totals,
    sensitiveLinesHidden: result.sensitiveLinesHidden,
    bailleurs: result.bailleurs,
  };
};

const MEMBER_FIELDS = ['relation', 'prenom', 'nom', 'dateNaissance', 'aCharge'] as const;
const LINE_FIELDS = ['kind', 'type', 'label', 'amount', 'memberId'] as const;

const version = (v: string | undefined) => {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
};

/** The API's NOT_FOUND on a write (the file is gone for the user) becomes the 404 page. */
function notFoundPage(err: unknown) {
  if (apiError(err).code === 'NOT_FOUND') error(404, NOT_FOUND);
}

export const actions: Actions = {
  section: async ({ locals, request, params, url }) => {
    const all = Object.values(SECTION_FIELDS).flat();
    const { data, values: typed } = await readForm(request, [...all, 'version']);
    const section = String(data.get('section') ?? '') as Section;
    const fields: readonly string[] | undefined = SECTION_FIELDS[section];
    if (!fields) error(400, 'Section inconnue.');
    const values: Record<string, string> = { version: typed.version ?? '' };
    for (const f of fields) values[f] = typed[f] ?? '';
    const input: Record<string, string> = {};
    for (const f of fields) input[f] = values[f] ?? '';
    try {
      await locals.api.persons.situation.update.mutate({
        personId: params.id,
        version: version(values.version),
        ...input,
      } as never);
    } catch (err) {
      notFoundPage(err);
      return formFailure(err, values, { kind: `section-${section}`, fields, url });
    }
    redirect(303, `/personnes/${params.id}/situation?fait=${section}#${section}`);
  },

  memberAdd: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, MEMBER_FIELDS);
    try {
      await locals.api.persons.situation.household.add.mutate({
        personId: params.id,
        relation: values.relation as HouseholdRelation,
        prenom: values.prenom ?? '',
        nom: values.nom || null,
        dateNaissance: values.dateNaissance || null,
        aCharge: values.aCharge === 'oui',
      } as never);
    } catch (err) {
      notFoundPage(err);
      return formFailure(err, values, { kind: 'member-add', fields: MEMBER_FIELDS, url });
    }
    redirect(303, `/personnes/${params.id}/situation?fait=membre-ajout#foyer`);
  },

  memberUpdate: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, [...MEMBER_FIELDS, 'memberId', 'version']);
    try {
      await locals.api.persons.situation.household.update.mutate({
        personId: params.id,
        memberId: values.memberId ?? '',
        version: version(values.version),
        relation: values.relation as HouseholdRelation,
        prenom: values.prenom ?? '',
        nom: values.nom || null,
        dateNaissance: values.dateNaissance || null,
        aCharge: values.aCharge === 'oui',
      } as never);
    } catch (err) {
      notFoundPage(err);
      return formFailure(err, values, { kind: 'member-edit', fields: MEMBER_FIELDS, url });
    }
    redirect(303, `/personnes/${params.id}/situation?fait=membre-modif#foyer`);
  },

  memberRemove: async ({ locals, request, params, url }) => {
    const { data, values } = await readForm(request, ['memberId', 'version']);
    // Without JavaScript, a second submission confirms (the dialog does it with JavaScript).
    if (data.get('confirm') !== '1') return formError(400, values, {}, { kind: 'member-remove-confirm' });
    try {
      await locals.api.persons.situation.household.remove.mutate({
        personId: params.id,
        memberId: values.memberId ?? '',
        version: version(values.version),
      });
    } catch (err) {
      notFoundPage(err);
      return formFailure(err, values, { kind: 'member-remove', url });
    }
    redirect(303, `/personnes/${params.id}/situation?fait=membre-retrait#foyer`);
  },

  lineAdd: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, LINE_FIELDS);
    const kind = values.kind === 'charge' ? 'charge' : 'ressource';
    const amount = parseEuros(values.amount ?? '');
    if ('error' in amount) return formError(400, values, { amount: amount.error }, { kind: `line-add-${kind}` });
    try {
      await locals.api.persons.situation.budget.add.mutate({
        personId: params.id,
        kind,
        type: values.type ?? '',
        label: values.label || null,
        amountCents: amount.cents,
        memberId: values.memberId || null,
      });
    } catch (err) {
      notFoundPage(err);
      return formFailure(err, values, {
        kind: `line-add-${kind}`,
        fields: LINE_FIELDS,
        fieldMap: { amountCents: 'amount' },
        url,
      });
    }
    redirect(303, `/personnes/${params.id}/situation?fait=ligne-ajout#budget`);
  },

  lineUpdate: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, [...LINE_FIELDS, 'lineId', 'version']);
    const kind = values.kind === 'charge' ? 'charge' : 'ressource';
    const amount = parseEuros(values.amount ?? '');
    if ('error' in amount) return formError(400, values, { amount: amount.error }, { kind: 'line-edit' });
    try {
      await locals.api.persons.situation.budget.update.mutate({
        personId: params.id,
        lineId: values.lineId ?? '',
        version: version(values.version),
        kind,
        type: values.type ?? '',
        label: values.label || null,
        amountCents: amount.cents,
        memberId: values.memberId || null,
      });
    } catch (err) {
      notFoundPage(err);
      return formFailure(err, values, {
        kind: 'line-edit',
        fields: LINE_FIELDS,
        fieldMap: { amountCents: 'amount' },
        url,
      });
    }
    redirect(303, `/personnes/${params.id}/situation?fait=ligne-modif#budget`);
  },

  lineRemove: async ({ locals, request, params, url }) => {
    const { data, values } = await readForm(request, ['lineId', 'version']);
    if (data.get('confirm') !== '1') return formError(400, values, {}, { kind: 'line-remove-confirm' });
    try {
      await locals.api.persons.situation.budget.remove.mutate({
        personId: params.id,
        lineId: values.lineId ?? '',
        version: version(values.version),
      });
    } catch (err) {
      notFoundPage(err);
      return formFailure(err, values, { kind: 'line-remove', url });
    }
    redirect(303, `/personnes/${params.id}/situation?fait=ligne-retrait#budget`);
  },
};
