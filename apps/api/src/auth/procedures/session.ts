import { switchMembershipInput } from '@ensemblier/shared';
import { authedProcedure, notFound, sessionProcedure } from '../../trpc/init.ts';
import { clearSessionCookie } from '../cookie.ts';
import { securityEvent } from '../security-events.ts';

/** Who am I: the shell's data (user, active membership, the others, session stage). */
export const me = sessionProcedure.query(({ ctx }) => {
  const memberships = [...ctx.memberships].sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'fr'));
  return {
    user: ctx.user,
    stage: ctx.session.stage,
    activeMembership: ctx.membership,
    memberships,
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
  const m = ctx.memberships.find((x) => x.id === input.membershipId);
  if (!m) notFound();
  await ctx.tx`UPDATE user_session SET active_membership_id = ${m.id} WHERE id = ${ctx.session.id}`;
  await ctx.audit({ action: 'auth.switch_membership', objectType: 'membership', objectId: m.id });
  return { ok: true };
});
