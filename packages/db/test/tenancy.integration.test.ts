import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, insertTerritory, type TestDatabase } from '../src/testing/index.ts';
import { TransactionClosedError, withTerritory } from '../src/tenant.ts';
import { APP_ROLE } from '../src/connection.ts';

let db: TestDatabase;
let a: { territoryId: string; organisationId: string };
let b: { territoryId: string; organisationId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  a = await insertTerritory(db.owner, 'Alpha');
  b = await insertTerritory(db.owner, 'Bêta');
});
afterAll(() => db.drop());

/** Tables that hold no tenant data (see docs/architecture.md). */
const GLOBAL_TABLES = ['auth_attempt', 'auth_route', 'commune', 'dev_mail', 'schema_migrations'];

describe('catalogue', () => {
  it('every public table but the global ones has territory_id NOT NULL and RLS enabled and forced', async () => {
    const tables = await db.superuser<
      {
        relname: string;
        relrowsecurity: boolean;
        relforcerowsecurity: boolean;
        has_territory: boolean;
        policies: number;
      }[]
    >`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
        EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'territory_id' AND a.attnotnull) AS has_territory,
        (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`;
    const tenant = tables.filter((t) => !GLOBAL_TABLES.includes(t.relname));
    expect(tenant.length).toBeGreaterThanOrEqual(10);
    for (const t of tenant) {
      expect({
        table: t.relname,
        rls: t.relrowsecurity,
        forced: t.relforcerowsecurity,
        territory: t.has_territory,
        policies: t.policies > 0,
      }).toEqual({
        table: t.relname,
        rls: true,
        forced: true,
        territory: true,
        policies: true,
      });
    }
  });

  it('the app role owns nothing, is not a superuser and cannot bypass RLS', async () => {
    const [role] =
      await db.superuser`SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = ${APP_ROLE}`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const [owned] = await db.superuser`
      SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = ${APP_ROLE}`;
    expect(owned?.n).toBe(0);
    const [functions] = await db.superuser`
      SELECT count(*)::int AS n FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE r.rolname = ${APP_ROLE}`;
    expect(functions?.n).toBe(0);
  });

  it('every foreign key between tenant tables includes territory_id', async () => {
    const fks = await db.superuser<{ conname: string; cols: string[] }[]>`
      SELECT con.conname, array_agg(att.attname::text) AS cols
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
      WHERE con.contype = 'f' AND n.nspname = 'public' AND c.relname <> ALL (${GLOBAL_TABLES})
      GROUP BY con.conname`;
    expect(fks.length).toBeGreaterThan(5);
    for (const fk of fks) expect(fk.cols, fk.conname).toContain('territory_id');
  });
});

describe('row-level security as the app role', () => {
  it('a query without the territory set sees 0 rows', async () => {
    for (const table of ['territory', 'organisation', 'app_user', 'membership', 'audit_event']) {
      const [row] = await db.app.unsafe(`SELECT count(*)::int AS n FROM ${table}`);
      expect(row?.n, table).toBe(0);
    }
    const [owner] = await db.owner`SELECT count(*)::int AS n FROM organisation`;
    expect(owner?.n).toBe(0); // FORCE: even the owner sees nothing without a territory
  });

  it('a territory sees only its own rows and cannot write into another one', async () => {
    const names = await withTerritory(db.app, a.territoryId, (tx) => tx`SELECT name FROM organisation`);
    expect(names.map((r) => r.name)).toEqual(['CCAS de Alpha']);
    await expect(
      withTerritory(
        db.app,
        a.territoryId,
        (tx) => tx`INSERT INTO organisation (territory_id, name, type) VALUES (${b.territoryId}, 'Intrus', 'autre')`,
      ),
    ).rejects.toThrow(/row-level security/);
    const [row] = await withTerritory(
      db.app,
      a.territoryId,
      (tx) => tx`SELECT count(*)::int AS n FROM organisation WHERE id = ${b.organisationId}`,
    );
    expect(row?.n).toBe(0);
  });

  it('a foreign key cannot point into another territory', async () => {
    await expect(
      withTerritory(db.owner, a.territoryId, (tx) =>
        tx`
        INSERT INTO app_user (territory_id, email, name) VALUES (${a.territoryId}, 'x@exemple.fr', 'X');
        `.then(
          () => tx`INSERT INTO membership (territory_id, user_id, organisation_id, role)
          SELECT ${a.territoryId}, id, ${b.organisationId}, 'partner_worker' FROM app_user WHERE email = 'x@exemple.fr'`,
        ),
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it('the territory setting does not leak to the next transaction on the same connection', async () => {
    const single = (await import('../src/connection.ts')).connect(db.appUrl, { max: 1 });
    await withTerritory(single, a.territoryId, (tx) => tx`SELECT 1`);
    const [row] =
      await single`SELECT current_setting('app.territory_id', true) AS t, (SELECT count(*)::int FROM organisation) AS n`;
    expect(row?.t ?? '').toBe('');
    expect(row?.n).toBe(0);
    await single.end();
  });
});

describe('a connection killed mid-transaction', () => {
  it('fails the transaction, commits nothing and lets no later query run', async () => {
    let laterQuery: unknown = 'not run';
    const attempt = withTerritory(db.app, a.territoryId, async (tx) => {
      const [{ pid }] = (await tx`SELECT pg_backend_pid() AS pid`) as unknown as [{ pid: number }];
      await tx`INSERT INTO organisation (territory_id, name, type) VALUES (${a.territoryId}, 'Avant la coupure', 'association')`;
      await db.superuser`SELECT pg_terminate_backend(${pid})`;
      await new Promise((r) => setTimeout(r, 50));
      try {
        await tx`INSERT INTO organisation (territory_id, name, type) VALUES (${a.territoryId}, 'Après la coupure', 'association')`;
        laterQuery = 'ran';
      } catch (error) {
        laterQuery = error;
      }
    });
    await expect(attempt).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 100));
    expect(laterQuery).not.toBe('ran');
    const rows = await withTerritory(
      db.owner,
      a.territoryId,
      (tx) => tx`SELECT name FROM organisation WHERE name LIKE '%coupure'`,
    );
    expect(rows).toHaveLength(0);
  });

  it('refuses queries on a transaction handle after the transaction has ended', async () => {
    let leaked: Parameters<Parameters<typeof withTerritory>[2]>[0] | undefined;
    await withTerritory(db.app, a.territoryId, async (tx) => {
      leaked = tx;
    });
    expect(() => leaked!`SELECT 1`).toThrow(TransactionClosedError);
  });
});
