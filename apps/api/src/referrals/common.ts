import type { TransactionSql } from '@ensemblier/db';
import {
  overallState,
  referralRelations,
  ROLES_WITHOUT_REFERRALS,
  sharingDecision,
  thematiqueCategory,
  WAITING_STATES,
  type Actor,
  type Outcome,
  type ReferralAction,
  type ReferralRelation,
  type ReferralState,
  type RefusalReason,
} from '@ensemblier/shared';
import { consentEvents } from '../persons/access.ts';
import type { TenantContext } from '../trpc/context.ts';
import { fieldError, notFound } from '../trpc/init.ts';

export interface ReferralRow {
  id: string;
  person_id: string;
  sender_organisation_id: string;
  sender_organisation_name: string;
  sender_user_id: string;
  sender_user_name: string;
  consent_event_id: string | null;
  thematiques: string[];
  motif: string;
  urgency: 'normale' | 'urgente';
  deja_fait: string | null;
  attendu: string | null;
  overall_state: ReferralState;
  created_at: Date;
  sent_at: Date | null;
}

export interface TaskRow {
  id: string;
  referral_id: string;
  sender_organisation_id: string;
  recipient_organisation_id: string;
  recipient_organisation_name: string;
  service_id: string | null;
  service_nom: string | null;
  to_route: boolean;
  state: ReferralState;
  version: number;
  previous_task_id: string | null;
  created_at: Date;
  sent_at: Date | null;
  answered_at: Date | null;
  closed_at: Date | null;
  last_reminder_at: Date | null;
  refusal_reason: RefusalReason | null;
  outcome: Outcome | null;
}

export const referralLink = (referralId: string) => `/orientations/${referralId}`;

export const DAY_MS = 86_400_000;

/** Whole days a task has waited for an answer (null once answered or before it is sent). */
export function waitingDays(task: { state: ReferralState; sent_at: Date | null }, now: Date): number | null {
  if (!task.sent_at || !WAITING_STATES.includes(task.state)) return null;
  return Math.max(0, Math.floor((now.getTime() - task.sent_at.getTime()) / DAY_MS));
}

/**
 * How the actor stands towards one task. A draft is the sender's alone: its recipient does not
 * see it yet (no recipient relation before it is sent).
 */
export function taskRelations(
  actor: Actor,
  task: { sender_organisation_id: string; recipient_organisation_id: string; state: ReferralState },
): ReferralRelation[] {
  const relations = referralRelations(actor, {
    senderOrganisationId: task.sender_organisation_id,
    recipientOrganisationId: task.recipient_organisation_id,
  });
  return task.state === 'brouillon' ? relations.filter((r) => r !== 'recipient') : relations;
}

export async function loadReferral(tx: TransactionSql, referralId: string): Promise<ReferralRow | undefined> {
  const [row] = await tx<ReferralRow[]>`
    SELECT r.id, r.person_id, r.sender_organisation_id, so.name AS sender_organisation_name, r.sender_user_id,
      su.name AS sender_user_name, r.consent_event_id, r.thematiques, r.motif, r.urgency, r.deja_fait, r.attendu,
      r.overall_state, r.created_at, r.sent_at
    FROM referral r
    JOIN organisation so ON so.id = r.sender_organisation_id
    JOIN app_user su ON su.id = r.sender_user_id
    WHERE r.id = ${referralId}`;
  return row;
}

const TASK_COLUMNS = (tx: TransactionSql) => tx`
  t.id, t.referral_id, t.sender_organisation_id, t.recipient_organisation_id, ro.name AS recipient_organisation_name,
  t.service_id, s.nom AS service_nom, t.to_route, t.state, t.version, t.previous_task_id, t.created_at, t.sent_at,
  t.answered_at, t.closed_at, t.last_reminder_at, t.refusal_reason, t.outcome`;

export async function loadTasks(tx: TransactionSql, referralId: string): Promise<TaskRow[]> {
  return tx<TaskRow[]>`
    SELECT ${TASK_COLUMNS(tx)}
    FROM referral_task t
    JOIN organisation ro ON ro.id = t.recipient_organisation_id
    LEFT JOIN service s ON s.id = t.service_id
    WHERE t.referral_id = ${referralId}
    ORDER BY t.created_at, t.previous_task_id IS NOT NULL, t.id`;
}

export async function loadTask(tx: TransactionSql, taskId: string, forUpdate = false): Promise<TaskRow | undefined> {
  const [row] = forUpdate
    ? await tx<TaskRow[]>`
      SELECT ${TASK_COLUMNS(tx)} FROM referral_task t
      JOIN organisation ro ON ro.id = t.recipient_organisation_id
      LEFT JOIN service s ON s.id = t.service_id
      WHERE t.id = ${taskId} FOR UPDATE OF t`
    : await tx<TaskRow[]>`
      SELECT ${TASK_COLUMNS(tx)} FROM referral_task t
      JOIN organisation ro ON ro.id = t.recipient_organisation_id
      LEFT JOIN service s ON s.id = t.service_id
      WHERE t.id = ${taskId}`;
  return row;
}

/**
 * The referral as the actor may see it: the tasks they have a relation to (the sender and
 * coordinators see every task, a recipient only its own), or NOT_FOUND. Volunteers and
 * commission members never see one.
 */
export async function visibleReferral(
  ctx: TenantContext,
  referralId: string,
): Promise<{ referral: ReferralRow; tasks: TaskRow[]; visible: TaskRow[] }> {
  if (ROLES_WITHOUT_REFERRALS.includes(ctx.actor.role)) notFound();
  const referral = await loadReferral(ctx.tx, referralId);
  if (!referral) notFound();
  const tasks = await loadTasks(ctx.tx, referralId);
  const visible = tasks.filter((t) => taskRelations(ctx.actor, t).length > 0);
  if (visible.length === 0) notFound();
  return { referral, tasks, visible };
}

/** One task and its referral, when the actor has a relation to it; NOT_FOUND otherwise. */
export async function visibleTask(
  ctx: TenantContext,
  taskId: string,
  forUpdate = false,
): Promise<{ task: TaskRow; referral: ReferralRow; relations: ReferralRelation[] }> {
  if (ROLES_WITHOUT_REFERRALS.includes(ctx.actor.role)) notFound();
  const task = await loadTask(ctx.tx, taskId, forUpdate);
  if (!task) notFound();
  const relations = taskRelations(ctx.actor, task);
  if (relations.length === 0) notFound();
  const referral = await loadReferral(ctx.tx, task.referral_id);
  if (!referral) notFound();
  return { task, referral, relations };
}

export interface EventInput {
  territoryId: string;
  referralId: string;
  taskId: string | null;
  at: Date;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  fromState?: ReferralState | null;
  toState?: ReferralState | null;
  reason?: string | null;
  outcome?: string | null;
  message?: string | null;
  targetTaskId?: string | null;
}

/** The history: who, when, what (a state-machine action, or 'create'), why. */
export async function recordEvent(tx: TransactionSql, action: ReferralAction | 'create', e: EventInput): Promise<void> {
  await tx`
    INSERT INTO referral_event (territory_id, referral_id, task_id, at, actor_user_id, actor_organisation_id,
      action, from_state, to_state, reason, outcome, message, target_task_id)
    VALUES (${e.territoryId}, ${e.referralId}, ${e.taskId}, ${e.at}, ${e.actorUserId}, ${e.actorOrganisationId},
      ${action}, ${e.fromState ?? null}, ${e.toState ?? null}, ${e.reason ?? null}, ${e.outcome ?? null},
      ${e.message ?? null}, ${e.targetTaskId ?? null})`;
}

/** Recomputes the referral's overall state from its tasks (overallState in packages/shared). */
export async function refreshOverallState(tx: TransactionSql, referralId: string, at: Date): Promise<ReferralState> {
  const rows = await tx<{ state: ReferralState }[]>`SELECT state FROM referral_task WHERE referral_id = ${referralId}`;
  const state = overallState(rows.map((r) => r.state));
  await tx`UPDATE referral SET overall_state = ${state}, updated_at = ${at} WHERE id = ${referralId}`;
  return state;
}

/** The territory's CCAS / CIAS organisation: the recipient of referrals "à router". */
export async function ccasOrganisationId(tx: TransactionSql): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`
    SELECT id FROM organisation WHERE type IN ('ccas', 'cias') AND status = 'active'
    ORDER BY created_at, id LIMIT 1`;
  return row?.id ?? null;
}

export const CONSENT_MISSING =
  'Enregistrez l’information de la personne (ou son accord) sur le partage avec ces destinataires et pour ces thématiques avant d’envoyer l’orientation.';

/**
 * Sending needs, for every recipient organisation, no objection in force and an information or
 * consent event covering it and these thématiques' categories. Returns the consent event used.
 */
export async function checkSharing(
  ctx: TenantContext,
  personId: string,
  recipients: readonly { organisationId: string; name: string }[],
  thematiques: readonly string[],
  field = 'recipients',
): Promise<string> {
  const events = await consentEvents(ctx.tx, personId);
  let consentEventId: string | null = null;
  for (const r of recipients) {
    const decision = sharingDecision(events, r.organisationId, thematiques);
    if (!decision.allowed && decision.reason === 'objection')
      fieldError(field, `La personne s’est opposée au partage de ses informations avec « ${r.name} ».`);
    if (!decision.allowed) fieldError('consent', CONSENT_MISSING);
    consentEventId ??= decision.consentEventId;
  }
  return consentEventId!;
}

export const categoriesOf = (thematiques: readonly string[]) => [...new Set(thematiques.map(thematiqueCategory))];
