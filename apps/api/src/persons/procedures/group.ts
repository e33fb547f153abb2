import type { TransactionSql } from '@ensemblier/db';
import {
  groupAddInput,
  groupRemoveInput,
  groupSetReferentInput,
  personIdInput,
  type Actor,
  type FollowUpReason,
} from '@ensemblier/shared';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { canSeePerson } from '../access.ts';
import { joinFollowUpGroup, leaveFollowUpGroup } from '../follow-up.ts';

/** Roles that may be named référent (they support the person; not the technical admin). */
const REFERENT_ROLES = ['coordinator', 'partner_manager', 'partner_worker'] as const;

/**
 * Who may name or clear the référent of a member organisation: the CCAS coordinators for any
 * member; the organisation's own managers and workers for their organisation.
 */
export function canSetReferent(actor: Actor, organisationId: string): boolean {
  if (actor.role === 'coordinator') return true;
  return (
    (actor.role === 'partner_manager' || actor.role === 'partner_worker') && actor.organisationId === organisationId
  );
}

/** The users who may be référent for these organisations (active professionals of each). */
async function referentCandidates(
  tx: TransactionSql,
  organisationIds: readonly string[],
): Promise<Map<string, { userId: string; name: string }[]>> {
  const byOrg = new Map<string, { userId: string; name: string }[]>();
  if (organisationIds.length === 0) return byOrg;
  const rows = await tx<{ organisation_id: string; user_id: string; name: string }[]>`
    SELECT DISTINCT m.organisation_id, u.id AS user_id, u.name
    FROM membership m JOIN app_user u ON u.territory_id = m.territory_id AND u.id = m.user_id
    WHERE m.organisation_id = ANY(${organisationIds as string[]}::uuid[]) AND m.status = 'active'
      AND u.status = 'active' AND m.role = ANY(${[...REFERENT_ROLES]}::text[])
    ORDER BY u.name, u.id`;
  for (const r of rows)
    byOrg.set(r.organisation_id, [...(byOrg.get(r.organisation_id) ?? []), { userId: r.user_id, name: r.name }]);
  return byOrg;
}

/** The person's follow-up group: who supports them, their référent, why and since when. */
export const listGroup = authedProcedure.input(personIdInput).query(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const rows = await ctx.tx<
    {
      organisation_id: string;
      organisation_name: string;
      organisation_type: string;
      referent_user_id: string | null;
      referent_name: string | null;
      reason: FollowUpReason;
      joined_at: Date;
    }[]
  >`
    SELECT m.organisation_id, o.name AS organisation_name, o.type AS organisation_type, m.referent_user_id,
      u.name AS referent_name, m.reason, m.joined_at
    FROM follow_up_member m
    JOIN organisation o ON o.id = m.organisation_id
    LEFT JOIN app_user u ON u.id = m.referent_user_id
    WHERE m.person_id = ${input.personId} AND m.left_at IS NULL
    ORDER BY m.joined_at, o.name`;
  const settable = rows.filter((r) => canSetReferent(ctx.actor, r.organisation_id)).map((r) => r.organisation_id);
  const candidates = await referentCandidates(ctx.tx, settable);
  await ctx.audit({
    action: 'person.group.read',
    objectType: 'person',
    objectId: input.personId,
    personId: input.personId,
  });
  return {
    members: rows.map((r) => ({
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      organisationType: r.organisation_type,
      referent: r.referent_user_id ? { userId: r.referent_user_id, name: r.referent_name ?? '' } : null,
      reason: r.reason,
      joinedAt: r.joined_at,
      /** The actor may name or clear this member's référent (persons.group.setReferent). */
      canSetReferent: settable.includes(r.organisation_id),
      /** Who may be named (only when canSetReferent): the organisation's active professionals. */
      referentCandidates: candidates.get(r.organisation_id) ?? [],
    })),
    /** Only the CCAS (coordinators) adds or removes organisations. */
    canManage: ctx.actor.role === 'coordinator',
    myOrganisationIsMember: rows.some((r) => r.organisation_id === ctx.actor.organisationId),
  };
});

/** The CCAS adds an organisation (reason 'ccas'); refused when the person objected to it. */
export const addToGroup = authedProcedure.input(groupAddInput).mutation(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  if (ctx.actor.role !== 'coordinator') forbidden();
  const [org] = await ctx.tx<{ status: string }[]>`SELECT status FROM organisation WHERE id = ${input.organisationId}`;
  if (!org || org.status !== 'active') fieldError('organisationId', 'Choisissez une structure active du réseau.');
  if (input.referentUserId) {
    const [m] = await ctx.tx`SELECT 1 FROM membership WHERE user_id = ${input.referentUserId}
      AND organisation_id = ${input.organisationId} AND status = 'active'
      AND role IN ('coordinator', 'partner_manager', 'partner_worker')`;
    if (!m) fieldError('referentUserId', 'Choisissez un professionnel de cette structure.');
  }
  const result = await joinFollowUpGroup(ctx.tx, {
    territoryId: ctx.territoryId,
    personId: input.personId,
    organisationId: input.organisationId,
    reason: 'ccas',
    referentUserId: input.referentUserId ?? null,
    addedByUserId: ctx.actor.userId,
    at: ctx.clock.now(),
  });
  if (result === 'objection') conflict('La personne s’est opposée au partage avec cette structure.');
  if (result === 'already_member') conflict('Cette structure fait déjà partie du groupe de suivi.');
  await ctx.audit({
    action: 'person.group.add',
    objectType: 'organisation',
    objectId: input.organisationId,
    personId: input.personId,
    details: { reason: 'ccas' },
  });
  return { ok: true as const };
});

/** The CCAS removes an organisation: its access ends at once. */
export const removeFromGroup = authedProcedure.input(groupRemoveInput).mutation(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  if (ctx.actor.role !== 'coordinator') forbidden();
  const left = await leaveFollowUpGroup(ctx.tx, {
    personId: input.personId,
    organisationId: input.organisationId,
    endedByUserId: ctx.actor.userId,
    at: ctx.clock.now(),
  });
  if (!left) conflict('Cette structure ne fait pas partie du groupe de suivi.');
  await ctx.audit({
    action: 'person.group.remove',
    objectType: 'organisation',
    objectId: input.organisationId,
    personId: input.personId,
  });
  return { ok: true as const };
});

/** The actor's organisation leaves the group: its access to the file ends at once. */
export const leaveGroup = authedProcedure.input(personIdInput).mutation(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const left = await leaveFollowUpGroup(ctx.tx, {
    personId: input.personId,
    organisationId: ctx.actor.organisationId,
    endedByUserId: ctx.actor.userId,
    at: ctx.clock.now(),
  });
  if (!left) conflict('Votre structure ne fait pas partie du groupe de suivi.');
  await ctx.audit({
    action: 'person.group.leave',
    objectType: 'organisation',
    objectId: ctx.actor.organisationId,
    personId: input.personId,
  });
  return { ok: true as const };
});

/**
 * Names (or clears, with null) the référent of a member organisation: the CCAS coordinators for
 * any member, the organisation's own managers and workers for theirs (others: FORBIDDEN). The
 * référent is an active professional of that organisation (else a field error). Audited.
 */
export const setReferent = authedProcedure.input(groupSetReferentInput).mutation(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  if (!canSetReferent(ctx.actor, input.organisationId)) forbidden();
  const [member] = await ctx.tx<{ id: string; referent_user_id: string | null }[]>`
    SELECT id, referent_user_id FROM follow_up_member
    WHERE person_id = ${input.personId} AND organisation_id = ${input.organisationId} AND left_at IS NULL`;
  if (!member) conflict('Cette structure ne fait pas partie du groupe de suivi.');
  if (input.referentUserId) {
    const candidates = await referentCandidates(ctx.tx, [input.organisationId]);
    if (!(candidates.get(input.organisationId) ?? []).some((c) => c.userId === input.referentUserId))
      fieldError('referentUserId', 'Choisissez un professionnel de cette structure.');
  }
  await ctx.tx`UPDATE follow_up_member SET referent_user_id = ${input.referentUserId} WHERE id = ${member.id}`;
  await ctx.audit({
    action: 'person.group.referent',
    objectType: 'organisation',
    objectId: input.organisationId,
    personId: input.personId,
    details: { referentUserId: input.referentUserId, previousReferentUserId: member.referent_user_id },
  });
  return { ok: true as const };
});
