import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  AID_KIND_LABELS,
  DECISION_FORM_LABELS,
  DECISION_OUTCOME_LABELS,
  demandeNextState,
  demandeRelations,
  quorumRuleSchema,
  quorumStatus,
  type AidKind,
  type AttendanceStatus,
  type CommissionCapacity,
  type DecisionForm,
  type DecisionOutcome,
  type DemandeAction,
  type DemandeContext,
  type DemandeState,
  type QuorumStatus,
  type SeanceState,
  formatEuros,
} from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { conflict, notFound } from '../../trpc/init.ts';
import { pathOf } from '../../referrals/files.ts';

/**
 * What the séance, decision and output procedures share: who may see a commission's séances
 * (coordinators of the territory and the members of the commission type — anyone else gets
 * NOT_FOUND), the séance with its convened members and live quorum, the demande transitions
 * through the shared state machine, the timeline entry of a decision and the stored documents.
 */

export interface SeanceRow {
  id: string;
  numero: string;
  commission_type_id: string;
  commission_name: string;
  date: string;
  heure: string;
  lieu: string;
  message_convocation: string | null;
  state: SeanceState;
  quorum: unknown;
  voix_preponderante: boolean;
  convened_at: Date | null;
  opened_at: Date | null;
  closed_at: Date | null;
  cancelled_at: Date | null;
  version: number;
}

export interface SeanceMemberRow {
  user_id: string;
  name: string;
  email: string;
  organisation_name: string | null;
  voting: boolean;
  capacities: CommissionCapacity[];
  attendance: AttendanceStatus | null;
  proxy_holder_user_id: string | null;
}

/** The capacities the actor holds in a commission type (empty when not a member). */
export async function capacitiesIn(ctx: TenantContext, commissionTypeId: string): Promise<CommissionCapacity[] | null> {
  const [m] = await ctx.tx<{ capacities: CommissionCapacity[] }[]>`
    SELECT capacities FROM commission_member
    WHERE commission_type_id = ${commissionTypeId} AND user_id = ${ctx.actor.userId}`;
  return m ? m.capacities : null;
}

/** Coordinators, and the members of the commission type (a role that may act on demandes). */
export async function canUseCommission(ctx: TenantContext, commissionTypeId: string): Promise<boolean> {
  if (ctx.actor.role === 'coordinator') return true;
  if (!['partner_manager', 'partner_worker', 'commission_member'].includes(ctx.actor.role)) return false;
  return (await capacitiesIn(ctx, commissionTypeId)) !== null;
}

export function toIsoDate(d: string | Date): string {
  if (typeof d === 'string') return d.slice(0, 10);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The séance (NOT_FOUND when it does not exist or the actor may not see it). */
export async function loadSeance(ctx: TenantContext, seanceId: string, forUpdate = false): Promise<SeanceRow> {
  const rows = forUpdate
    ? await ctx.tx<SeanceRow[]>`
        SELECT s.*, s.date::text AS date, to_char(s.heure, 'HH24:MI') AS heure, ct.name AS commission_name
        FROM seance s JOIN commission_type ct ON ct.id = s.commission_type_id
        WHERE s.id = ${seanceId} FOR UPDATE OF s`
    : await ctx.tx<SeanceRow[]>`
        SELECT s.*, s.date::text AS date, to_char(s.heure, 'HH24:MI') AS heure, ct.name AS commission_name
        FROM seance s JOIN commission_type ct ON ct.id = s.commission_type_id
        WHERE s.id = ${seanceId}`;
  const s = rows[0];
  if (!s || !(await canUseCommission(ctx, s.commission_type_id))) notFound();
  return s;
}

export async function seanceMembers(ctx: TenantContext, seanceId: string): Promise<SeanceMemberRow[]> {
  return ctx.tx<SeanceMemberRow[]>`
    SELECT sm.user_id, u.name, u.email, o.name AS organisation_name, sm.voting, sm.capacities, sm.attendance,
      sm.proxy_holder_user_id
    FROM seance_member sm JOIN app_user u ON u.id = sm.user_id
    LEFT JOIN organisation o ON o.id = sm.organisation_id
    WHERE sm.seance_id = ${seanceId}
    ORDER BY u.name, sm.user_id`;
}

export function seanceQuorum(seance: SeanceRow, members: readonly SeanceMemberRow[]): QuorumStatus {
  const rule = quorumRuleSchema.parse(seance.quorum);
  return quorumStatus(
    rule,
    members.map((m) => ({ userId: m.user_id, voting: m.voting, capacities: m.capacities })),
    members
      .filter((m) => m.attendance)
      .map((m) => ({ userId: m.user_id, status: m.attendance!, proxyHolderUserId: m.proxy_holder_user_id })),
  );
}

export interface DemandeRow {
  id: string;
  numero: string;
  person_id: string;
  commission_type_id: string;
  aid_kind: AidKind;
  urgent: boolean;
  objet: string;
  montant_demande_cents: number | null;
  state: DemandeState;
  instructing_organisation_id: string;
  deposee_le: string;
  version: number;
}

export async function loadDemande(ctx: TenantContext, demandeId: string, forUpdate = true): Promise<DemandeRow> {
  const rows = forUpdate
    ? await ctx.tx<DemandeRow[]>`
        SELECT id, numero, person_id, commission_type_id, aid_kind, urgent, objet, montant_demande_cents, state,
          instructing_organisation_id, deposee_le::text AS deposee_le, version
        FROM demande WHERE id = ${demandeId} FOR UPDATE`
    : await ctx.tx<DemandeRow[]>`
        SELECT id, numero, person_id, commission_type_id, aid_kind, urgent, objet, montant_demande_cents, state,
          instructing_organisation_id, deposee_le::text AS deposee_le, version
        FROM demande WHERE id = ${demandeId}`;
  const d = rows[0];
  if (!d || !(await canUseCommission(ctx, d.commission_type_id))) notFound();
  return d;
}

/**
 * Moves a demande with the shared machine (`demandeNextState` for each of the actor's
 * relations), records the event; CONFLICT with the reason when the machine refuses.
 */
export async function transitionDemande(
  ctx: TenantContext,
  demande: DemandeRow,
  action: DemandeAction,
  capacities: readonly CommissionCapacity[],
  context: DemandeContext = {},
  motif: string | null = null,
): Promise<DemandeState> {
  const relations = demandeRelations(
    { role: ctx.actor.role, organisationId: ctx.actor.organisationId },
    { instructingOrganisationId: demande.instructing_organisation_id },
    capacities,
  );
  const next = relations.map((r) => demandeNextState(demande.state, action, r, context)).find((s) => s !== null);
  if (!next) {
    if (relations.length === 0) notFound();
    conflict(`Cette action n’est pas possible pour la demande ${demande.numero} dans son état actuel.`);
  }
  const now = ctx.clock.now();
  await ctx.tx`
    UPDATE demande SET state = ${next}, state_changed_at = ${now}, updated_at = ${now},
      updated_by_user_id = ${ctx.actor.userId}, version = version + 1,
      decided_at = CASE WHEN ${next} IN ('decidee', 'decidee_urgence') THEN coalesce(decided_at, ${now}) ELSE decided_at END,
      closed_at = CASE WHEN ${next} = 'cloturee' THEN ${now} ELSE closed_at END
    WHERE id = ${demande.id}`;
  await ctx.tx`
    INSERT INTO demande_event (territory_id, demande_id, action, from_state, to_state, motif, by_user_id,
      by_organisation_id, at)
    VALUES (${ctx.territoryId}, ${demande.id}, ${action}, ${demande.state}, ${next}, ${motif}, ${ctx.actor.userId},
      ${ctx.actor.organisationId}, ${now})`;
  demande.state = next;
  return next;
}

const DEBT_AIDS: readonly AidKind[] = ['impaye_loyer', 'impaye_energie', 'impaye_eau', 'fsl_maintien'];

/**
 * The decision in the person's timeline, visible to the follow-up group ('groupe'): the group
 * follows the person and needs to know an aid was granted or refused; the motive and the
 * rapport stay in the commission. Aids for unpaid bills are marked « dettes » (sensitive).
 */
export async function decisionTimelineEntry(
  ctx: TenantContext,
  d: {
    personId: string;
    numero: string;
    aidKind: AidKind;
    outcome: DecisionOutcome;
    amountGrantedCents: number | null;
    form: DecisionForm | null;
  },
): Promise<void> {
  const amount = d.amountGrantedCents && d.amountGrantedCents > 0 ? ` — ${formatEuros(d.amountGrantedCents)}` : '';
  const title =
    `Décision de la commission : ${DECISION_OUTCOME_LABELS[d.outcome]} (${AID_KIND_LABELS[d.aidKind]})`.slice(0, 200);
  const body = `Demande ${d.numero}${amount}${d.form ? `, ${DECISION_FORM_LABELS[d.form].toLowerCase()}` : ''}.`;
  await ctx.tx`
    INSERT INTO timeline_entry (territory_id, person_id, author_organisation_id, author_user_id, type, visibility,
      sensitive_category, title, body, occurred_at)
    VALUES (${ctx.territoryId}, ${d.personId}, ${ctx.actor.organisationId}, ${ctx.actor.userId}, 'decision_commission',
      'groupe', ${DEBT_AIDS.includes(d.aidKind) ? 'dettes' : null}, ${title}, ${body}, ${ctx.clock.now()})`;
}

/** Stores a generated PDF (FILES_DIR, random key) and records it. */
export async function storeDocument(
  ctx: TenantContext,
  doc: {
    kind: 'proces_verbal' | 'lettre_decision';
    seanceId?: string | null;
    demandeId?: string | null;
    decisionId?: string | null;
    fileName: string;
    bytes: Buffer;
  },
): Promise<string> {
  const key = randomBytes(20).toString('hex');
  const path = pathOf(ctx.config.filesDir, key);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, doc.bytes);
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO commission_document (territory_id, kind, seance_id, demande_id, decision_id, storage_key, file_name,
      size_bytes, sha256, created_by_user_id, created_at)
    VALUES (${ctx.territoryId}, ${doc.kind}, ${doc.seanceId ?? null}, ${doc.demandeId ?? null},
      ${doc.decisionId ?? null}, ${key}, ${doc.fileName}, ${doc.bytes.length},
      ${createHash('sha256').update(doc.bytes).digest('hex')}, ${ctx.actor.userId}, ${ctx.clock.now()})
    RETURNING id`;
  return row!.id;
}

/** A file to download (same transport as referrals.downloadAttachment). */
export interface DownloadedFile {
  fileName: string;
  mimeType: string;
  contentBase64: string;
}

export async function territoryName(ctx: TenantContext): Promise<string> {
  const [t] = await ctx.tx<{ name: string }[]>`SELECT name FROM territory`;
  return t!.name;
}
