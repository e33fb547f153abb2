import { TRPCError } from '@trpc/server';
import { withTerritory } from '@ensemblier/db';
import { loginInput } from '@ensemblier/shared';
import { writeAudit } from '../../audit/audit.ts';
import { publicProcedure } from '../../trpc/init.ts';
import { setSessionCookie } from '../cookie.ts';
import { dummyPasswordHash, hashEmail, verifyPassword } from '../crypto.ts';
import { activeMemberships } from '../memberships.ts';
import { securityEvent } from '../security-events.ts';
import { createSession, sessionStage } from '../session.ts';
import { loginThrottle, recordAttempt, retryMessage } from '../throttle.ts';

const BAD_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';

export const login = publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
  const now = ctx.clock.now();
  const emailHash = hashEmail(input.email);
  const [route] = await ctx.sql<
    { territory_id: string }[]
  >`SELECT territory_id FROM auth_route WHERE kind = 'email' AND key = ${emailHash}`;
  const { retryAfterMs } = await loginThrottle(ctx.sql, emailHash, ctx.ip, now);
  if (retryAfterMs > 0) {
    await recordAttempt(ctx.sql, emailHash, ctx.ip, now, 'throttled');
    if (route) {
      await withTerritory(ctx.sql, route.territory_id, async (tx) => {
        const [u] = await tx<{ id: string }[]>`SELECT id FROM app_user WHERE email = ${input.email}`;
        await securityEvent(tx, {
          territoryId: route.territory_id,
          userId: u?.id ?? null,
          kind: 'login_throttled',
          ip: ctx.ip,
          at: now,
        });
      });
    }
    ctx.resHeaders.set('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: retryMessage(retryAfterMs) });
  }
  if (!route) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await recordAttempt(ctx.sql, emailHash, ctx.ip, now, 'failure');
    throw new TRPCError({ code: 'UNAUTHORIZED', message: BAD_CREDENTIALS });
  }
  const territoryId = route.territory_id;
  const result = await withTerritory(ctx.sql, territoryId, async (tx) => {
    const [u] = await tx<{ id: string; status: string; password_hash: string | null; totp_enabled: boolean }[]>`
      SELECT id, status, password_hash, totp_enabled_at IS NOT NULL AS totp_enabled FROM app_user WHERE email = ${input.email}`;
    const passwordOk = await verifyPassword(u?.password_hash ?? (await dummyPasswordHash()), input.password);
    const memberships = u ? await activeMemberships(tx, u.id) : [];
    if (!u || !passwordOk || u.status !== 'active' || memberships.length === 0) {
      await recordAttempt(tx, emailHash, ctx.ip, now, 'failure');
      await securityEvent(tx, {
        territoryId,
        userId: u?.id ?? null,
        kind: 'login_failure',
        ip: ctx.ip,
        at: now,
        details: {
          reason: !u ? 'unknown' : !passwordOk ? 'password' : u.status !== 'active' ? u.status : 'no_membership',
        },
      });
      return {
        ok: false as const,
        message:
          passwordOk && u?.status === 'active'
            ? 'Votre compte n’est rattaché à aucune structure active. Contactez votre administrateur.'
            : BAD_CREDENTIALS,
      };
    }
    const first = memberships[0]!;
    const session = await createSession(tx, {
      territoryId,
      userId: u.id,
      membershipId: first.id,
      now,
      config: ctx.config,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await recordAttempt(tx, emailHash, ctx.ip, now, 'success');
    await securityEvent(tx, { territoryId, userId: u.id, kind: 'login_success', ip: ctx.ip, at: now });
    await writeAudit(
      tx,
      {
        territoryId,
        requestId: ctx.requestId,
        at: now,
        userId: u.id,
        organisationId: first.organisationId,
        role: first.role,
      },
      { action: 'auth.login', objectType: 'session' },
    );
    const stage = sessionStage({
      totpEnabled: u.totp_enabled,
      verified: false,
      roles: memberships.map((m) => m.role),
      config: ctx.config,
    });
    return { ok: true as const, ...session, stage };
  });
  if (!result.ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: result.message });
  setSessionCookie(ctx, result.token, result.expiresAt, now);
  return { stage: result.stage };
});
