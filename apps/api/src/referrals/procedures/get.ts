import {
  allowedActions,
  nextState,
  pickSharedFields,
  referralIdInput,
  sharedFields,
  type PersonField,
  type ReferralRelation,
  type ReferralState,
} from '@ensemblier/shared';
import { canSeePerson } from '../../persons/access.ts';
import { loadPerson, personFields } from '../../persons/person-row.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure } from '../../trpc/init.ts';
import {
  recordEvent,
  refreshOverallState,
  taskRelations,
  visibleReferral,
  waitingDays,
  type ReferralRow,
  type TaskRow,
} from '../common.ts';

/** A recipient opening a task still "envoyée" marks it "vue" (the FHIR Task is received). */
async function markViewed(ctx: TenantContext, referral: ReferralRow, tasks: TaskRow[]): Promise<void> {
  const now = ctx.clock.now();
  let changed = false;
  for (const t of tasks) {
    if (t.state !== 'envoyee' || !taskRelations(ctx.actor, t).includes('recipient')) continue;
    const to = nextState(t.state, 'view', 'recipient');
    if (!to) continue;
    const [row] = await ctx.tx<{ version: number }[]>`
      UPDATE referral_task SET state = ${to}, version = version + 1, updated_at = ${now}
      WHERE id = ${t.id} AND state = 'envoyee' RETURNING version`;
    if (!row) continue;
    await recordEvent(ctx.tx, 'view', {
      territoryId: ctx.territoryId,
      referralId: referral.id,
      taskId: t.id,
      at: now,
      actorUserId: ctx.actor.userId,
      actorOrganisationId: ctx.actor.organisationId,
      fromState: 'envoyee',
      toState: to,
    });
    t.state = to;
    t.version = row.version;
    changed = true;
  }
  if (changed) referral.overall_state = await refreshOverallState(ctx.tx, referral.id, now);
}

/**
 * The referral page. The person's fields are only those its thématiques share (the
 * need-to-know whitelist), and none when the viewer's organisation has no access to the person
 * (an objection ended it): then `person.objection` is true and `fields` is empty.
 */
export const getReferral = authedProcedure.input(referralIdInput).query(async ({ ctx, input }) => {
  const { referral, visible } = await visibleReferral(ctx, input.referralId);
  await markViewed(ctx, referral, visible);
  const now = ctx.clock.now();
  const taskIds = visible.map((t) => t.id);
  const isSenderOrCoordinator =
    referral.sender_organisation_id === ctx.actor.organisationId || ctx.actor.role === 'coordinator';

  const access = await canSeePerson(ctx, referral.person_id);
  const person = await loadPerson(ctx.tx, referral.person_id);
  const shared = sharedFields(referral.thematiques);
  const fields: Partial<Record<PersonField, unknown>> =
    access && person ? pickSharedFields(personFields(person), referral.thematiques) : {};

  const messages = await ctx.tx<
    {
      id: string;
      task_id: string;
      body: string;
      created_at: Date;
      author_name: string;
      author_organisation_id: string;
      author_organisation_name: string;
    }[]
  >`
    SELECT m.id, m.task_id, m.body, m.created_at, u.name AS author_name, m.author_organisation_id,
      o.name AS author_organisation_name
    FROM referral_message m
    JOIN app_user u ON u.id = m.author_user_id
    JOIN organisation o ON o.id = m.author_organisation_id
    WHERE m.referral_id = ${referral.id} AND m.task_id = ANY(${taskIds}::uuid[])
    ORDER BY m.created_at, m.id`;

  const events = await ctx.tx<
    {
      at: Date;
      action: string;
      from_state: ReferralState | null;
      to_state: ReferralState | null;
      reason: string | null;
      outcome: string | null;
      message: string | null;
      actor_name: string | null;
      actor_organisation_name: string | null;
      task_id: string | null;
    }[]
  >`
    SELECT e.at, e.action, e.from_state, e.to_state, e.reason, e.outcome, e.message, u.name AS actor_name,
      o.name AS actor_organisation_name, e.task_id
    FROM referral_event e
    LEFT JOIN app_user u ON u.id = e.actor_user_id
    LEFT JOIN organisation o ON o.id = e.actor_organisation_id
    WHERE e.referral_id = ${referral.id} AND (e.task_id IS NULL OR e.task_id = ANY(${taskIds}::uuid[]))
    ORDER BY e.at, e.id`;

  // A recipient sees the sender's attachments and its own, never another recipient's.
  const attachments = await ctx.tx<
    {
      id: string;
      file_name: string;
      mime_type: string;
      size_bytes: number;
      created_at: Date;
      uploaded_by_organisation_name: string;
    }[]
  >`
    SELECT a.id, a.file_name, a.mime_type, a.size_bytes, a.created_at, o.name AS uploaded_by_organisation_name
    FROM referral_attachment a JOIN organisation o ON o.id = a.uploaded_by_organisation_id
    WHERE a.referral_id = ${referral.id} AND (${isSenderOrCoordinator}::boolean
      OR a.uploaded_by_organisation_id IN (${referral.sender_organisation_id}, ${ctx.actor.organisationId}))
    ORDER BY a.created_at, a.id`;

  const viewerRelations = new Set<ReferralRelation>();
  const tasks = visible.map((t) => {
    const relations = taskRelations(ctx.actor, t);
    relations.forEach((r) => viewerRelations.add(r));
    return {
      id: t.id,
      version: t.version,
      state: t.state,
      recipientOrganisation: { id: t.recipient_organisation_id, name: t.recipient_organisation_name },
      service: t.service_id ? { id: t.service_id, nom: t.service_nom! } : null,
      toRoute: t.to_route,
      sentAt: t.sent_at,
      answeredAt: t.answered_at,
      closedAt: t.closed_at,
      refusalReason: t.refusal_reason,
      outcome: t.outcome,
      previousTaskId: t.previous_task_id,
      waitingDays: waitingDays(t, now),
      relations,
      allowedActions: allowedActions(t.state, relations).filter((a) => a !== 'view' && a !== 'expire'),
      messages: messages
        .filter((m) => m.task_id === t.id)
        .map((m) => ({
          id: m.id,
          body: m.body,
          createdAt: m.created_at,
          authorName: m.author_name,
          authorOrganisationName: m.author_organisation_name,
          mine: m.author_organisation_id === ctx.actor.organisationId,
        })),
    };
  });

  await ctx.audit({
    action: 'referral.read',
    objectType: 'referral',
    objectId: referral.id,
    personId: referral.person_id,
    details: { fields: Object.keys(fields) },
  });

  return {
    referral: {
      id: referral.id,
      thematiques: referral.thematiques,
      motif: referral.motif,
      urgency: referral.urgency,
      dejaFait: referral.deja_fait,
      attendu: referral.attendu,
      overallState: referral.overall_state,
      createdAt: referral.created_at,
      sentAt: referral.sent_at,
      senderOrganisation: { id: referral.sender_organisation_id, name: referral.sender_organisation_name },
      senderUser: { name: referral.sender_user_name },
    },
    person: {
      id: referral.person_id,
      fields,
      sharedFields: shared,
      communeName: access && shared.includes('communeInsee') ? (person?.commune_name ?? null) : null,
      objection: !access,
    },
    tasks,
    events: events.map((e) => ({
      at: e.at,
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      reason: e.reason,
      outcome: e.outcome,
      message: e.message,
      actorName: e.actor_name,
      actorOrganisationName: e.actor_organisation_name,
      taskId: e.task_id,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      mimeType: a.mime_type,
      sizeBytes: a.size_bytes,
      createdAt: a.created_at,
      uploadedByOrganisationName: a.uploaded_by_organisation_name,
    })),
    viewer: { relations: [...viewerRelations] },
  };
});
