import { changePasswordInput } from '@ensemblier/shared';
import { authedProcedure, fieldError } from '../../trpc/init.ts';
import { hashPassword, verifyPassword } from '../crypto.ts';
import { securityEvent } from '../security-events.ts';

/** Changes the password; every other session of the user ends, this one stays. */
export const changePassword = authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
  const [u] = await ctx.tx<
    { password_hash: string | null }[]
  >`SELECT password_hash FROM app_user WHERE id = ${ctx.user.id}`;
  if (!u?.password_hash || !(await verifyPassword(u.password_hash, input.currentPassword))) {
    fieldError('currentPassword', 'Ce mot de passe ne correspond pas à votre mot de passe actuel.');
  }
  await ctx.tx`UPDATE app_user SET password_hash = ${await hashPassword(input.password)} WHERE id = ${ctx.user.id}`;
  const others =
    await ctx.tx`DELETE FROM user_session WHERE user_id = ${ctx.user.id} AND id <> ${ctx.session.id} RETURNING id`;
  await securityEvent(ctx.tx, {
    territoryId: ctx.territoryId,
    userId: ctx.user.id,
    kind: 'password_changed',
    ip: ctx.ip,
    at: ctx.clock.now(),
    details: { otherSessionsEnded: others.length },
  });
  await ctx.audit({ action: 'auth.password_changed', objectType: 'user', objectId: ctx.user.id });
  return { otherSessionsEnded: others.length };
});
