import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

let h: Harness;
let admin: Browser;
beforeAll(async () => {
  h = await setupApi();
  admin = await h.as('admin@demo.ensemblier.fr');
});
afterAll(() => h.close());

async function waitForBlockedAppBackend(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const [row] = await h.db.superuser<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity WHERE usename = 'ensemblier_app' AND wait_event_type = 'Lock' LIMIT 1`;
    if (row) return row.pid;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the request never blocked');
}

describe('one request, one transaction', () => {
  it('a request whose connection is killed mid-transaction fails and commits nothing', async () => {
    const before = await inTerritory(h, (tx) => tx`SELECT count(*)::int AS n FROM audit_event`);
    // Hold a conflicting uncommitted row so the request blocks inside its transaction,
    // after its session update and before its audit row.
    const blocker = h.db.superuser.reserve();
    const conn = await blocker;
    await conn`BEGIN`;
    await conn`SELECT set_config('app.territory_id', ${h.territoryId}, true)`;
    await conn`INSERT INTO organisation (territory_id, name, type) VALUES (${h.territoryId}, 'Structure coupée', 'autre')`;
    const request = admin.trpc.admin.organisations.create.mutate({ name: 'Structure coupée', type: 'autre' });
    const pid = await waitForBlockedAppBackend();
    await h.db.superuser`SELECT pg_terminate_backend(${pid})`;
    await expect(request).rejects.toMatchObject({ data: { code: 'INTERNAL_SERVER_ERROR' } });
    await conn`ROLLBACK`;
    conn.release();
    expect(await inTerritory(h, (tx) => tx`SELECT 1 FROM organisation WHERE name = 'Structure coupée'`)).toHaveLength(
      0,
    );
    const after = await inTerritory(h, (tx) => tx`SELECT count(*)::int AS n FROM audit_event`);
    expect(after[0]?.n).toBe(before[0]?.n);
    // The API keeps serving on its other connections.
    expect((await admin.trpc.auth.me.query()).user.email).toBe('admin@demo.ensemblier.fr');
  });

  it('a failing procedure rolls back its writes, audit row and enqueued jobs', async () => {
    const jobsBefore = await h.db.superuser`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`;
    const orgs = await inTerritory(h, (tx) => tx`SELECT id FROM organisation WHERE type = 'clic'`);
    // Inviting someone already in the organisation fails after the user lookup.
    await expect(
      admin.trpc.admin.members.invite.mutate({
        organisationId: orgs[0]!.id,
        email: 'evaluatrice.clic@demo.ensemblier.fr',
        name: 'X',
        role: 'partner_worker',
      }),
    ).rejects.toThrow(/déjà membre/);
    const jobsAfter = await h.db.superuser`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`;
    expect(jobsAfter[0]?.n).toBe(jobsBefore[0]?.n);
  });
});
