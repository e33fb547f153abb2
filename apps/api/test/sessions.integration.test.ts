import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/crypto.ts';
import { codeOf, failure, inTerritory, setupApi, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await setupApi();
});
afterAll(() => h.close());

const MIN = 60_000;

describe('sessions', () => {
  it('sets an HttpOnly, SameSite=Lax cookie and stores only a hash of the token', async () => {
    const b = h.browser();
    expect(await b.login('admin@demo.ensemblier.fr')).toEqual({ stage: 'full' });
    const [setCookie] = b.lastSetCookie();
    expect(setCookie).toMatch(/^ens_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const token = b.cookie().split('=')[1]!;
    const rows = await inTerritory(h, (tx) => tx`SELECT * FROM user_session`);
    expect(rows.map((r) => r.id)).toContain(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const me = await b.trpc.auth.me.query();
    expect(me.user.email).toBe('admin@demo.ensemblier.fr');
    expect(me.activeMembership?.role).toBe('admin');
  });

  it('expires after 30 minutes of inactivity, and slides with activity', async () => {
    const b = await h.as('coordination@demo.ensemblier.fr');
    h.clock.advance(20 * MIN);
    await b.trpc.auth.me.query();
    h.clock.advance(20 * MIN); // 40 min after login, 20 after the last request
    await b.trpc.auth.me.query();
    h.clock.advance(31 * MIN);
    expect(await codeOf(b.trpc.auth.me.query())).toBe('UNAUTHORIZED');
    const left = await inTerritory(
      h,
      (tx) =>
        tx`SELECT count(*)::int AS n FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = 'coordination@demo.ensemblier.fr'`,
    );
    expect(left[0]?.n).toBe(0);
  });

  it('expires 12 hours after login however active the user is', async () => {
    const b = await h.as('infirmier.ssiad@demo.ensemblier.fr');
    for (let elapsed = 0; elapsed < 12 * 60 - 25; elapsed += 25) {
      h.clock.advance(25 * MIN);
      await b.trpc.auth.me.query();
    }
    h.clock.advance(25 * MIN);
    expect(await codeOf(b.trpc.auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('logout deletes the session and clears the cookie', async () => {
    const b = await h.as('benevole@demo.ensemblier.fr');
    const token = b.cookie().split('=')[1]!;
    await b.trpc.auth.logout.mutate();
    expect(b.lastSetCookie()[0]).toMatch(/Max-Age=0/);
    const rows = await inTerritory(h, (tx) => tx`SELECT 1 FROM user_session WHERE id = ${hashToken(token)}`);
    expect(rows).toHaveLength(0);
    expect(await codeOf(b.trpc.auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('removing a user’s last membership ends their sessions at once and deactivates them', async () => {
    const victim = await h.as('evaluatrice.clic@demo.ensemblier.fr');
    const victim2 = await h.as('evaluatrice.clic@demo.ensemblier.fr');
    await victim.trpc.auth.me.query();
    const admin = await h.as('admin@demo.ensemblier.fr');
    const me = await victim.trpc.auth.me.query();
    const result = await admin.trpc.admin.members.remove.mutate({ membershipId: me.activeMembership!.id });
    expect(result.userDeactivated).toBe(true);
    expect(await codeOf(victim.trpc.auth.me.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(victim2.trpc.auth.me.query())).toBe('UNAUTHORIZED');
    const again = await failure(h.browser().login('evaluatrice.clic@demo.ensemblier.fr'));
    expect(again.data?.code).toBe('UNAUTHORIZED');
  });

  it('a garbage or unknown cookie is simply not logged in', async () => {
    const b = h.browser();
    expect(await codeOf(b.trpc.auth.me.query())).toBe('UNAUTHORIZED');
  });
});

describe('login throttling', () => {
  it('answers 429 after 5 failures on one account, with a growing delay', async () => {
    const b = h.browser({ ip: '198.51.100.7' });
    const email = 'responsable.entraide@demo.ensemblier.fr';
    for (let i = 0; i < 5; i++) expect(await codeOf(b.login(email, 'mauvais-mot-de-passe'))).toBe('UNAUTHORIZED');
    const throttled = await failure(b.login(email)); // even the right password waits
    expect(throttled.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(throttled.data?.httpStatus).toBe(429);
    expect(throttled.message).toMatch(/Patientez \d+ secondes/);
    h.clock.advance(16_000);
    expect(await codeOf(b.login(email, 'encore-mauvais'))).toBe('UNAUTHORIZED'); // 6th failure
    h.clock.advance(16_000); // the delay doubled to 30 s
    expect(await codeOf(b.login(email))).toBe('TOO_MANY_REQUESTS');
    h.clock.advance(20_000);
    expect(await b.login(email)).toEqual({ stage: 'full' });
    const events = await inTerritory(
      h,
      (tx) => tx`
      SELECT e.kind, count(*)::int AS n FROM security_event e JOIN app_user u ON u.id = e.user_id
      WHERE u.email = ${email} GROUP BY e.kind ORDER BY e.kind`,
    );
    expect(Object.fromEntries(events.map((e) => [e.kind, e.n]))).toEqual({
      login_failure: 6,
      login_success: 1,
      login_throttled: 2,
    });
  });

  it('throttles per IP across accounts', async () => {
    const b = h.browser({ ip: '203.0.113.99' });
    for (let i = 0; i < 20; i++) await codeOf(b.login(`inconnu${i}@exemple.fr`, 'mauvais-mot-de-passe'));
    expect(await codeOf(b.login('commission@demo.ensemblier.fr'))).toBe('TOO_MANY_REQUESTS');
    expect(await h.browser({ ip: '203.0.113.100' }).login('commission@demo.ensemblier.fr')).toEqual({ stage: 'full' });
  });
});
