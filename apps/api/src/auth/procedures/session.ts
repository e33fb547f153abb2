import { switchMembershipInput } from '@ensemblier/shared';
import { authedProcedure, notFound, sessionProcedure } from '../../trpc/init.ts';
import { clearSessionCookie } from '../cookie.ts';
import { securityEvent } from '../security-events.ts';

/** Who am I: the shell's data (user, active membership, the others, session stage). */
export const me = sessionProcedure.query(async ({ ctx }) => {
  const memberships = await ctx.tx<{ id: string; role: string; organisation_id: string; organisation_name: string }[]>`
    SELECT m.id, m.role, m.organisation_id, o.name AS organisation_name FROM membership m
    JOIN organisation o ON o.territory_id = m.territory_id AND o.id = m.organisation_id
    WHERE m.user_id = ${ctx.user.id} AND m.status = 'active' AND o.status = 'active' ORDER BY o.name`;
  return {
    user: ctx.user,
    stage: ctx.session.stage,
    activeMembership: ctx.membership,
    memberships: memberships.map((m) => ({
      id: m.id,
      role: m.role,
      organisationId: m.organisation_id,
      organisationName: m.organisation_name,
    })),
  };
});

export const logout = sessionProcedure.mutation(async ({ ctx }) => {
  await ctx.tx`DELETE FROM user_session WHERE id = ${ctx.session.id}`;
  await securityEvent(ctx.tx, {
    territoryId: ctx.territoryId,
    userId: ctx.user.id,
    kind: 'logout',
    ip: ctx.ip,
    at: ctx.clock.now(),
  });
  await ctx.audit({ action: 'auth.logout', objectType: 'session' });
  clearSessionCookie(ctx);
  return { ok: true };
});

export const switchMembership = authedProcedure.input(switchMembershipInput).mutation(async ({ ctx, input }) => {
  const [m] = await ctx.tx<{ id: string; organisation_id: string }[]>`
    SELECT m.id, m.organisation_id FROM membership m
    JOIN organisation o ON o.territory_id = m.territory_id AND o.id = m.organisation_id
    WHERE m.id = ${input.membershipId} AND m.user_id = ${ctx.user.id} AND m.status = 'active' AND o.status = 'active'`;
  if (!m) notFound();
  await ctx.tx`UPDATE user_session SET active_membership_id = ${m.id} WHERE id = ${ctx.session.id}`;
  await ctx.audit({ action: 'auth.switch_membership', objectType: 'membership', objectId: m.id });
  return { ok: true };
});
