import type { TransactionSql } from '@ensemblier/db';
import {
  budgetAddInput,
  budgetLineCategory,
  budgetRemoveInput,
  budgetTotals,
  budgetUpdateInput,
  canEditSituationCategory,
  canEditSituationField,
  canSeeSituationCategory,
  canSeeSituationField,
  CHARGE_TYPES,
  editableSituationCategories,
  HOUSEHOLD_RELATIONS,
  householdAddInput,
  householdRemoveInput,
  householdUpdateInput,
  personIdInput,
  RESSOURCE_TYPES,
  SITUATION_CONFLICT_MESSAGE,
  SITUATION_FIELDS,
  situationConsistencyErrors,
  situationUpdateInput,
  situationViewerRelation,
  visibleSituationCategories,
  type BudgetKind,
  type HouseholdRelation,
  type SituationCategory,
  type SituationField,
  type SituationValues,
  type SituationViewer,
} from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { canSeePerson } from '../access.ts';
import { groupOrganisationIds } from '../follow-up.ts';
import { consultationReason } from './get.ts';

/**
 * « Situation et foyer » (persons.situation.*): the 1:1 situation (person_situation, plus
 * person.preferred_contact), the household members and the monthly budget lines.
 *
 * Who reads and changes each field is decided by the shared rule (canSeeSituationField,
 * canEditSituationField in packages/shared/src/persons/situation.ts) from the actor's role and
 * relation to the file (creator, group member, CCAS, other partner). A person the actor cannot
 * see at all (volunteers, commission members, no access) → NOT_FOUND; a partner that sees the
 * person only through a referral → the read answers `access: 'aucun'` with the name it already
 * sees and no situation, its writes FORBIDDEN. Fields and lines the actor may not read never
 * leave the API (absent keys, lines filtered out, totals over the visible lines only).
 *
 * Every read writes one `person.situation.read` audit row (with the reason of the access);
 * every write an audit row naming the fields or the line kind (never the values). Writes use
 * the version the user saw (CONFLICT with a French message when someone else changed it) and
 * count as activity on the file (triggers of migration 0013).
 */

/** The columns of person_situation, by field (preferredContact lives on person). */
const COLUMNS: Record<Exclude<SituationField, 'preferredContact'>, string> = {
  situationFamiliale: 'situation_familiale',
  logementType: 'logement_type',
  logementStatut: 'logement_statut',
  bailleurNom: 'bailleur_nom',
  bailleurOrganisationId: 'bailleur_organisation_id',
  gir: 'gir',
  girEvaluatedOn: 'gir_evaluated_on',
  protectionMesure: 'protection_mesure',
  protectionMandataire: 'protection_mandataire',
  nationalite: 'nationalite',
  titreSejourType: 'titre_sejour_type',
  titreSejourFin: 'titre_sejour_fin',
  contactBestTimes: 'contact_best_times',
  contactNotes: 'contact_notes',
};

interface FileInfo {
  id: string;
  nom: string;
  prenom: string;
  preferredContact: string | null;
  createdByOrganisationId: string;
}

/** The person (NOT_FOUND when the actor cannot see them) and how the actor stands towards the file. */
async function situationViewer(
  ctx: TenantContext,
  personId: string,
): Promise<{ file: FileInfo; viewer: SituationViewer }> {
  if (!(await canSeePerson(ctx, personId))) notFound();
  const [p] = await ctx.tx<
    { id: string; nom: string; prenom: string; preferred_contact: string | null; created_by_organisation_id: string }[]
  >`SELECT id, nom, prenom, preferred_contact, created_by_organisation_id FROM person WHERE id = ${personId}`;
  if (!p) notFound();
  const [org] = await ctx.tx<{ type: string }[]>`SELECT type FROM organisation WHERE id = ${ctx.actor.organisationId}`;
  const group = await groupOrganisationIds(ctx.tx, personId);
  const relation = situationViewerRelation(
    { role: ctx.actor.role, organisationId: ctx.actor.organisationId, organisationType: org?.type ?? '' },
    { createdByOrganisationId: p.created_by_organisation_id },
    group,
  );
  return {
    file: {
      id: p.id,
      nom: p.nom,
      prenom: p.prenom,
      preferredContact: p.preferred_contact,
      createdByOrganisationId: p.created_by_organisation_id,
    },
    viewer: { role: ctx.actor.role, relation },
  };
}

/** For writes: the actor must edit the ordinary fields (then each category is checked). */
async function situationEditor(ctx: TenantContext, personId: string) {
  const v = await situationViewer(ctx, personId);
  if (!canEditSituationCategory(v.viewer, 'courant')) forbidden();
  return v;
}

interface SituationRow {
  situation_familiale: string | null;
  logement_type: string | null;
  logement_statut: string | null;
  bailleur_nom: string | null;
  bailleur_organisation_id: string | null;
  bailleur_organisation_name: string | null;
  gir: number | null;
  gir_evaluated_on: string | null;
  protection_mesure: string | null;
  protection_mandataire: string | null;
  nationalite: string | null;
  titre_sejour_type: string | null;
  titre_sejour_fin: string | null;
  contact_best_times: string | null;
  contact_notes: string | null;
  updated_at: Date;
  updated_by_name: string;
  updated_by_organisation_name: string;
  version: number;
}

async function loadSituation(tx: TransactionSql, personId: string): Promise<SituationRow | undefined> {
  const [row] = await tx<SituationRow[]>`
    SELECT s.situation_familiale, s.logement_type, s.logement_statut, s.bailleur_nom, s.bailleur_organisation_id,
      bo.name AS bailleur_organisation_name, s.gir, to_char(s.gir_evaluated_on, 'YYYY-MM-DD') AS gir_evaluated_on,
      s.protection_mesure, s.protection_mandataire, s.nationalite, s.titre_sejour_type,
      to_char(s.titre_sejour_fin, 'YYYY-MM-DD') AS titre_sejour_fin, s.contact_best_times, s.contact_notes,
      s.updated_at, u.name AS updated_by_name, o.name AS updated_by_organisation_name, s.version
    FROM person_situation s
    LEFT JOIN organisation bo ON bo.id = s.bailleur_organisation_id
    JOIN app_user u ON u.id = s.updated_by_user_id
    JOIN organisation o ON o.id = s.updated_by_organisation_id
    WHERE s.person_id = ${personId}`;
  return row;
}

function situationValues(row: SituationRow | undefined, preferredContact: string | null): SituationValues {
  const values = {} as Record<SituationField, string | number | null>;
  for (const [field, column] of Object.entries(COLUMNS))
    values[field as SituationField] = row ? (row[column as keyof SituationRow] as string | number | null) : null;
  values.preferredContact = preferredContact;
  return values as SituationValues;
}

/** The reasons an organisation sees only the referral's fields, for the page to explain. */
const NO_SITUATION = {
  access: 'aucun' as const,
  message:
    'Votre structure voit cette personne au titre d’une orientation : la situation et le foyer sont réservés à la structure qui a créé le dossier, aux structures du groupe de suivi et au CCAS.',
};

export const getSituation = authedProcedure.input(personIdInput).query(async ({ ctx, input }) => {
  const { file, viewer } = await situationViewer(ctx, input.personId);
  const reason = await consultationReason(ctx, file.id);
  const person = { id: file.id, nom: file.nom, prenom: file.prenom };
  if (!canSeeSituationCategory(viewer, 'courant')) {
    await ctx.audit({
      action: 'person.situation.read',
      objectType: 'person',
      objectId: file.id,
      personId: file.id,
      details: { ...reason, shown: false },
    });
    return { ...NO_SITUATION, person, relation: viewer.relation };
  }

  const row = await loadSituation(ctx.tx, file.id);
  const all = situationValues(row, file.preferredContact);
  const situation: Partial<SituationValues> = {};
  for (const field of SITUATION_FIELDS)
    if (canSeeSituationField(viewer, field)) (situation as Record<string, unknown>)[field] = all[field];

  const household = await ctx.tx<
    {
      id: string;
      relation: HouseholdRelation;
      prenom: string;
      nom: string | null;
      date_naissance: string | null;
      a_charge: boolean;
      version: number;
    }[]
  >`
    SELECT id, relation, prenom, nom, to_char(date_naissance, 'YYYY-MM-DD') AS date_naissance, a_charge, version
    FROM household_member WHERE person_id = ${file.id}
    ORDER BY array_position(${[...HOUSEHOLD_RELATIONS]}::text[], relation), date_naissance NULLS LAST, created_at, id`;
  const lines = await ctx.tx<
    {
      id: string;
      kind: BudgetKind;
      type: string;
      label: string | null;
      amount_cents: number;
      household_member_id: string | null;
      version: number;
    }[]
  >`
    SELECT id, kind, type, label, amount_cents, household_member_id, version
    FROM person_budget_line WHERE person_id = ${file.id}
    ORDER BY kind DESC, array_position(${[...RESSOURCE_TYPES, ...CHARGE_TYPES]}::text[], type), amount_cents DESC, id`;
  const budget = lines
    .map((l) => ({
      id: l.id,
      kind: l.kind,
      type: l.type,
      label: l.label,
      amountCents: l.amount_cents,
      memberId: l.household_member_id,
      category: budgetLineCategory({ kind: l.kind, type: l.type }),
      version: l.version,
    }))
    .filter((l) => canSeeSituationCategory(viewer, l.category));

  const editable = editableSituationCategories(viewer);
  const bailleurs =
    editable.length > 0
      ? await ctx.tx<{ id: string; name: string }[]>`
          SELECT id, name FROM organisation WHERE type = 'bailleur_social' AND status = 'active' ORDER BY name`
      : [];

  await ctx.audit({
    action: 'person.situation.read',
    objectType: 'person',
    objectId: file.id,
    personId: file.id,
    details: { ...reason, shown: true },
  });
  return {
    access: 'complet' as const,
    person,
    relation: viewer.relation,
    visibleCategories: visibleSituationCategories(viewer),
    editableCategories: editable,
    situation: {
      ...situation,
      bailleurOrganisationName:
        'bailleurOrganisationId' in situation ? (row?.bailleur_organisation_name ?? null) : undefined,
      version: row?.version ?? 0,
      updatedAt: row?.updated_at ?? null,
      updatedByName: row?.updated_by_name ?? null,
      updatedByOrganisationName: row?.updated_by_organisation_name ?? null,
    },
    household: household.map((m) => ({
      id: m.id,
      relation: m.relation,
      prenom: m.prenom,
      nom: m.nom,
      dateNaissance: m.date_naissance,
      aCharge: m.a_charge,
      version: m.version,
    })),
    budget,
    totals: budgetTotals(budget),
    /** True when some lines may exist that the viewer does not see (its totals leave them out). */
    sensitiveLinesHidden: !canSeeSituationCategory(viewer, 'dettes'),
    bailleurs,
  };
});

/**
 * Changes the fields present in the input (a section of the page); every other field keeps its
 * value. A field the actor may not edit → FORBIDDEN (the page never sends one).
 */
export const updateSituation = authedProcedure.input(situationUpdateInput).mutation(async ({ ctx, input }) => {
  const { file, viewer } = await situationEditor(ctx, input.personId);
  const changed = SITUATION_FIELDS.filter((f) => input[f] !== undefined);
  for (const f of changed) if (!canEditSituationField(viewer, f)) forbidden();
  if (changed.length === 0) fieldError('personId', 'Aucune information à enregistrer.');

  const row = await loadSituation(ctx.tx, file.id);
  if ((row?.version ?? 0) !== input.version) conflict(SITUATION_CONFLICT_MESSAGE);
  const next = situationValues(row, file.preferredContact);
  for (const f of changed) (next as Record<string, unknown>)[f] = input[f] ?? null;
  const [problem] = situationConsistencyErrors(next);
  if (problem) fieldError(problem.field, problem.message);
  if (input.bailleurOrganisationId) {
    const [o] = await ctx.tx`SELECT 1 FROM organisation WHERE id = ${input.bailleurOrganisationId}`;
    if (!o) fieldError('bailleurOrganisationId', 'Choisissez le bailleur dans la liste.');
  }

  const now = ctx.clock.now();
  const values: Record<string, unknown> = {
    updated_at: now,
    updated_by_user_id: ctx.actor.userId,
    updated_by_organisation_id: ctx.actor.organisationId,
  };
  for (const f of changed) if (f !== 'preferredContact') values[COLUMNS[f]] = next[f];
  if (!row) {
    const inserted = await ctx.tx`
      INSERT INTO person_situation ${ctx.tx({ territory_id: ctx.territoryId, person_id: file.id, created_at: now, ...values })}
      ON CONFLICT (territory_id, person_id) DO NOTHING RETURNING version`;
    if (inserted.length === 0) conflict(SITUATION_CONFLICT_MESSAGE);
  } else {
    const updated = await ctx.tx`
      UPDATE person_situation SET ${ctx.tx(values)}, version = version + 1
      WHERE person_id = ${file.id} AND version = ${input.version} RETURNING version`;
    if (updated.length === 0) conflict(SITUATION_CONFLICT_MESSAGE);
  }
  if (changed.includes('preferredContact') && next.preferredContact !== file.preferredContact) {
    // An edit of the file itself: its version moves (and with it its last activity, migration 0011).
    await ctx.tx`
      UPDATE person SET preferred_contact = ${next.preferredContact}, updated_at = ${now}, version = version + 1
      WHERE id = ${file.id}`;
  }
  await ctx.audit({
    action: 'person.situation.update',
    objectType: 'person',
    objectId: file.id,
    personId: file.id,
    details: { fields: changed },
  });
  return { version: input.version + 1 };
});

// ----------------------------------------------------------------------------------------
// Household members

export const addHouseholdMember = authedProcedure.input(householdAddInput).mutation(async ({ ctx, input }) => {
  const { file } = await situationEditor(ctx, input.personId);
  const now = ctx.clock.now();
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO household_member (territory_id, person_id, relation, prenom, nom, date_naissance, a_charge, created_at,
      updated_at, updated_by_user_id)
    VALUES (${ctx.territoryId}, ${file.id}, ${input.relation}, ${input.prenom}, ${input.nom}, ${input.dateNaissance},
      ${input.aCharge}, ${now}, ${now}, ${ctx.actor.userId})
    RETURNING id`;
  await ctx.audit({
    action: 'person.situation.household.add',
    objectType: 'household_member',
    objectId: row!.id,
    personId: file.id,
    details: { relation: input.relation },
  });
  return { id: row!.id, version: 1 };
});

/** NOT_FOUND when the row is not the person's; CONFLICT when its version moved. */
async function missingOrConflict(
  tx: TransactionSql,
  table: 'household_member' | 'person_budget_line',
  personId: string,
  id: string,
): Promise<never> {
  const [exists] = await tx`SELECT 1 FROM ${tx(table)} WHERE person_id = ${personId} AND id = ${id}`;
  if (!exists) notFound();
  conflict(SITUATION_CONFLICT_MESSAGE);
}

export const updateHouseholdMember = authedProcedure.input(householdUpdateInput).mutation(async ({ ctx, input }) => {
  const { file } = await situationEditor(ctx, input.personId);
  const rows = await ctx.tx`
    UPDATE household_member SET relation = ${input.relation}, prenom = ${input.prenom}, nom = ${input.nom},
      date_naissance = ${input.dateNaissance}, a_charge = ${input.aCharge}, updated_at = ${ctx.clock.now()},
      updated_by_user_id = ${ctx.actor.userId}, version = version + 1
    WHERE person_id = ${file.id} AND id = ${input.memberId} AND version = ${input.version}
    RETURNING version`;
  if (rows.length === 0) await missingOrConflict(ctx.tx, 'household_member', file.id, input.memberId);
  await ctx.audit({
    action: 'person.situation.household.update',
    objectType: 'household_member',
    objectId: input.memberId,
    personId: file.id,
    details: { relation: input.relation },
  });
  return { version: rows[0]!.version as number };
});

/** Removes a member; their budget lines stay with the household (no one named). */
export const removeHouseholdMember = authedProcedure.input(householdRemoveInput).mutation(async ({ ctx, input }) => {
  const { file } = await situationEditor(ctx, input.personId);
  const rows = await ctx.tx`
    DELETE FROM household_member WHERE person_id = ${file.id} AND id = ${input.memberId} AND version = ${input.version}
    RETURNING id`;
  if (rows.length === 0) await missingOrConflict(ctx.tx, 'household_member', file.id, input.memberId);
  await ctx.audit({
    action: 'person.situation.household.remove',
    objectType: 'household_member',
    objectId: input.memberId,
    personId: file.id,
  });
  return { removed: true };
});

// ----------------------------------------------------------------------------------------
// Budget lines

async function checkMember(tx: TransactionSql, personId: string, memberId: string | null) {
  if (!memberId) return;
  const [m] = await tx`SELECT 1 FROM household_member WHERE person_id = ${personId} AND id = ${memberId}`;
  if (!m) fieldError('memberId', 'Choisissez une personne du foyer dans la liste.');
}

function requireCategory(viewer: SituationViewer, category: SituationCategory) {
  if (!canEditSituationCategory(viewer, category)) forbidden();
}

export const addBudgetLine = authedProcedure.input(budgetAddInput).mutation(async ({ ctx, input }) => {
  const { file, viewer } = await situationEditor(ctx, input.personId);
  const category = budgetLineCategory({ kind: input.kind, type: input.type });
  requireCategory(viewer, category);
  await checkMember(ctx.tx, file.id, input.memberId);
  const now = ctx.clock.now();
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO person_budget_line (territory_id, person_id, household_member_id, kind, type, label, amount_cents,
      created_at, updated_at, updated_by_user_id)
    VALUES (${ctx.territoryId}, ${file.id}, ${input.memberId}, ${input.kind}, ${input.type}, ${input.label},
      ${input.amountCents}, ${now}, ${now}, ${ctx.actor.userId})
    RETURNING id`;
  await ctx.audit({
    action: 'person.situation.budget.add',
    objectType: 'person_budget_line',
    objectId: row!.id,
    personId: file.id,
    details: { kind: input.kind, sensitive: category !== 'courant' },
  });
  return { id: row!.id, version: 1 };
});

/** The line as the actor may see it (NOT_FOUND otherwise). */
async function visibleLine(ctx: TenantContext, viewer: SituationViewer, personId: string, lineId: string) {
  const [line] = await ctx.tx<{ kind: BudgetKind; type: string }[]>`
    SELECT kind, type FROM person_budget_line WHERE person_id = ${personId} AND id = ${lineId}`;
  if (!line) notFound();
  const category = budgetLineCategory(line);
  if (!canSeeSituationCategory(viewer, category)) notFound();
  return category;
}

export const updateBudgetLine = authedProcedure.input(budgetUpdateInput).mutation(async ({ ctx, input }) => {
  const { file, viewer } = await situationEditor(ctx, input.personId);
  requireCategory(viewer, await visibleLine(ctx, viewer, file.id, input.lineId));
  const category = budgetLineCategory({ kind: input.kind, type: input.type });
  requireCategory(viewer, category);
  await checkMember(ctx.tx, file.id, input.memberId);
  const rows = await ctx.tx`
    UPDATE person_budget_line SET household_member_id = ${input.memberId}, kind = ${input.kind}, type = ${input.type},
      label = ${input.label}, amount_cents = ${input.amountCents}, updated_at = ${ctx.clock.now()},
      updated_by_user_id = ${ctx.actor.userId}, version = version + 1
    WHERE person_id = ${file.id} AND id = ${input.lineId} AND version = ${input.version}
    RETURNING version`;
  if (rows.length === 0) await missingOrConflict(ctx.tx, 'person_budget_line', file.id, input.lineId);
  await ctx.audit({
    action: 'person.situation.budget.update',
    objectType: 'person_budget_line',
    objectId: input.lineId,
    personId: file.id,
    details: { kind: input.kind, sensitive: category !== 'courant' },
  });
  return { version: rows[0]!.version as number };
});

export const removeBudgetLine = authedProcedure.input(budgetRemoveInput).mutation(async ({ ctx, input }) => {
  const { file, viewer } = await situationEditor(ctx, input.personId);
  const category = await visibleLine(ctx, viewer, file.id, input.lineId);
  requireCategory(viewer, category);
  const rows = await ctx.tx`
    DELETE FROM person_budget_line WHERE person_id = ${file.id} AND id = ${input.lineId} AND version = ${input.version}
    RETURNING id`;
  if (rows.length === 0) await missingOrConflict(ctx.tx, 'person_budget_line', file.id, input.lineId);
  await ctx.audit({
    action: 'person.situation.budget.remove',
    objectType: 'person_budget_line',
    objectId: input.lineId,
    personId: file.id,
    details: { sensitive: category !== 'courant' },
  });
  return { removed: true };
});
