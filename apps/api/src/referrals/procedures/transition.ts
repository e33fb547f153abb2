import {
  FINAL_STATES,
  nextState,
  OUTCOME_LABELS,
  REFUSAL_REASON_LABELS,
  TRANSITIONS,
  transitionInput,
  type ReferralRelation,
  type ReferralState,
} from '@ensemblier/shared';
import { notify } from '../../notifications/emit.ts';
import { grantPersonAccess } from '../../persons/access.ts';
import { joinFollowUpGroup } from '../../persons/follow-up.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, forbidden } from '../../trpc/init.ts';
import {
  checkSharing,
  recordEvent,
  referralLink,
  refreshOverallState,
  visibleTask,
  type ReferralRow,
  type TaskRow,
} from '../common.ts';
import { notifySent, thematiquesText } from './create.ts';

export const STALE_MESSAGE =
  'Cette orientation vient d’être modifiée par quelqu’un d’autre. Rechargez la page pour voir sa nouvelle situation.';

const REQUIRED_MESSAGES = {
  reason: ['reason', 'Choisissez le motif du refus.'],
  outcome: ['outcome', 'Choisissez le résultat de l’accompagnement.'],
  message: ['message', 'Expliquez en quelques mots la raison de ce choix.'],
  target: ['targetServiceId', 'Choisissez le service vers lequel réorienter.'],
} as const;

/** The new recipient of a réorientation: an active service accepting referrals, consent checked. */
async function reorientTarget(ctx: TenantContext, referral: ReferralRow, serviceId: string) {
  const [s] = await ctx.tx<{ id: string; organisation_id: string; organisation_name: string; ok: boolean }[]>`
    SELECT s.id, s.organisation_id, o.name AS organisation_name,
      (s.status = 'active' AND s.accepts_referrals AND o.status = 'active') AS ok
    FROM service s JOIN organisation o ON o.id = s.organisation_id WHERE s.id = ${serviceId}`;
  if (!s?.ok) fieldError('targetServiceId', 'Ce service n’existe plus ou ne reçoit pas d’orientation.');
  await checkSharing(
    ctx,
    referral.person_id,
    [{ organisationId: s.organisation_id, name: s.organisation_name }],
    referral.thematiques,
    'targetServiceId',
  );
  return s;
}

/**
 * One step of a task's lifecycle, by the rules of packages/shared (nextState): NOT_FOUND when
 * the actor has no relation to the task, FORBIDDEN when the action is not theirs to take in this
 * state, CONFLICT when the version they saw is no longer current (UPDATE … WHERE version).
 */
export const transitionTask = authedProcedure.input(transitionInput).mutation(async ({ ctx, input }) => {
  const { task, referral, relations } = await visibleTask(ctx, input.taskId);
  const action = input.action;
  const relation = relations.find((r): r is ReferralRelation => nextState(task.state, action, r) !== null);
  const to = relation ? nextState(task.state, action, relation) : null;
  if (!to || !relation) {
    // A stale page may offer an action the task no longer allows: say so rather than "forbidden".
    if (task.version !== input.version) conflict(STALE_MESSAGE);
    forbidden();
  }
  for (const need of TRANSITIONS[action].requires ?? []) {
    const value = need === 'target' ? input.targetServiceId : input[need];
    if (!value) fieldError(REQUIRED_MESSAGES[need][0], REQUIRED_MESSAGES[need][1]);
  }
  if (action === 'complete' && input.outcome === 'reorientee')
    fieldError('outcome', 'Une réorientation passe par le CCAS : choisissez un autre résultat.');

  const now = ctx.clock.now();
  const target = action === 'reorient' ? await reorientTarget(ctx, referral, input.targetServiceId!) : null;
  if (action === 'send')
    await checkSharing(
      ctx,
      referral.person_id,
      [{ organisationId: task.recipient_organisation_id, name: task.recipient_organisation_name }],
      referral.thematiques,
    );

  const answered = action === 'accept' || action === 'refuse';
  const final = FINAL_STATES.includes(to);
  const outcome = action === 'reorient' ? 'reorientee' : action === 'complete' ? input.outcome! : null;
  const [updated] = await ctx.tx<{ version: number }[]>`
    UPDATE referral_task SET state = ${to}, version = version + 1, updated_at = ${now},
      sent_at = CASE WHEN ${action === 'send'}::boolean THEN ${now}::timestamptz ELSE sent_at END,
      answered_at = CASE WHEN ${answered}::boolean THEN ${now}::timestamptz ELSE answered_at END,
      closed_at = CASE WHEN ${final}::boolean THEN ${now}::timestamptz ELSE closed_at END,
      refusal_reason = CASE WHEN ${action === 'refuse'}::boolean THEN ${input.reason ?? null} ELSE refusal_reason END,
      outcome = coalesce(${outcome}, outcome)
    WHERE id = ${task.id} AND version = ${input.version} AND state = ${task.state}
    RETURNING version`;
  if (!updated) conflict(STALE_MESSAGE);

  let newTaskId: string | null = null;
  if (target) {
    const [t] = await ctx.tx<{ id: string }[]>`
      INSERT INTO referral_task (territory_id, referral_id, sender_organisation_id, urgency, recipient_organisation_id,
        service_id, to_route, state, previous_task_id, created_at, sent_at, updated_at)
      SELECT ${ctx.territoryId}, ${referral.id}, ${referral.sender_organisation_id}, urgency, ${target.organisation_id},
        ${target.id}, false, 'envoyee', ${task.id}, ${now}, ${now}, ${now}
      FROM referral_task WHERE id = ${task.id}
      RETURNING id`;
    newTaskId = t!.id;
    await grantPersonAccess(ctx.tx, ctx.territoryId, referral.person_id, [target.organisation_id], 'referral', now);
  }
  if (action === 'send') {
    await grantPersonAccess(
      ctx.tx,
      ctx.territoryId,
      referral.person_id,
      [task.recipient_organisation_id],
      'referral',
      now,
    );
    await ctx.tx`UPDATE referral SET sent_at = coalesce(sent_at, ${now}) WHERE id = ${referral.id}`;
  }
  // Accepting makes the recipient a member of the person's follow-up group (an objection in
  // force keeps it out: joinFollowUpGroup checks it).
  if (action === 'accept')
    await joinFollowUpGroup(ctx.tx, {
      territoryId: ctx.territoryId,
      personId: referral.person_id,
      organisationId: task.recipient_organisation_id,
      reason: 'referral',
      addedByUserId: ctx.actor.userId,
      at: now,
    });

  const eventBase = {
    territoryId: ctx.territoryId,
    referralId: referral.id,
    at: now,
    actorUserId: ctx.actor.userId,
    actorOrganisationId: ctx.actor.organisationId,
  };
  await recordEvent(ctx.tx, action, {
    ...eventBase,
    taskId: task.id,
    fromState: task.state,
    toState: to,
    reason: action === 'refuse' ? input.reason : null,
    outcome,
    message: input.message,
    targetTaskId: newTaskId,
  });
  if (newTaskId)
    await recordEvent(ctx.tx, 'send', {
      ...eventBase,
      taskId: newTaskId,
      fromState: 'brouillon',
      toState: 'envoyee',
      message: input.message,
    });
  await refreshOverallState(ctx.tx, referral.id, now);
  await notifyTransition(ctx, { referral, task, action, to, reason: input.reason ?? null, newTaskId, target });

  await ctx.audit({
    action: 'referral.transition',
    objectType: 'referral_task',
    objectId: task.id,
    personId: referral.person_id,
    details: {
      referralId: referral.id,
      transition: action,
      from: task.state,
      to,
      reason: input.reason ?? null,
      outcome,
      newTaskId,
    },
  });
  return { taskId: task.id, state: to, version: updated.version, newTaskId };
});

async function notifyTransition(
  ctx: TenantContext,
  p: {
    referral: ReferralRow;
    task: TaskRow;
    action: string;
    to: ReferralState;
    reason: string | null;
    newTaskId: string | null;
    target: { organisation_id: string; organisation_name: string } | null;
  },
) {
  const { referral, task } = p;
  const who = task.recipient_organisation_name;
  const link = referralLink(referral.id);
  const common = { link, referralId: referral.id };
  const sender = { userIds: [referral.sender_user_id], exceptUserId: ctx.actor.userId };
  const about = thematiquesText(referral.thematiques);
  switch (p.action) {
    case 'accept':
      await notify(ctx.tx, ctx.territoryId, sender, {
        kind: 'referral_answered',
        dedupeKey: `referral_answered:${task.id}`,
        title: `Orientation acceptée par ${who}`,
        body: `${who} a accepté votre orientation (${about}).`,
        ...common,
      });
      break;
    case 'refuse':
      // The sender, and the CCAS coordinators (they watch refusals to re-route them).
      await notify(
        ctx.tx,
        ctx.territoryId,
        { ...sender, coordinators: true },
        {
          kind: 'referral_refused',
          dedupeKey: `referral_refused:${task.id}`,
          title: `Orientation refusée par ${who}`,
          body: `Motif : ${REFUSAL_REASON_LABELS[p.reason as keyof typeof REFUSAL_REASON_LABELS] ?? p.reason} (${about}).`,
          ...common,
        },
      );
      break;
    case 'complete':
    case 'fail': {
      const [t] = await ctx.tx<{ outcome: string | null }[]>`SELECT outcome FROM referral_task WHERE id = ${task.id}`;
      await notify(ctx.tx, ctx.territoryId, sender, {
        kind: 'referral_outcome',
        dedupeKey: `referral_outcome:${task.id}`,
        title: p.action === 'complete' ? `Accompagnement terminé par ${who}` : `Accompagnement en échec chez ${who}`,
        body:
          p.action === 'complete'
            ? `Résultat : ${OUTCOME_LABELS[t!.outcome as keyof typeof OUTCOME_LABELS] ?? t!.outcome} (${about}).`
            : `${who} n’a pas pu mener l’accompagnement à son terme (${about}).`,
        ...common,
      });
      break;
    }
    case 'cancel':
      await notify(
        ctx.tx,
        ctx.territoryId,
        { organisationIds: [task.recipient_organisation_id], exceptUserId: ctx.actor.userId },
        {
          kind: 'referral_cancelled',
          dedupeKey: `referral_cancelled:${task.id}`,
          title: `Orientation annulée par ${referral.sender_organisation_name}`,
          body: `L’orientation (${about}) a été annulée par la structure qui l’avait envoyée.`,
          ...common,
        },
      );
      break;
    case 'reorient':
      await notify(ctx.tx, ctx.territoryId, sender, {
        kind: 'referral_reoriented',
        dedupeKey: `referral_reoriented:${task.id}`,
        title: `Orientation réorientée vers ${p.target!.organisation_name}`,
        body: `Le CCAS a réorienté votre orientation (${about}) vers ${p.target!.organisation_name}.`,
        ...common,
      });
      await notifySent(
        ctx,
        {
          referralId: referral.id,
          senderName: referral.sender_organisation_name,
          thematiques: referral.thematiques,
          urgent: referral.urgency === 'urgente',
        },
        [{ id: p.newTaskId!, organisationId: p.target!.organisation_id, toRoute: false }],
      );
      break;
    case 'send':
      await notifySent(
        ctx,
        {
          referralId: referral.id,
          senderName: referral.sender_organisation_name,
          thematiques: referral.thematiques,
          urgent: referral.urgency === 'urgente',
        },
        [{ id: task.id, organisationId: task.recipient_organisation_id, toRoute: task.to_route }],
      );
      break;
  }
}
