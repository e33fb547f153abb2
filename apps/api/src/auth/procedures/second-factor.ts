import { TRPCError } from '@trpc/server';
import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { enrolTotpInput, secondFactorInput } from '@ensemblier/shared';
import { enrolmentProcedure, fieldError, sessionProcedure } from '../../trpc/init.ts';
import { generateToken, hashToken } from '../crypto.ts';
import { securityEvent } from '../security-events.ts';
import { THROTTLE_WINDOW_MS } from '../throttle.ts';

const PERIOD = 30;
const DIGITS = 6;
const GRACE = 30; // one step either side: phones whose clock drifts a little
const MAX_FAILURES = 5;

const checkTotp = (key: Uint8Array, code: string) => verifyTOTPWithGracePeriod(key, PERIOD, DIGITS, code, GRACE);

/** Recovery codes: 10 codes of 10 base32 characters (50 bits each), shown once. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const c = generateToken().slice(0, 10);
    return `${c.slice(0, 5)}-${c.slice(5)}`;
  });
}
const hashRecovery = (code: string) =>
  hashToken(
    code
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );

/** Starts (or restarts) enrolment: a new key, kept on the session until confirmed. */
export const totpSetup = enrolmentProcedure.mutation(async ({ ctx }) => {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  await ctx.tx`UPDATE user_session SET pending_totp_key = ${Buffer.from(key)} WHERE id = ${ctx.session.id}`;
  await ctx.audit({ action: 'auth.totp_setup', objectType: 'user', objectId: ctx.user.id });
  return {
    secret: encodeBase32UpperCaseNoPadding(key),
    uri: createTOTPKeyURI('Ensemblier', ctx.user.email, key, PERIOD, DIGITS),
  };
});

/** Confirms enrolment with a first code; returns the recovery codes (shown once). */
export const enrolTotp = enrolmentProcedure.input(enrolTotpInput).mutation(async ({ ctx, input }) => {
  const [row] = await ctx.tx<
    { pending_totp_key: Buffer | null }[]
  >`SELECT pending_totp_key FROM user_session WHERE id = ${ctx.session.id}`;
  if (!row?.pending_totp_key) fieldError('code', 'Recommencez l’activation : aucune clé n’est en attente.');
  if (!checkTotp(new Uint8Array(row.pending_totp_key), input.code))
    fieldError(
      'code',
      'Ce code ne correspond pas. Vérifiez l’heure de votre téléphone et saisissez le code affiché maintenant.',
    );
  const codes = newRecoveryCodes();
  const now = ctx.clock.now();
  await ctx.tx`UPDATE app_user SET totp_key = ${row.pending_totp_key}, totp_enabled_at = ${now}, recovery_code_hashes = ${codes.map(hashRecovery)} WHERE id = ${ctx.user.id}`;
  await ctx.tx`UPDATE user_session SET pending_totp_key = NULL, second_factor_verified = true WHERE id = ${ctx.session.id}`;
  await securityEvent(ctx.tx, {
    territoryId: ctx.territoryId,
    userId: ctx.user.id,
    kind: 'second_factor_enrolled',
    ip: ctx.ip,
    at: now,
  });
  await ctx.audit({ action: 'auth.totp_enrol', objectType: 'user', objectId: ctx.user.id });
  return { recoveryCodes: codes };
});

/** Second step of login: a TOTP code or a recovery code (used once). */
export const verifySecondFactor = sessionProcedure.input(secondFactorInput).mutation(async ({ ctx, input }) => {
  const now = ctx.clock.now();
  if (ctx.session.stage !== 'second_factor') return { ok: true };
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const [{ n } = { n: 0 }] = await ctx.tx<{ n: number }[]>`
    SELECT count(*)::int AS n FROM security_event WHERE user_id = ${ctx.user.id} AND kind = 'second_factor_failure' AND at > ${since}
      AND id > coalesce((SELECT max(id) FROM security_event WHERE user_id = ${ctx.user.id} AND kind IN ('second_factor_success', 'recovery_code_used')), 0)`;
  if (n >= MAX_FAILURES)
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: 'Trop de codes erronés. Patientez 15 minutes ou utilisez un code de secours plus tard.',
    });
  const [u] = await ctx.tx<
    { totp_key: Buffer; recovery_code_hashes: string[] }[]
  >`SELECT totp_key, recovery_code_hashes FROM app_user WHERE id = ${ctx.user.id}`;
  const code = input.code.replace(/\s/g, '');
  let kind: 'second_factor_success' | 'recovery_code_used' | null = null;
  if (/^\d{6}$/.test(code) && u && checkTotp(new Uint8Array(u.totp_key), code)) kind = 'second_factor_success';
  else if (u && u.recovery_code_hashes.includes(hashRecovery(code))) {
    kind = 'recovery_code_used';
    await ctx.tx`UPDATE app_user SET recovery_code_hashes = array_remove(recovery_code_hashes, ${hashRecovery(code)}) WHERE id = ${ctx.user.id}`;
  }
  if (!kind) {
    // Recorded even though the request fails: written, committed, then the error.
    await securityEvent(ctx.tx, {
      territoryId: ctx.territoryId,
      userId: ctx.user.id,
      kind: 'second_factor_failure',
      ip: ctx.ip,
      at: now,
    });
    await ctx.audit({ action: 'auth.second_factor', objectType: 'session', outcome: 'failure' });
    return {
      ok: false,
      message: 'Ce code n’est pas valide. Saisissez le code à 6 chiffres affiché maintenant, ou un code de secours.',
    };
  }
  await ctx.tx`UPDATE user_session SET second_factor_verified = true WHERE id = ${ctx.session.id}`;
  await securityEvent(ctx.tx, { territoryId: ctx.territoryId, userId: ctx.user.id, kind, ip: ctx.ip, at: now });
  await ctx.audit({ action: 'auth.second_factor', objectType: 'session' });
  return { ok: true };
});
