import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  AID_KINDS,
  AID_KIND_VALUES,
  attachmentUpload,
  createDemandeInput,
  DEMANDE_ACTION_LABELS,
  DEMANDE_EDITABLE_STATES,
  DEMANDE_STATE_LABELS,
  DEMANDE_TRANSITIONS,
  demandeAllowedActions,
  demandeIdInput,
  demandeLineFromSituation,
  demandeListInput,
  demandeNextState,
  demandeRelationFromSituation,
  demandeTransitionInput,
  PIECE_KINDS,
  PIECE_KIND_LABELS,
  updateDemandeInput,
  type AidKind,
  type DemandeAction,
  type DemandeState,
  type PieceKind,
} from '@ensemblier/shared';
import { idSchema } from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { canSeePerson } from '../../persons/access.ts';
import { checkUploads, pathOf, readAttachment, withFileCleanup } from '../../referrals/files.ts';
import { loadCommissionType } from './config.ts';
import {
  canInstruct,
  computeFigures,
  demandeParts,
  relationsTo,
  visibleDemande,
  type DemandeRow,
} from './demande-common.ts';

/**
 * Demandes d'aide (commissions.demandes.*), the instruction part: prefilled from the person's
 * file (household, budget lines mapped by the shared functions), created by a professional who
 * sees the person, edited while in instruction, moved only through the shared state machine
 * (completer, rouvrir_instruction, classer_sans_suite here; the agenda and decisions are the
 * séance procedures'). The figures are computeDemandeBudget's with the commission type's
 * barème; they are stored when the demande becomes complete. Every read and write is audited
 * with the person.
 */

/** The actions of the instruction (the others belong to the séance and decision procedures). */
export const INSTRUCTION_ACTIONS: readonly DemandeAction[] = ['completer', 'rouvrir_instruction', 'classer_sans_suite'];

type Household = z.infer<typeof createDemandeInput>['household'];
type Lines = z.infer<typeof createDemandeInput>['lines'];
type Pieces = z.infer<typeof createDemandeInput>['pieces'];

async function nextNumero(ctx: TenantContext, year: number): Promise<string> {
  const [row] = await ctx.tx<{ value: number }[]>`
    INSERT INTO commission_counter (territory_id, kind, year, value) VALUES (${ctx.territoryId}, 'demande', ${year}, 1)
    ON CONFLICT (territory_id, kind, year) DO UPDATE SET value = commission_counter.value + 1
    RETURNING value`;
  return `${year}-${String(row!.value).padStart(4, '0')}`;
}

async function writeHousehold(ctx: TenantContext, demandeId: string, household: Household, personId: string) {
  await ctx.tx`DELETE FROM demande_household_member WHERE demande_id = ${demandeId}`;
  // The demandeur's name from the file (letters, redaction of the presentation mode); the other
  // members are counted by age, their names are not needed by the commission.
  const [person] = await ctx.tx<
    { nom: string; prenom: string }[]
  >`SELECT nom, prenom FROM person WHERE id = ${personId}`;
  for (const [i, m] of household.entries()) {
    const prenom = m.relation === 'demandeur' ? (person?.prenom ?? null) : null;
    const nom = m.relation === 'demandeur' ? (person?.nom ?? null) : null;
    await ctx.tx`INSERT INTO demande_household_member (territory_id, demande_id, position, relation, prenom, nom,
        birth_date, age, a_charge, handicap)
      VALUES (${ctx.territoryId}, ${demandeId}, ${i}, ${m.relation}, ${prenom}, ${nom}, ${m.birthDate}, ${m.age},
        ${m.aCharge}, ${m.handicap})`;
  }
}

async function writeLines(ctx: TenantContext, demandeId: string, lines: Lines) {
  await ctx.tx`DELETE FROM demande_line WHERE demande_id = ${demandeId}`;
  for (const [i, l] of lines.entries())
    await ctx.tx`INSERT INTO demande_line (territory_id, demande_id, position, kind, type, label, amount_cents)
      VALUES (${ctx.territoryId}, ${demandeId}, ${i}, ${l.kind}, ${l.type}, ${l.label}, ${l.amountCents})`;
}

async function writePieces(ctx: TenantContext, demandeId: string, pieces: Pieces) {
  const attachmentIds = pieces.flatMap((p) => (p.attachmentId ? [p.attachmentId] : []));
  if (attachmentIds.length > 0) {
    const found = await ctx.tx<{ id: string }[]>`SELECT id FROM demande_attachment
      WHERE demande_id = ${demandeId} AND id = ANY(${attachmentIds}::uuid[])`;
    pieces.forEach((p, i) => {
      if (p.attachmentId && !found.some((f) => f.id === p.attachmentId))
        fieldError(`pieces.${i}.attachmentId`, 'Ce fichier n’appartient pas à cette demande.');
    });
  }
  await ctx.tx`DELETE FROM demande_piece WHERE demande_id = ${demandeId}`;
  for (const [i, p] of pieces.entries())
    await ctx.tx`INSERT INTO demande_piece (territory_id, demande_id, position, kind, status, attachment_id, note)
      VALUES (${ctx.territoryId}, ${demandeId}, ${i}, ${p.kind}, ${p.status}, ${p.attachmentId}, ${p.note})`;
}

/** The default checklist of a new demande (the instructing worker marks each piece). */
function defaultPieces(aidKind: AidKind): Pieces {
  const kinds: PieceKind[] = ['piece_identite', 'justificatif_domicile', 'justificatifs_ressources', 'avis_imposition'];
  if ((AID_KINDS[aidKind].forms as readonly string[]).includes('tiers')) kinds.push('facture_impayee', 'rib_creancier');
  return kinds.map((kind) => ({ kind, status: 'manquante' as const, attachmentId: null, note: null }));
}

/** What the form proposes for a person: household and budget from the file, the commission types. */
export const prefillDemande = authedProcedure.input(z.object({ personId: idSchema })).query(async ({ ctx, input }) => {
  if (!canInstruct(ctx) || !(await canSeePerson(ctx, input.personId))) notFound();
  const [person] = await ctx.tx<{ id: string; nom: string; prenom: string; date_naissance: string | null }[]>`
      SELECT id, nom, prenom, to_char(date_naissance, 'YYYY-MM-DD') AS date_naissance FROM person
      WHERE id = ${input.personId}`;
  if (!person) notFound();
  const members = await ctx.tx<
    {
      id: string;
      relation: string;
      prenom: string;
      nom: string | null;
      date_naissance: string | null;
      a_charge: boolean;
    }[]
  >`SELECT id, relation, prenom, nom, to_char(date_naissance, 'YYYY-MM-DD') AS date_naissance, a_charge
      FROM household_member WHERE person_id = ${person.id}
      ORDER BY date_naissance NULLS LAST, created_at, id`;
  const lines = await ctx.tx<
    { kind: 'ressource' | 'charge'; type: string; label: string | null; amount_cents: number }[]
  >`
      SELECT kind, type, label, amount_cents FROM person_budget_line WHERE person_id = ${person.id}
      ORDER BY kind DESC, created_at, id`;
  const types = await ctx.tx<{ id: string; name: string; aid_kinds: AidKind[] }[]>`
      SELECT id, name, aid_kinds FROM commission_type WHERE archived_at IS NULL ORDER BY name, id`;
  const referrals = await ctx.tx<{ id: string; motif: string; created_at: Date }[]>`
      SELECT r.id, r.motif, r.created_at FROM referral r WHERE r.person_id = ${person.id}
        AND (${ctx.actor.role === 'coordinator'}::boolean OR r.sender_organisation_id = ${ctx.actor.organisationId}
          OR EXISTS (SELECT 1 FROM referral_task t WHERE t.referral_id = r.id
            AND t.recipient_organisation_id = ${ctx.actor.organisationId}))
      ORDER BY r.created_at DESC LIMIT 20`;
  await ctx.audit({
    action: 'demande.prefill',
    objectType: 'person',
    objectId: person.id,
    personId: person.id,
    details: { householdMembers: members.length, lines: lines.length },
  });
  return {
    person: { id: person.id, nom: person.nom, prenom: person.prenom },
    household: [
      {
        relation: 'demandeur' as const,
        personId: null,
        householdMemberId: null,
        name: `${person.prenom} ${person.nom}`,
        birthDate: person.date_naissance,
        aCharge: null,
      },
      ...members.map((m) => ({
        relation: demandeRelationFromSituation(m.relation),
        personId: null,
        householdMemberId: m.id,
        name: [m.prenom, m.nom].filter(Boolean).join(' '),
        birthDate: m.date_naissance,
        aCharge: m.relation === 'enfant' ? null : m.a_charge || null,
      })),
    ],
    lines: lines.map((l) => ({
      ...demandeLineFromSituation({ kind: l.kind, type: l.type, amountCents: l.amount_cents }),
      label: l.label,
    })),
    commissionTypes: types.map((t) => ({ id: t.id, name: t.name, aidKinds: t.aid_kinds })),
    referrals: referrals.map((r) => ({ id: r.id, motif: r.motif, createdAt: r.created_at.toISOString() })),
  };
});

export const createDemande = authedProcedure.input(createDemandeInput).mutation(async ({ ctx, input }) => {
  if (!canInstruct(ctx) || !(await canSeePerson(ctx, input.personId))) notFound();
  const type = await loadCommissionType(ctx, input.commissionTypeId);
  if (!type || type.archived_at) fieldError('commissionTypeId', 'Choisissez une commission en activité.');
  if (!type.aid_kinds.includes(input.aidKind))
    fieldError(
      'aidKind',
      'Cette commission ne décide pas ce type d’aide : choisissez-en un autre ou une autre commission.',
    );
  if (input.referralId) {
    const [r] = await ctx.tx`SELECT 1 FROM referral WHERE id = ${input.referralId} AND person_id = ${input.personId}`;
    if (!r) fieldError('referralId', 'Cette orientation ne concerne pas cette personne.');
  }
  const now = ctx.clock.now();
  const today = now.toISOString().slice(0, 10);
  const numero = await nextNumero(ctx, Number(today.slice(0, 4)));
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO demande (territory_id, numero, person_id, referral_id, commission_type_id, aid_kind, urgent, objet,
      montant_demande_cents, duree_demandee_value, duree_demandee_unit, creditor_kind, creditor_name,
      creditor_reference, revenu_imposable_annuel_cents, quotient_familial_caf_euros, rapport_social, synthese_seance,
      deposee_le, instructing_organisation_id, instructing_user_id, state_changed_at, created_at, created_by_user_id,
      updated_at, updated_by_user_id)
    VALUES (${ctx.territoryId}, ${numero}, ${input.personId}, ${input.referralId}, ${type.id}, ${input.aidKind},
      ${input.urgent}, ${input.objet}, ${input.montantDemandeCents}, ${input.dureeDemandee?.value ?? null},
      ${input.dureeDemandee?.unit ?? null}, ${input.creditor?.kind ?? null}, ${input.creditor?.name ?? null},
      ${input.creditor?.reference ?? null}, ${input.revenuImposableAnnuelCents}, ${input.quotientFamilialCafEuros},
      ${input.rapportSocial}, ${input.syntheseSeance}, ${today}, ${ctx.actor.organisationId}, ${ctx.actor.userId},
      ${now}, ${now}, ${ctx.actor.userId}, ${now}, ${ctx.actor.userId})
    RETURNING id`;
  const id = row!.id;
  await writeHousehold(ctx, id, input.household, input.personId);
  await writeLines(ctx, id, input.lines);
  await writePieces(ctx, id, input.pieces.length > 0 ? input.pieces : defaultPieces(input.aidKind));
  await ctx.tx`INSERT INTO demande_event (territory_id, demande_id, action, from_state, to_state, by_user_id,
      by_organisation_id, at)
    VALUES (${ctx.territoryId}, ${id}, 'creer', NULL, 'en_instruction', ${ctx.actor.userId},
      ${ctx.actor.organisationId}, ${now})`;
  await ctx.audit({
    action: 'demande.create',
    objectType: 'demande',
    objectId: id,
    personId: input.personId,
    details: { numero, commissionTypeId: type.id, aidKind: input.aidKind, referralId: input.referralId },
  });
  return { id, numero };
});

/** The demande page: the demande, its parts, the figures with the barème, the actions allowed. */
export const getDemande = authedProcedure.input(demandeIdInput).query(async ({ ctx, input }) => {
  const d = await visibleDemande(ctx, input.demandeId);
  const parts = await demandeParts(ctx, d.id);
  const type = await loadCommissionType(ctx, d.commission_type_id);
  const relations = await relationsTo(ctx, d);
  // Stored figures once complete (what the commission sees); live ones while in instruction.
  const live = computeFigures(d, parts, type!.bareme);
  const figures = d.computation ?? live.budget;
  const [person] = await ctx.tx<
    { nom: string; prenom: string }[]
  >`SELECT nom, prenom FROM person WHERE id = ${d.person_id}`;
  const events = await ctx.tx<
    { action: string; from_state: string | null; to_state: string; motif: string | null; at: Date; by: string | null }[]
  >`SELECT e.action, e.from_state, e.to_state, e.motif, e.at, u.name AS by FROM demande_event e
    LEFT JOIN app_user u ON u.id = e.by_user_id WHERE e.demande_id = ${d.id} ORDER BY e.at, e.id`;
  await ctx.audit({
    action: 'demande.read',
    objectType: 'demande',
    objectId: d.id,
    personId: d.person_id,
    details: { numero: d.numero },
  });
  const editable =
    DEMANDE_EDITABLE_STATES.includes(d.state) && relations.some((r) => r === 'instructeur' || r === 'coordinateur');
  return {
    id: d.id,
    numero: d.numero,
    person: { id: d.person_id, nom: person!.nom, prenom: person!.prenom },
    referralId: d.referral_id,
    commissionType: {
      id: d.commission_type_id,
      name: d.commission_name,
      aidKinds: type!.aid_kinds,
      bareme: type!.bareme,
    },
    aidKind: d.aid_kind,
    urgent: d.urgent,
    objet: d.objet,
    montantDemandeCents: d.montant_demande_cents,
    dureeDemandee: d.duree_demandee_value ? { value: d.duree_demandee_value, unit: d.duree_demandee_unit! } : null,
    creditor: d.creditor_kind
      ? { kind: d.creditor_kind, name: d.creditor_name!, reference: d.creditor_reference }
      : null,
    revenuImposableAnnuelCents: d.revenu_imposable_annuel_cents,
    quotientFamilialCafEuros: d.quotient_familial_caf_euros,
    rapportSocial: d.rapport_social,
    syntheseSeance: d.synthese_seance,
    state: d.state,
    deposeeLe: d.deposee_le,
    instructingOrganisation: d.instructing_organisation,
    instructingUser: d.instructing_user,
    computedAt: d.computed_at ? d.computed_at.toISOString() : null,
    figures,
    figuresError: d.computation ? null : live.error,
    household: parts.household.map((h) => ({
      relation: h.relation,
      prenom: h.prenom,
      nom: h.nom,
      birthDate: h.birth_date,
      age: h.age,
      aCharge: h.a_charge,
      handicap: h.handicap,
    })),
    lines: parts.lines.map((l) => ({ kind: l.kind, type: l.type, label: l.label, amountCents: l.amount_cents })),
    pieces: parts.pieces.map((p) => ({
      kind: p.kind,
      status: p.status,
      attachmentId: p.attachment_id,
      note: p.note,
      fileName: p.file_name,
    })),
    attachments: parts.attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      mimeType: a.mime_type,
      sizeBytes: a.size_bytes,
      uploadedAt: a.created_at.toISOString(),
    })),
    events: events.map((e) => ({
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      motif: e.motif,
      at: e.at.toISOString(),
      by: e.by,
    })),
    editable,
    allowedActions: demandeAllowedActions(d.state, relations).filter((a) => INSTRUCTION_ACTIONS.includes(a)),
    /** An urgent secours may be decided here, outside a séance (commissions.decisions.urgent). */
    canDecideUrgent: demandeAllowedActions(d.state, relations).includes('decider_urgence'),
    version: d.version,
  };
});

function requireEditor(d: DemandeRow, relations: readonly string[]) {
  if (!relations.includes('instructeur') && !relations.includes('coordinateur')) forbidden();
  if (!DEMANDE_EDITABLE_STATES.includes(d.state))
    conflict(`Cette demande est « ${DEMANDE_STATE_LABELS[d.state]} » : elle ne peut plus être modifiée.`);
}

/**
 * An update sends only what changed. The shared schema's defaults (lines, pièces, urgent) would
 * fill the fields not sent: only the keys present in the raw input are applied.
 */
export const updateDemande = authedProcedure
  .use(async (opts) => {
    const raw = await opts.getRawInput();
    const sent = raw && typeof raw === 'object' ? Object.keys(raw) : [];
    return opts.next({ ctx: { sent: new Set(sent) } });
  })
  .input(updateDemandeInput.safeExtend({ version: z.number().int().nullish() }))
  .mutation(async ({ ctx, input: parsed }) => {
    const input = Object.fromEntries(
      Object.entries(parsed).filter(([k]) => k === 'demandeId' || ctx.sent.has(k)),
    ) as typeof parsed;
    const d = await visibleDemande(ctx, input.demandeId, true);
    requireEditor(d, await relationsTo(ctx, d));
    if (input.version != null && input.version !== d.version)
      conflict('Quelqu’un d’autre a modifié cette demande entre-temps. Rechargez la page pour voir ses changements.');
    const type = await loadCommissionType(ctx, d.commission_type_id);
    const aidKind = input.aidKind ?? d.aid_kind;
    if (!type!.aid_kinds.includes(aidKind)) fieldError('aidKind', 'Cette commission ne décide pas ce type d’aide.');
    const set = <T>(v: T | undefined, current: T) => (v === undefined ? current : v);
    const creditor =
      input.creditor === undefined
        ? { kind: d.creditor_kind, name: d.creditor_name, reference: d.creditor_reference }
        : {
            kind: input.creditor?.kind ?? null,
            name: input.creditor?.name ?? null,
            reference: input.creditor?.reference ?? null,
          };
    const duree =
      input.dureeDemandee === undefined
        ? { value: d.duree_demandee_value, unit: d.duree_demandee_unit }
        : { value: input.dureeDemandee?.value ?? null, unit: input.dureeDemandee?.unit ?? null };
    const now = ctx.clock.now();
    await ctx.tx`UPDATE demande SET aid_kind = ${aidKind}, urgent = ${set(input.urgent, d.urgent)},
        objet = ${set(input.objet, d.objet)},
        montant_demande_cents = ${set(input.montantDemandeCents, d.montant_demande_cents)},
        duree_demandee_value = ${duree.value}, duree_demandee_unit = ${duree.unit},
        creditor_kind = ${creditor.kind}, creditor_name = ${creditor.name}, creditor_reference = ${creditor.reference},
        revenu_imposable_annuel_cents = ${set(input.revenuImposableAnnuelCents, d.revenu_imposable_annuel_cents)},
        quotient_familial_caf_euros = ${set(input.quotientFamilialCafEuros, d.quotient_familial_caf_euros)},
        rapport_social = ${set(input.rapportSocial, d.rapport_social)},
        synthese_seance = ${set(input.syntheseSeance, d.synthese_seance)},
        updated_at = ${now}, updated_by_user_id = ${ctx.actor.userId}, version = version + 1
      WHERE id = ${d.id}`;
    if (input.household) await writeHousehold(ctx, d.id, input.household, d.person_id);
    if (input.lines) await writeLines(ctx, d.id, input.lines);
    if (input.pieces) await writePieces(ctx, d.id, input.pieces);
    // A complete demande keeps figures that match what it holds.
    if (d.state === 'complete') await storeFigures(ctx, d.id);
    await ctx.audit({
      action: 'demande.update',
      objectType: 'demande',
      objectId: d.id,
      personId: d.person_id,
      details: { fields: Object.keys(input).filter((k) => k !== 'demandeId' && k !== 'version') },
    });
    return { ok: true };
  });

/** Computes and stores the figures (completion); a field error says what to fix. */
async function storeFigures(ctx: TenantContext, demandeId: string) {
  const [d] = await ctx.tx<
    (Pick<
      DemandeRow,
      'montant_demande_cents' | 'revenu_imposable_annuel_cents' | 'quotient_familial_caf_euros' | 'deposee_le'
    > & {
      commission_type_id: string;
    })[]
  >`SELECT montant_demande_cents, revenu_imposable_annuel_cents, quotient_familial_caf_euros,
      to_char(deposee_le, 'YYYY-MM-DD') AS deposee_le, commission_type_id FROM demande WHERE id = ${demandeId}`;
  const parts = await demandeParts(ctx, demandeId);
  const type = await loadCommissionType(ctx, d!.commission_type_id);
  const result = computeFigures(d!, parts, type!.bareme);
  if (!result.budget) fieldError(result.error.path ?? 'household', result.error.message);
  const b = result.budget;
  await ctx.tx`UPDATE demande SET computed_at = ${ctx.clock.now()}, uc_hundredths = ${b.uc.hundredths},
      ressources_cents = ${b.totals.ressourcesCents}, charges_retenues_cents = ${b.totals.chargesRetenuesCents},
      reste_a_vivre_cents = ${b.resteAVivre.mensuelCents},
      rav_par_unite_mois_cents = ${b.resteAVivre.parUniteMensuelCents},
      rav_par_unite_jour_cents = ${b.resteAVivre.parUniteJourCents},
      quotient_familial_cents = ${b.quotientFamilial.cents}, quotient_familial_source = ${b.quotientFamilial.source},
      suggestion = ${b.suggestion.suggestion}, montant_suggere_cents = ${b.suggestion.montantSuggereCents},
      computation = ${ctx.tx.json(b as never)}
    WHERE id = ${demandeId}`;
  return b;
}

/** Checks what « complète » means before the figures are stored. */
async function checkComplete(ctx: TenantContext, d: DemandeRow) {
  const meta = AID_KINDS[d.aid_kind];
  if (meta.monetaire && !d.montant_demande_cents) fieldError('montantDemandeCents', 'Indiquez le montant demandé.');
  if (meta.unit === 'semaines' && !d.duree_demandee_value)
    fieldError('dureeDemandee', 'Indiquez la durée d’accès demandée.');
  if (meta.forms.length === 1 && meta.forms[0] === 'tiers' && !d.creditor_name)
    fieldError('creditor', 'Indiquez le créancier (bailleur, fournisseur…) : cette aide lui est versée directement.');
  if (!d.rapport_social)
    fieldError('rapportSocial', 'Rédigez le rapport social avant de déclarer la demande complète.');
  const missing = await ctx.tx<{ kind: PieceKind }[]>`
    SELECT kind FROM demande_piece WHERE demande_id = ${d.id} AND status = 'manquante' ORDER BY position`;
  if (missing.length > 0)
    fieldError(
      'pieces',
      `Des pièces sont manquantes : ${missing.map((m) => PIECE_KIND_LABELS[m.kind]).join(', ')}. Joignez-les ou indiquez qu’elles ne sont pas requises.`,
    );
}

export const transitionDemande = authedProcedure.input(demandeTransitionInput).mutation(async ({ ctx, input }) => {
  const d = await visibleDemande(ctx, input.demandeId, true);
  const relations = await relationsTo(ctx, d);
  if (!INSTRUCTION_ACTIONS.includes(input.action))
    conflict(`L’action « ${DEMANDE_ACTION_LABELS[input.action]} » se fait depuis la séance de la commission.`);
  const next = relations.map((r) => demandeNextState(d.state, input.action, r)).find((s) => s !== null) ?? null;
  if (!next) {
    if (!relations.some((r) => DEMANDE_TRANSITIONS[input.action].by.includes(r))) forbidden();
    conflict(
      `Cette demande est « ${DEMANDE_STATE_LABELS[d.state]} » : l’action « ${DEMANDE_ACTION_LABELS[input.action]} » n’est pas possible.`,
    );
  }
  const now = ctx.clock.now();
  let figures = null;
  if (input.action === 'completer') {
    await checkComplete(ctx, d);
    figures = await storeFigures(ctx, d.id);
  }
  await ctx.tx`UPDATE demande SET state = ${next}, state_changed_at = ${now},
      completed_at = CASE WHEN ${next} = 'complete' THEN ${now}::timestamptz ELSE completed_at END,
      computed_at = CASE WHEN ${next} = 'en_instruction' THEN NULL ELSE computed_at END,
      computation = CASE WHEN ${next} = 'en_instruction' THEN NULL ELSE computation END,
      closed_at = CASE WHEN ${next} = 'cloturee' THEN ${now}::timestamptz ELSE closed_at END,
      updated_at = ${now}, updated_by_user_id = ${ctx.actor.userId}, version = version + 1
    WHERE id = ${d.id}`;
  await ctx.tx`INSERT INTO demande_event (territory_id, demande_id, action, from_state, to_state, motif, by_user_id,
      by_organisation_id, at)
    VALUES (${ctx.territoryId}, ${d.id}, ${input.action}, ${d.state}, ${next}, ${input.motif}, ${ctx.actor.userId},
      ${ctx.actor.organisationId}, ${now})`;
  await ctx.audit({
    action: 'demande.transition',
    objectType: 'demande',
    objectId: d.id,
    personId: d.person_id,
    details: { action: input.action, from: d.state, to: next },
  });
  return { state: next as DemandeState, figures };
});

/**
 * The « Demandes » list: coordinators see the territory's, partner professionals their
 * organisation's. Filters: state, commission type, aid kind; pages of `limit`.
 */
export const listDemandes = authedProcedure
  .input(
    demandeListInput.extend({
      aidKind: z
        .enum(AID_KIND_VALUES, { error: 'Type d’aide inconnu.' })
        .nullish()
        .transform((v) => v ?? null),
      personId: idSchema.nullish().transform((v) => v ?? null),
    }),
  )
  .query(async ({ ctx, input }) => {
    if (input.personId && !(await canSeePerson(ctx, input.personId))) notFound();
    if (!canInstruct(ctx)) forbidden();
    const all = ctx.actor.role === 'coordinator';
    const rows = await ctx.tx<
      {
        id: string;
        numero: string;
        person_id: string;
        nom: string;
        prenom: string;
        commission_name: string;
        aid_kind: AidKind;
        state: DemandeState;
        montant_demande_cents: number | null;
        urgent: boolean;
        organisation: string;
        created_at: Date;
        rav_par_unite_jour_cents: number | null;
      }[]
    >`
      SELECT d.id, d.numero, d.person_id, p.nom, p.prenom, c.name AS commission_name, d.aid_kind, d.state,
        d.montant_demande_cents, d.urgent, o.name AS organisation, d.created_at, d.rav_par_unite_jour_cents
      FROM demande d
      JOIN person p ON p.id = d.person_id
      JOIN commission_type c ON c.id = d.commission_type_id
      JOIN organisation o ON o.id = d.instructing_organisation_id
      WHERE p.status = 'active'
        AND (${all}::boolean OR d.instructing_organisation_id = ${ctx.actor.organisationId})
        AND (${input.state}::text IS NULL OR d.state = ${input.state})
        AND (${input.commissionTypeId}::uuid IS NULL OR d.commission_type_id = ${input.commissionTypeId})
        AND (${input.aidKind}::text IS NULL OR d.aid_kind = ${input.aidKind})
        AND (${input.personId}::uuid IS NULL OR d.person_id = ${input.personId})
      ORDER BY d.created_at DESC, d.id
      LIMIT ${input.limit + 1} OFFSET ${input.offset}`;
    const persons = [...new Set(rows.slice(0, input.limit).map((r) => r.person_id))];
    await ctx.audit({
      action: 'demande.list',
      objectType: 'demande',
      objectId: null,
      personId: input.personId ?? null,
      details: {
        filters: { state: input.state, commissionTypeId: input.commissionTypeId, aidKind: input.aidKind },
        persons,
      },
    });
    return {
      items: rows.slice(0, input.limit).map((r) => ({
        id: r.id,
        numero: r.numero,
        person: { id: r.person_id, nom: r.nom, prenom: r.prenom },
        commissionName: r.commission_name,
        aidKind: r.aid_kind,
        state: r.state,
        montantDemandeCents: r.montant_demande_cents,
        urgent: r.urgent,
        organisation: r.organisation,
        createdAt: r.created_at.toISOString(),
        ravParUniteJourCents: r.rav_par_unite_jour_cents,
      })),
      hasMore: rows.length > input.limit,
    };
  });

/** Uploads pièces justificatives; with `pieceKind`, the piece is marked « fournie » with its file. */
export const addDemandeAttachments = authedProcedure
  .input(
    z.object({
      demandeId: idSchema,
      pieceKind: z
        .enum(PIECE_KINDS, { error: 'Choisissez la pièce.' })
        .nullish()
        .transform((v) => v ?? null),
      attachments: z
        .array(attachmentUpload)
        .min(1, 'Choisissez un fichier.')
        .max(5, 'Cinq fichiers au plus à la fois.'),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const d = await visibleDemande(ctx, input.demandeId, true);
    requireEditor(d, await relationsTo(ctx, d));
    const [count] = await ctx.tx<{ n: number }[]>`
      SELECT count(*)::int AS n FROM demande_attachment WHERE demande_id = ${d.id}`;
    if (count!.n + input.attachments.length > 40) fieldError('attachments', 'Cette demande a déjà trop de fichiers.');
    const files = await checkUploads(input.attachments);
    return withFileCleanup(async (written) => {
      const ids: string[] = [];
      const at = ctx.clock.now();
      for (const f of files) {
        const key = randomBytes(32).toString('hex');
        const path = pathOf(ctx.config.filesDir, key);
        await mkdir(join(ctx.config.filesDir, key.slice(0, 2)), { recursive: true, mode: 0o700 });
        written.push(path);
        await writeFile(path, f.bytes, { mode: 0o600, flag: 'wx' });
        const [row] = await ctx.tx<{ id: string }[]>`
          INSERT INTO demande_attachment (territory_id, demande_id, storage_key, file_name, mime_type, size_bytes,
            sha256, uploaded_by_user_id, uploaded_by_organisation_id, created_at)
          VALUES (${ctx.territoryId}, ${d.id}, ${key}, ${f.fileName}, ${f.mimeType}, ${f.bytes.length}, ${f.sha256},
            ${ctx.actor.userId}, ${ctx.actor.organisationId}, ${at})
          RETURNING id`;
        ids.push(row!.id);
      }
      if (input.pieceKind) {
        const updated = await ctx.tx`UPDATE demande_piece SET status = 'fournie', attachment_id = ${ids[0]!}
          WHERE demande_id = ${d.id} AND kind = ${input.pieceKind}`;
        if (updated.count === 0)
          await ctx.tx`INSERT INTO demande_piece (territory_id, demande_id, position, kind, status, attachment_id)
            VALUES (${ctx.territoryId}, ${d.id},
              (SELECT coalesce(max(position) + 1, 0) FROM demande_piece WHERE demande_id = ${d.id}),
              ${input.pieceKind}, 'fournie', ${ids[0]!})`;
      }
      await ctx.tx`UPDATE demande SET updated_at = ${at}, updated_by_user_id = ${ctx.actor.userId},
        version = version + 1 WHERE id = ${d.id}`;
      await ctx.audit({
        action: 'demande_attachment.add',
        objectType: 'demande',
        objectId: d.id,
        personId: d.person_id,
        details: {
          attachmentIds: ids,
          pieceKind: input.pieceKind,
          files: files.map((f) => ({ name: f.fileName, type: f.mimeType })),
        },
      });
      return { ids };
    });
  });

export const downloadDemandeAttachment = authedProcedure
  .input(z.object({ demandeId: idSchema, attachmentId: idSchema }))
  .query(async ({ ctx, input }) => {
    const d = await visibleDemande(ctx, input.demandeId);
    const [a] = await ctx.tx<
      { id: string; storage_key: string; file_name: string; mime_type: string; sha256: string }[]
    >`
      SELECT id, storage_key, file_name, mime_type, sha256 FROM demande_attachment
      WHERE id = ${input.attachmentId} AND demande_id = ${d.id}`;
    if (!a) notFound();
    const bytes = await readAttachment(ctx.config.filesDir, a.storage_key, a.sha256);
    await ctx.audit({
      action: 'demande_attachment.download',
      objectType: 'demande_attachment',
      objectId: a.id,
      personId: d.person_id,
      details: { demandeId: d.id, fileName: a.file_name },
    });
    return { fileName: a.file_name, mimeType: a.mime_type, contentBase64: bytes.toString('base64') };
  });
