import {
  can,
  changeRoleInput,
  inviteMemberInput,
  listMembersInput,
  membershipIdInput,
  ROLE_LABELS,
  type Role,
} from '@ensemblier/shared';
import { createLinkToken } from '../../auth/procedures/single-use-links.ts';
import { hashEmail, hashToken } from '../../auth/crypto.ts';
import { securityEvent } from '../../auth/security-events.ts';
import { revokeSessions } from '../../auth/session.ts';
import { queueMail } from '../../mail/outbox.ts';
import { invitationMail } from '../../mail/templates.ts';
import { authedProcedure, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import type { TenantContext } from '../../trpc/context.ts';

async function organisationExists(ctx: TenantContext, id: string) {
  const [row] = await ctx.tx<
    { name: string; status: string }[]
  >`SELECT name, status FROM organisation WHERE id = ${id}`;
  return row;
}

export const listMembers = authedProcedure.input(listMembersInput).query(async ({ ctx, input }) => {
  if (!(await organisationExists(ctx, input.organisationId))) notFound();
  if (!can(ctx.actor, 'member.list', { organisationId: input.organisationId })) forbidden();
  const rows = await ctx.tx<
    {
      id: string;
      role: Role;
      status: string;
      user_id: string;
      name: string;
      email: string;
      user_status: string;
      invitation_expires_at: Date | null;
      total: number;
    }[]
  >`
    SELECT m.id, m.role, m.status, u.id AS user_id, u.name, u.email, u.status AS user_status,
      (SELECT max(t.expires_at) FROM auth_token t WHERE t.user_id = u.id AND t.kind = 'invitation' AND t.used_at IS NULL) AS invitation_expires_at,
      count(*) OVER ()::int AS total
    FROM membership m JOIN app_user u ON u.territory_id = m.territory_id AND u.id = m.user_id
    WHERE m.organisation_id = ${input.organisationId} AND m.status = 'active'
    ORDER BY u.name
    LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`;
  return {
    items: rows.map((r) => ({
      membershipId: r.id,
      role: r.role,
      userId: r.user_id,
      name: r.name,
      email: r.email,
      userStatus: r.user_status,
      invitationExpiresAt: r.invitation_expires_at,
      isSelf: r.user_id === ctx.user.id,
    })),
    total: rows[0]?.total ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
});

export const inviteMember = authedProcedure.input(inviteMemberInput).mutation(async ({ ctx, input }) => {
  const org = await organisationExists(ctx, input.organisationId);
  if (!org) notFound();
  if (!can(ctx.actor, 'member.invite', { organisationId: input.organisationId, role: input.role })) forbidden();
  if (org.status !== 'active')
    fieldError('organisationId', 'Cette structure est désactivée : réactivez-la avant d’inviter quelqu’un.');
  const now = ctx.clock.now();
  let [user] = await ctx.tx<
    { id: string; status: string; name: string }[]
  >`SELECT id, status, name FROM app_user WHERE email = ${input.email}`;
  if (!user) {
    const [elsewhere] = await ctx.tx`SELECT 1 FROM auth_route WHERE kind = 'email' AND key = ${hashEmail(input.email)}`;
    if (elsewhere)
      fieldError(
        'email',
        'Cette adresse e-mail est déjà utilisée sur un autre territoire. Indiquez une autre adresse.',
      );
    [user] = await ctx.tx<{ id: string; status: string; name: string }[]>`
      INSERT INTO app_user (territory_id, email, name, status) VALUES (${ctx.territoryId}, ${input.email}, ${input.name}, 'invited')
      RETURNING id, status, name`;
  }
  if (!user) throw new Error('user insert failed');
  if (user.status === 'deactivated')
    fieldError('email', 'Ce compte est désactivé. Réactivez-le depuis sa fiche avant de l’inviter.');
  const [membership] = await ctx.tx<{ id: string; status: string }[]>`
    SELECT id, status FROM membership WHERE user_id = ${user.id} AND organisation_id = ${input.organisationId}`;
  if (membership?.status === 'active') fieldError('email', 'Cette personne est déjà membre de cette structure.');
  const membershipId = membership
    ? (
        await ctx.tx<
          { id: string }[]
        >`UPDATE membership SET status = 'active', role = ${input.role} WHERE id = ${membership.id} RETURNING id`
      )[0]!.id
    : (
        await ctx.tx<
          { id: string }[]
        >`INSERT INTO membership (territory_id, user_id, organisation_id, role) VALUES (${ctx.territoryId}, ${user.id}, ${input.organisationId}, ${input.role}) RETURNING id`
      )[0]!.id;
  if (user.status === 'invited') {
    const token = await createLinkToken(ctx.tx, {
      territoryId: ctx.territoryId,
      userId: user.id,
      kind: 'invitation',
      createdBy: ctx.user.id,
      now,
    });
    const mail = invitationMail({
      name: user.name,
      organisationName: org.name,
      inviterName: ctx.user.name,
      url: `${ctx.config.origin}/invitation/${token}`,
    });
    await queueMail(ctx.tx, ctx.territoryId, { to: input.email, ...mail, dedupeKey: `invitation:${hashToken(token)}` });
    await securityEvent(ctx.tx, {
      territoryId: ctx.territoryId,
      userId: user.id,
      kind: 'invitation_sent',
      ip: ctx.ip,
      at: now,
      details: { by: ctx.user.id },
    });
  }
  await ctx.audit({
    action: 'member.invite',
    objectType: 'membership',
    objectId: membershipId,
    details: { userId: user.id, organisationId: input.organisationId, role: input.role },
  });
  return { membershipId, invited: user.status === 'invited' };
});

async function loadMembership(ctx: TenantContext, membershipId: string) {
  const [m] = await ctx.tx<{ id: string; user_id: string; organisation_id: string; role: Role; status: string }[]>`
    SELECT id, user_id, organisation_id, role, status FROM membership WHERE id = ${membershipId} AND status = 'active'`;
  return m;
}

export const changeRole = authedProcedure.input(changeRoleInput).mutation(async ({ ctx, input }) => {
  const m = await loadMembership(ctx, input.membershipId);
  if (!m) notFound();
  if (
    !can(ctx.actor, 'member.changeRole', { organisationId: m.organisation_id, role: input.role }) ||
    !can(ctx.actor, 'member.changeRole', { organisationId: m.organisation_id, role: m.role })
  )
    forbidden();
  if (m.user_id === ctx.user.id)
    fieldError('role', 'Vous ne pouvez pas changer votre propre rôle. Demandez-le à un autre administrateur.');
  await ctx.tx`UPDATE membership SET role = ${input.role} WHERE id = ${m.id}`;
  await ctx.audit({
    action: 'member.change_role',
    objectType: 'membership',
    objectId: m.id,
    details: { from: m.role, to: input.role, label: ROLE_LABELS[input.role] },
  });
  return { ok: true };
});

/** Removes a membership; the person's sessions end at once. */
export const removeMember = authedProcedure.input(membershipIdInput).mutation(async ({ ctx, input }) => {
  const m = await loadMembership(ctx, input.membershipId);
  if (!m) notFound();
  if (!can(ctx.actor, 'member.deactivate', { organisationId: m.organisation_id, role: m.role })) forbidden();
  if (m.user_id === ctx.user.id)
    fieldError('membershipId', 'Vous ne pouvez pas vous retirer vous-même. Demandez-le à un autre administrateur.');
  await ctx.tx`UPDATE membership SET status = 'removed' WHERE id = ${m.id}`;
  const revoked = await revokeSessions(ctx.tx, m.user_id);
  const [{ remaining } = { remaining: 0 }] = await ctx.tx<{ remaining: number }[]>`
    SELECT count(*)::int AS remaining FROM membership WHERE user_id = ${m.user_id} AND status = 'active'`;
  if (remaining === 0)
    await ctx.tx`UPDATE app_user SET status = 'deactivated' WHERE id = ${m.user_id} AND status <> 'deactivated'`;
  if (revoked > 0)
    await securityEvent(ctx.tx, {
      territoryId: ctx.territoryId,
      userId: m.user_id,
      kind: 'session_revoked',
      ip: ctx.ip,
      at: ctx.clock.now(),
      details: { reason: 'membership_removed', sessions: revoked },
    });
  await ctx.audit({
    action: 'member.remove',
    objectType: 'membership',
    objectId: m.id,
    details: { userId: m.user_id, deactivatedUser: remaining === 0 },
  });
  return { ok: true, userDeactivated: remaining === 0 };
});
