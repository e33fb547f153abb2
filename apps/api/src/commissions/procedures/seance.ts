import {
  AID_KIND_LABELS,
  attendanceInput,
  createSeanceInput,
  DECISION_OUTCOME_LABELS,
  DEMANDE_STATE_LABELS,
  idSchema,
  initials,
  presentationView,
  seanceAgendaInput,
  seanceAllowedActions,
  seanceClosingBlockers,
  seanceIdInput,
  seanceNextState,
  seanceRelations,
  SEANCE_ACTIONS,
  SEANCE_STATE_LABELS,
  validateAttendance,
  type AidKind,
  type CommissionCapacity,
  type DecisionForm,
  type DecisionOutcome,
  type DemandeState,
  type SeanceAction,
  formatEuros,
} from '@ensemblier/shared';
import { z } from 'zod';
import { queueMail } from '../../mail/outbox.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, forbidden, notFound, router } from '../../trpc/init.ts';
import {
  canUseCommission,
  capacitiesIn,
  loadDemande,
  loadSeance,
  seanceMembers,
  seanceQuorum,
  transitionDemande,
  type SeanceRow,
} from './seance-common.ts';
import { generateProcesVerbal } from './outputs.ts';

/**
 * Séances of a commission: creation (members convened as they stand in the commission type),
 * the agenda built from complete (or adjourned) demandes through the shared machine, the
 * convocation mail (no person data: file numbers, aid kinds and amounts, and a link), the
 * attendance sheet and the live quorum, opening and closing (the procès-verbal is stored at
 * closing). Coordinators and the commission's members see them; anyone else gets NOT_FOUND.
 */

const money = (c: number | null) => (c === null ? '' : formatEuros(c));

async function relationsFor(ctx: TenantContext, s: SeanceRow) {
  const caps = (await capacitiesIn(ctx, s.commission_type_id)) ?? [];
  return { capacities: caps, relations: seanceRelations({ role: ctx.actor.role }, caps) };
}

/** Séances the actor may see, newest first. */
export const listSeances = authedProcedure
  .input(
    z.object({
      commissionTypeId: idSchema.nullish().transform((v) => v ?? null),
      offset: z.number().int().min(0).max(10_000).default(0),
      limit: z.number().int().min(1).max(101).default(20),
    }),
  )
  .query(async ({ ctx, input }) => {
    const coordinator = ctx.actor.role === 'coordinator';
    const rows = await ctx.tx<
      {
        id: string;
        numero: string;
        commission_name: string;
        date: string;
        heure: string;
        lieu: string;
        state: keyof typeof SEANCE_STATE_LABELS;
        agenda: number;
      }[]
    >`
      SELECT s.id, s.numero, ct.name AS commission_name, s.date::text AS date, to_char(s.heure, 'HH24:MI') AS heure,
        s.lieu, s.state,
        (SELECT count(*)::int FROM seance_agenda_item a WHERE a.seance_id = s.id) AS agenda
      FROM seance s JOIN commission_type ct ON ct.id = s.commission_type_id
      WHERE (${input.commissionTypeId}::uuid IS NULL OR s.commission_type_id = ${input.commissionTypeId})
        AND (${coordinator} OR s.commission_type_id IN (
          SELECT commission_type_id FROM commission_member WHERE user_id = ${ctx.actor.userId}))
      ORDER BY s.date DESC, s.heure DESC, s.id
      OFFSET ${input.offset} LIMIT ${input.limit + 1}`;
    const types = await ctx.tx<{ id: string; name: string }[]>`
      SELECT id, name FROM commission_type
      WHERE archived_at IS NULL AND (${coordinator} OR id IN (
        SELECT commission_type_id FROM commission_member WHERE user_id = ${ctx.actor.userId}))
      ORDER BY name`;
    return {
      items: rows.slice(0, input.limit).map((r) => ({
        id: r.id,
        numero: r.numero,
        commissionName: r.commission_name,
        date: r.date,
        heure: r.heure,
        lieu: r.lieu,
        state: r.state,
        stateLabel: SEANCE_STATE_LABELS[r.state],
        agendaCount: r.agenda,
      })),
      hasMore: rows.length > input.limit,
      commissionTypes: types,
      canCreate: coordinator,
    };
  });

/** A new séance (coordinators, or the président / secrétaire of the commission). */
export const createSeance = authedProcedure.input(createSeanceInput).mutation(async ({ ctx, input }) => {
  const [type] = await ctx.tx<{ id: string; quorum: unknown; voix_preponderante: boolean }[]>`
    SELECT id, quorum, voix_preponderante FROM commission_type WHERE id = ${input.commissionTypeId}
      AND archived_at IS NULL`;
  if (!type || !(await canUseCommission(ctx, type.id))) notFound();
  const caps = (await capacitiesIn(ctx, type.id)) ?? [];
  if (seanceRelations({ role: ctx.actor.role }, caps).length === 0) forbidden();
  const year = Number(input.date.slice(0, 4));
  const [counter] = await ctx.tx<{ value: number }[]>`
    INSERT INTO commission_counter (territory_id, kind, year, value) VALUES (${ctx.territoryId}, 'seance', ${year}, 1)
    ON CONFLICT (territory_id, kind, year) DO UPDATE SET value = commission_counter.value + 1
    RETURNING value`;
  const numero = `${year}-${String(counter!.value).padStart(2, '0')}`;
  const now = ctx.clock.now();
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO seance (territory_id, numero, commission_type_id, date, heure, lieu, message_convocation, quorum,
      voix_preponderante, created_at, created_by_user_id, updated_at)
    VALUES (${ctx.territoryId}, ${numero}, ${type.id}, ${input.date}, ${input.heure}, ${input.lieu},
      ${input.messageConvocation}, ${ctx.tx.json(type.quorum as never)}, ${type.voix_preponderante}, ${now},
      ${ctx.actor.userId}, ${now})
    RETURNING id`;
  await ctx.tx`
    INSERT INTO seance_member (territory_id, seance_id, user_id, organisation_id, voting, capacities)
    SELECT territory_id, ${row!.id}, user_id, organisation_id, voting, capacities
    FROM commission_member WHERE commission_type_id = ${type.id}`;
  await ctx.audit({
    action: 'seance.create',
    objectType: 'seance',
    objectId: row!.id,
    details: { numero, date: input.date, commissionTypeId: type.id },
  });
  return { id: row!.id, numero };
});

interface AgendaRow {
  demande_id: string;
  position: number;
  purpose: 'examen' | 'ratification';
  numero: string;
  person_id: string;
  aid_kind: AidKind;
  objet: string;
  montant_demande_cents: number | null;
  state: DemandeState;
  urgent: boolean;
  synthese_seance: string | null;
  rav_par_unite_mois_cents: number | null;
  rav_par_unite_jour_cents: number | null;
  quotient_familial_cents: number | null;
  suggestion: string | null;
  montant_suggere_cents: number | null;
  nom: string;
  prenom: string;
  nom_naissance: string | null;
  date_naissance: string | null;
  adresse: string | null;
  telephone: string | null;
  courriel: string | null;
  adultes: number;
  enfants: number;
  household_names: string[] | null;
  household_births: (string | null)[] | null;
}

export interface DecisionView {
  id: string;
  demandeId: string;
  outcome: DecisionOutcome;
  outcomeLabel: string;
  amountGrantedCents: number | null;
  form: DecisionForm | null;
  creditorName: string | null;
  duration: { value: number; unit: 'semaines' | 'mois' } | null;
  motive: string | null;
  votes: { pour: number; contre: number; abstention: number };
  urgence: boolean;
  correctsDecisionId: string | null;
  correctedBy: string | null;
  requiredSignatures: number;
  signatures: { userId: string; name: string; capacity: CommissionCapacity | null; signedAt: Date }[];
  signed: boolean;
  ratifiedAt: Date | null;
  decidedAt: Date;
}

export async function decisionsOf(ctx: TenantContext, demandeIds: readonly string[]): Promise<DecisionView[]> {
  if (demandeIds.length === 0) return [];
  const rows = await ctx.tx<
    {
      id: string;
      demande_id: string;
      outcome: DecisionOutcome;
      amount_granted_cents: number | null;
      form: DecisionForm | null;
      creditor_name: string | null;
      duration_value: number | null;
      duration_unit: 'semaines' | 'mois' | null;
      motive: string | null;
      votes_pour: number;
      votes_contre: number;
      abstentions: number;
      urgence: boolean;
      corrects_decision_id: string | null;
      corrected_by: string | null;
      required_signatures: number;
      signed_at: Date | null;
      ratified_at: Date | null;
      decided_at: Date;
      signatures: { userId: string; name: string; capacity: CommissionCapacity | null; signedAt: string }[];
    }[]
  >`
    SELECT d.*, (SELECT c.id FROM decision c WHERE c.corrects_decision_id = d.id) AS corrected_by,
      coalesce((SELECT json_agg(json_build_object('userId', s.signer_user_id, 'name', u.name, 'capacity', s.capacity,
        'signedAt', s.signed_at) ORDER BY s.position)
        FROM decision_signature s JOIN app_user u ON u.id = s.signer_user_id WHERE s.decision_id = d.id), '[]') AS signatures
    FROM decision d WHERE d.demande_id = ANY(${demandeIds as string[]}::uuid[])
    ORDER BY d.decided_at, d.created_at`;
  return rows.map((r) => ({
    id: r.id,
    demandeId: r.demande_id,
    outcome: r.outcome,
    outcomeLabel: DECISION_OUTCOME_LABELS[r.outcome],
    amountGrantedCents: r.amount_granted_cents,
    form: r.form,
    creditorName: r.creditor_name,
    duration: r.duration_value && r.duration_unit ? { value: r.duration_value, unit: r.duration_unit } : null,
    motive: r.motive,
    votes: { pour: r.votes_pour, contre: r.votes_contre, abstention: r.abstentions },
    urgence: r.urgence,
    correctsDecisionId: r.corrects_decision_id,
    correctedBy: r.corrected_by,
    requiredSignatures: r.required_signatures,
    signatures: r.signatures.map((s) => ({ ...s, signedAt: new Date(s.signedAt) })),
    signed: r.signatures.length >= r.required_signatures,
    ratifiedAt: r.ratified_at,
    decidedAt: r.decided_at,
  }));
}

/**
 * A séance: members and attendance, the live quorum, the agenda and the decisions, the actions
 * the actor may take. In presentation mode (the default) each demande shows only initials and
 * file number, amounts, reste à vivre and the summary for the room (shared presentationView);
 * with `presentation: false` the applicants' names are given too (audited per person).
 */
export const getSeance = authedProcedure
  .input(seanceIdInput.extend({ presentation: z.boolean().default(true) }))
  .query(async ({ ctx, input }) => {
    const s = await loadSeance(ctx, input.seanceId);
    const { capacities, relations } = await relationsFor(ctx, s);
    const members = await seanceMembers(ctx, s.id);
    const quorum = seanceQuorum(s, members);
    const agenda = await ctx.tx<AgendaRow[]>`
      SELECT a.demande_id, a.position, a.purpose, d.numero, d.person_id, d.aid_kind, d.objet, d.montant_demande_cents,
        d.state, d.urgent, d.synthese_seance, d.rav_par_unite_mois_cents, d.rav_par_unite_jour_cents,
        d.quotient_familial_cents, d.suggestion, d.montant_suggere_cents,
        p.nom, p.prenom, p.nom_naissance, p.date_naissance::text AS date_naissance, p.adresse, p.telephone, p.courriel,
        (SELECT count(*)::int FROM demande_household_member h WHERE h.demande_id = d.id AND h.relation <> 'enfant') AS adultes,
        (SELECT count(*)::int FROM demande_household_member h WHERE h.demande_id = d.id AND h.relation = 'enfant') AS enfants,
        (SELECT array_agg(concat_ws(' ', h.prenom, h.nom)) FROM demande_household_member h
          WHERE h.demande_id = d.id AND h.relation <> 'demandeur') AS household_names,
        (SELECT array_agg(h.birth_date::text) FROM demande_household_member h WHERE h.demande_id = d.id) AS household_births
      FROM seance_agenda_item a JOIN demande d ON d.id = a.demande_id JOIN person p ON p.id = d.person_id
      WHERE a.seance_id = ${s.id}
      ORDER BY a.position`;
    const decisions = await decisionsOf(
      ctx,
      agenda.map((a) => a.demande_id),
    );
    const items = agenda.map((a) => {
      const view = presentationView({
        numeroDossier: a.numero,
        identity: {
          nom: a.nom,
          prenom: a.prenom,
          nomNaissance: a.nom_naissance,
          dateNaissance: a.date_naissance,
          adresse: a.adresse,
          telephone: a.telephone,
          courriel: a.courriel,
          autresNoms: (a.household_names ?? []).filter((n) => n.trim()),
          autresDatesNaissance: a.household_births ?? [],
        },
        aidKind: a.aid_kind,
        objet: a.objet,
        montantDemandeCents: a.montant_demande_cents ?? 0,
        composition: { adultes: a.adultes, enfants: a.enfants },
        resteAVivre:
          a.rav_par_unite_mois_cents !== null && a.rav_par_unite_jour_cents !== null
            ? { parUniteMensuelCents: a.rav_par_unite_mois_cents, parUniteJourCents: a.rav_par_unite_jour_cents }
            : null,
        quotientFamilialEuros: a.quotient_familial_cents === null ? null : Math.round(a.quotient_familial_cents / 100),
        suggestion:
          a.suggestion && a.montant_suggere_cents !== null
            ? { suggestion: a.suggestion, montantSuggereCents: a.montant_suggere_cents }
            : null,
        syntheseSeance: a.synthese_seance ?? '',
        urgence: a.urgent,
      });
      return {
        demandeId: a.demande_id,
        purpose: a.purpose,
        state: a.state,
        stateLabel: DEMANDE_STATE_LABELS[a.state],
        presentation: view,
        identity: input.presentation
          ? null
          : { nom: a.nom, prenom: a.prenom, personId: a.person_id, initiales: initials(a.prenom, a.nom) },
        decisions: decisions.filter((d) => d.demandeId === a.demande_id),
      };
    });
    if (!input.presentation)
      for (const a of agenda)
        await ctx.audit({
          action: 'seance.read_identities',
          objectType: 'seance',
          objectId: s.id,
          personId: a.person_id,
        });
    await ctx.audit({
      action: 'seance.read',
      objectType: 'seance',
      objectId: s.id,
      details: { presentation: input.presentation },
    });
    // Demandes that may join the agenda: complete or adjourned, and urgent decisions to ratify.
    const candidates =
      s.state === 'planifiee' || s.state === 'ouverte'
        ? await ctx.tx<
            {
              id: string;
              numero: string;
              aid_kind: AidKind;
              state: DemandeState;
              montant_demande_cents: number | null;
            }[]
          >`
            SELECT d.id, d.numero, d.aid_kind, d.state, d.montant_demande_cents FROM demande d
            WHERE d.commission_type_id = ${s.commission_type_id}
              AND d.state IN ('complete', 'ajournee', 'decidee_urgence')
              AND NOT EXISTS (SELECT 1 FROM seance_agenda_item a WHERE a.seance_id = ${s.id} AND a.demande_id = d.id)
            ORDER BY d.numero LIMIT 200`
        : [];
    const myCapacities = members.find((m) => m.user_id === ctx.actor.userId)?.capacities ?? capacities;
    const documents = await ctx.tx<{ id: string; kind: string; file_name: string; created_at: Date }[]>`
      SELECT id, kind, file_name, created_at FROM commission_document WHERE seance_id = ${s.id} ORDER BY created_at`;
    return {
      id: s.id,
      numero: s.numero,
      commissionTypeId: s.commission_type_id,
      commissionName: s.commission_name,
      date: s.date,
      heure: s.heure,
      lieu: s.lieu,
      messageConvocation: s.message_convocation,
      state: s.state,
      stateLabel: SEANCE_STATE_LABELS[s.state],
      convenedAt: s.convened_at,
      openedAt: s.opened_at,
      closedAt: s.closed_at,
      members: members.map((m) => ({
        userId: m.user_id,
        name: m.name,
        organisationName: m.organisation_name,
        voting: m.voting,
        capacities: m.capacities,
        attendance: m.attendance,
        proxyHolderUserId: m.proxy_holder_user_id,
      })),
      quorum,
      agenda: items,
      candidates: candidates.map((c) => ({
        id: c.id,
        numero: c.numero,
        aidKindLabel: AID_KIND_LABELS[c.aid_kind],
        state: c.state,
        stateLabel: DEMANDE_STATE_LABELS[c.state],
        montantDemandeCents: c.montant_demande_cents,
      })),
      documents: documents.map((d) => ({ id: d.id, kind: d.kind, fileName: d.file_name, createdAt: d.created_at })),
      allowedActions: seanceAllowedActions(s.state, relations),
      canManage: relations.length > 0,
      myCapacities,
      me: ctx.actor.userId,
    };
  });

/** Adds demandes to the agenda: complete or adjourned ones are « inscrites »; urgent decisions come for ratification. */
export const addToAgenda = authedProcedure.input(seanceAgendaInput).mutation(async ({ ctx, input }) => {
  const s = await loadSeance(ctx, input.seanceId, true);
  const { capacities, relations } = await relationsFor(ctx, s);
  if (relations.length === 0) forbidden();
  if (s.state !== 'planifiee' && s.state !== 'ouverte')
    conflict('L’ordre du jour d’une séance close ou annulée ne peut plus changer.');
  const [last] = await ctx.tx<{ max: number | null }[]>`
    SELECT max(position) AS max FROM seance_agenda_item WHERE seance_id = ${s.id}`;
  let position = (last?.max ?? -1) + 1;
  for (const demandeId of input.demandeIds) {
    const d = await loadDemande(ctx, demandeId);
    if (d.commission_type_id !== s.commission_type_id)
      fieldError('demandeIds', `La demande ${d.numero} relève d’une autre commission.`);
    const [already] = await ctx.tx`
      SELECT 1 FROM seance_agenda_item WHERE seance_id = ${s.id} AND demande_id = ${d.id}`;
    if (already) conflict(`La demande ${d.numero} est déjà à l’ordre du jour.`);
    let purpose: 'examen' | 'ratification' = 'examen';
    if (d.state === 'decidee_urgence') purpose = 'ratification';
    else await transitionDemande(ctx, d, 'inscrire', capacities);
    await ctx.tx`
      INSERT INTO seance_agenda_item (territory_id, seance_id, demande_id, position, purpose, added_at, added_by_user_id)
      VALUES (${ctx.territoryId}, ${s.id}, ${d.id}, ${position}, ${purpose}, ${ctx.clock.now()}, ${ctx.actor.userId})`;
    position += 1;
    await ctx.audit({
      action: 'seance.agenda.add',
      objectType: 'seance',
      objectId: s.id,
      personId: d.person_id,
      details: { demandeId: d.id, purpose },
    });
  }
  return { ok: true };
});

/** Withdraws a demande not yet decided from the agenda (back to « complète », motive required). */
export const removeFromAgenda = authedProcedure
  .input(
    seanceIdInput.extend({
      demandeId: idSchema,
      motif: z.string().trim().min(1, 'Indiquez le motif du retrait.').max(2000),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const s = await loadSeance(ctx, input.seanceId, true);
    const { capacities, relations } = await relationsFor(ctx, s);
    if (relations.length === 0) forbidden();
    const d = await loadDemande(ctx, input.demandeId);
    const [item] = await ctx.tx<{ purpose: string }[]>`
      SELECT purpose FROM seance_agenda_item WHERE seance_id = ${s.id} AND demande_id = ${d.id}`;
    if (!item) notFound();
    if (item.purpose === 'examen') await transitionDemande(ctx, d, 'retirer', capacities, {}, input.motif);
    await ctx.tx`DELETE FROM seance_agenda_item WHERE seance_id = ${s.id} AND demande_id = ${d.id}`;
    await ctx.audit({
      action: 'seance.agenda.remove',
      objectType: 'seance',
      objectId: s.id,
      personId: d.person_id,
      details: { demandeId: d.id },
    });
    return { ok: true };
  });

/** Convenes the members: one mail each with the agenda (file numbers, aid kinds, amounts; no names) and a link. */
export const conveneSeance = authedProcedure.input(seanceIdInput).mutation(async ({ ctx, input }) => {
  const s = await loadSeance(ctx, input.seanceId, true);
  const { relations } = await relationsFor(ctx, s);
  if (relations.length === 0) forbidden();
  if (s.state !== 'planifiee') conflict('Seule une séance planifiée peut être convoquée.');
  const members = await seanceMembers(ctx, s.id);
  if (members.length === 0) conflict('Cette commission n’a aucun membre à convoquer.');
  const agenda = await ctx.tx<{ numero: string; aid_kind: AidKind; montant_demande_cents: number | null }[]>`
    SELECT d.numero, d.aid_kind, d.montant_demande_cents FROM seance_agenda_item a JOIN demande d ON d.id = a.demande_id
    WHERE a.seance_id = ${s.id} ORDER BY a.position`;
  const now = ctx.clock.now();
  const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${s.date}T00:00:00Z`),
  );
  const lines = agenda.length
    ? agenda.map(
        (a, i) =>
          `${i + 1}. Dossier ${a.numero} — ${AID_KIND_LABELS[a.aid_kind]}${a.montant_demande_cents ? ` — ${money(a.montant_demande_cents)}` : ''}`,
      )
    : ['L’ordre du jour sera complété avant la séance.'];
  const link = `${ctx.config.origin}/commissions/seances/${s.id}`;
  const round = s.convened_at ? s.convened_at.getTime() : 0;
  for (const m of members) {
    await queueMail(ctx.tx, ctx.territoryId, {
      to: m.email,
      subject: `Convocation : ${s.commission_name}, séance du ${day} à ${s.heure.replace(':', ' h ')}`,
      text: [
        'Bonjour,',
        '',
        `Vous êtes convoqué(e) à la séance n° ${s.numero} de la ${s.commission_name}, le ${day} à ${s.heure.replace(':', ' h ')}, ${s.lieu}.`,
        ...(s.message_convocation ? ['', s.message_convocation] : []),
        '',
        `Ordre du jour (${agenda.length} demande${agenda.length > 1 ? 's' : ''}) :`,
        ...lines,
        '',
        `Les dossiers sont consultables dans Ensemblier : ${link}`,
      ].join('\n'),
      dedupeKey: `seance_convocation:${s.id}:${m.user_id}:${round}`,
    });
  }
  await ctx.tx`UPDATE seance SET convened_at = ${now}, updated_at = ${now}, version = version + 1 WHERE id = ${s.id}`;
  await ctx.tx`UPDATE seance_member SET convened_at = ${now} WHERE seance_id = ${s.id}`;
  await ctx.audit({
    action: 'seance.convene',
    objectType: 'seance',
    objectId: s.id,
    details: { members: members.length, agenda: agenda.length },
  });
  return { convened: members.length };
});

/** Records the attendance sheet (the whole sheet or some lines); returns the quorum. */
export const recordAttendance = authedProcedure.input(attendanceInput).mutation(async ({ ctx, input }) => {
  const s = await loadSeance(ctx, input.seanceId, true);
  const { relations } = await relationsFor(ctx, s);
  if (relations.length === 0) forbidden();
  if (s.state !== 'planifiee' && s.state !== 'ouverte')
    conflict('La feuille de présence d’une séance close ou annulée ne peut plus changer.');
  const members = await seanceMembers(ctx, s.id);
  const byUser = new Map(members.map((m) => [m.user_id, m]));
  const sheet = new Map(
    members
      .filter((m) => m.attendance)
      .map((m) => [m.user_id, { userId: m.user_id, status: m.attendance!, proxyHolderUserId: m.proxy_holder_user_id }]),
  );
  for (const e of input.entries) sheet.set(e.userId, e);
  const errors = validateAttendance(
    members.map((m) => ({ userId: m.user_id, voting: m.voting, capacities: m.capacities })),
    [...sheet.values()],
  );
  if (errors.length > 0) fieldError('entries', errors[0]!.message);
  const now = ctx.clock.now();
  // Clear the changed lines' proxies first (the one-pouvoir-per-holder index is immediate).
  for (const e of input.entries)
    await ctx.tx`UPDATE seance_member SET proxy_holder_user_id = NULL, attendance = NULL
      WHERE seance_id = ${s.id} AND user_id = ${e.userId} AND attendance = 'represente'`;
  for (const e of input.entries) {
    if (!byUser.has(e.userId)) notFound();
    await ctx.tx`
      UPDATE seance_member SET attendance = ${e.status}, proxy_holder_user_id = ${e.proxyHolderUserId},
        attendance_recorded_at = ${now}
      WHERE seance_id = ${s.id} AND user_id = ${e.userId}`;
  }
  await ctx.audit({
    action: 'seance.attendance',
    objectType: 'seance',
    objectId: s.id,
    details: { entries: input.entries.length },
  });
  return seanceQuorum(s, await seanceMembers(ctx, s.id));
});

/** Opens, closes or cancels a séance (shared séance machine); closing stores the procès-verbal. */
export const transitionSeance = authedProcedure
  .input(seanceIdInput.extend({ action: z.enum(SEANCE_ACTIONS, { error: 'Action inconnue.' }) }))
  .mutation(async ({ ctx, input }) => {
    const s = await loadSeance(ctx, input.seanceId, true);
    const { relations } = await relationsFor(ctx, s);
    const action: SeanceAction = input.action;
    const next = relations.map((r) => seanceNextState(s.state, action, r)).find((x) => x !== null);
    if (!next) {
      if (relations.length === 0) forbidden();
      conflict('Cette action n’est pas possible pour cette séance dans son état actuel.');
    }
    const now = ctx.clock.now();
    if (action === 'clore') {
      const agenda = await ctx.tx<{ demandeId: string; state: string; numero: string }[]>`
        SELECT d.id AS "demandeId", d.state, d.numero FROM seance_agenda_item a JOIN demande d ON d.id = a.demande_id
        WHERE a.seance_id = ${s.id} AND a.purpose = 'examen'`;
      const blockers = seanceClosingBlockers(agenda);
      if (blockers.length > 0)
        conflict(
          `Décidez, ajournez ou retirez d’abord : ${agenda
            .filter((a) => blockers.includes(a.demandeId))
            .map((a) => `dossier ${a.numero}`)
            .join(', ')}.`,
        );
    }
    await ctx.tx`
      UPDATE seance SET state = ${next}, updated_at = ${now}, version = version + 1,
        opened_at = CASE WHEN ${next} = 'ouverte' THEN ${now} ELSE opened_at END,
        closed_at = CASE WHEN ${next} = 'close' THEN ${now} ELSE closed_at END,
        cancelled_at = CASE WHEN ${next} = 'annulee' THEN ${now} ELSE cancelled_at END
      WHERE id = ${s.id}`;
    if (action === 'annuler') {
      // The demandes inscrites return to « complète » for a later séance.
      const items = await ctx.tx<{ demande_id: string }[]>`
        SELECT demande_id FROM seance_agenda_item WHERE seance_id = ${s.id} AND purpose = 'examen'`;
      const caps = (await capacitiesIn(ctx, s.commission_type_id)) ?? [];
      for (const i of items) {
        const d = await loadDemande(ctx, i.demande_id);
        if (d.state === 'inscrite') await transitionDemande(ctx, d, 'retirer', caps, {}, 'Séance annulée');
      }
    }
    if (action === 'clore') await generateProcesVerbal(ctx, s.id, true);
    const auditAction = { ouvrir: 'seance.ouvrir', clore: 'seance.clore', annuler: 'seance.annuler' } as const;
    await ctx.audit({ action: auditAction[action], objectType: 'seance', objectId: s.id });
    return { state: next };
  });

export const seancesRouter = router({
  list: listSeances,
  create: createSeance,
  get: getSeance,
  addToAgenda,
  removeFromAgenda,
  convene: conveneSeance,
  attendance: recordAttendance,
  transition: transitionSeance,
});
