import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory, setupApi, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await setupApi({ requireSecondFactor: true });
});
afterAll(() => h.close());

const totp = (secret: string) => generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);

describe('TOTP second factor (enforced for admin and coordinator)', () => {
  let secret = '';
  let recovery: string[] = [];

  it('an admin without a second factor must enrol before anything else', async () => {
    const b = h.browser();
    expect(await b.login('admin@demo.ensemblier.fr')).toEqual({ stage: 'enrolment' });
    expect((await b.trpc.auth.me.query()).stage).toBe('enrolment');
    expect(await codeOf(b.trpc.admin.organisations.list.query({}))).toBe('FORBIDDEN');
    const setup = await b.trpc.auth.totpSetup.mutate();
    secret = setup.secret;
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Ensemblier:admin%40demo\.ensemblier\.fr\?/);
    const wrong = await failure(
      b.trpc.auth.enrolTotp.mutate({ code: '000000' === totp(secret) ? '111111' : '000000' }),
    );
    expect(wrong.data?.fieldErrors?.code).toMatch(/ne correspond pas/);
    recovery = (await b.trpc.auth.enrolTotp.mutate({ code: totp(secret) })).recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    expect((await b.trpc.admin.organisations.list.query({})).total).toBeGreaterThan(10);
    const [row] = await inTerritory(
      h,
      (tx) => tx`SELECT recovery_code_hashes FROM app_user WHERE email = 'admin@demo.ensemblier.fr'`,
    );
    expect(JSON.stringify(row)).not.toContain(recovery[0]!);
  });

  it('the next login asks for the code; a wrong code is refused and recorded', async () => {
    const b = h.browser();
    expect(await b.login('admin@demo.ensemblier.fr')).toEqual({ stage: 'second_factor' });
    expect(await codeOf(b.trpc.admin.audit.list.query({}))).toBe('FORBIDDEN');
    const bad = await b.trpc.auth.verifySecondFactor.mutate({ code: totp(secret) === '123456' ? '654321' : '123456' });
    expect(bad.ok).toBe(false);
    expect(await codeOf(b.trpc.admin.audit.list.query({}))).toBe('FORBIDDEN');
    expect((await b.trpc.auth.verifySecondFactor.mutate({ code: totp(secret) })).ok).toBe(true);
    expect((await b.trpc.admin.audit.list.query({})).total).toBeGreaterThan(0);
    const kinds = await inTerritory(
      h,
      (tx) =>
        tx`SELECT kind FROM security_event e JOIN app_user u ON u.id = e.user_id WHERE u.email = 'admin@demo.ensemblier.fr' ORDER BY e.id`,
    );
    expect(kinds.map((k) => k.kind)).toEqual([
      'login_success',
      'second_factor_enrolled',
      'login_success',
      'second_factor_failure',
      'second_factor_success',
    ]);
  });

  it('a recovery code works once', async () => {
    const b = h.browser();
    await b.login('admin@demo.ensemblier.fr');
    expect((await b.trpc.auth.verifySecondFactor.mutate({ code: recovery[3]!.toUpperCase() })).ok).toBe(true);
    const again = h.browser();
    await again.login('admin@demo.ensemblier.fr');
    expect((await again.trpc.auth.verifySecondFactor.mutate({ code: recovery[3]! })).ok).toBe(false);
  });

  it('five wrong codes block further attempts (429)', async () => {
    h.clock.advance(16 * 60_000); // past the window of the failure recorded above
    const b = h.browser();
    await b.login('admin@demo.ensemblier.fr');
    for (let i = 0; i < 5; i++)
      expect((await b.trpc.auth.verifySecondFactor.mutate({ code: 'zzzzz-zzzzz' })).ok).toBe(false);
    expect(await codeOf(b.trpc.auth.verifySecondFactor.mutate({ code: totp(secret) }))).toBe('TOO_MANY_REQUESTS');
  });

  it('roles without the obligation log straight in', async () => {
    expect(await h.browser().login('benevole@demo.ensemblier.fr')).toEqual({ stage: 'full' });
  });
});
