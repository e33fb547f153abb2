import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { EditedMigrationError, MIGRATIONS_DIR, migrate } from '../src/migrate.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('migration runner', () => {
  it('records a checksum per applied file and re-running applies nothing', async () => {
    const rows = await db.owner`SELECT name, checksum FROM schema_migrations ORDER BY name`;
    expect(rows[0]?.name).toBe('0001_foundation.sql');
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(await migrate(db.owner, { ownerUrl: db.ownerUrl })).toEqual([]);
  });

  it('refuses to run when an applied file was edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, '0001_foundation.sql'), '-- edited\n', { flag: 'a' });
    await expect(migrate(db.owner, { ownerUrl: db.ownerUrl, dir })).rejects.toThrow(EditedMigrationError);
  });

  it('two concurrent runners apply a new file once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, '9999_probe.sql'), 'CREATE TABLE probe_once (id int);');
    const results = await Promise.all([
      migrate(db.owner, { ownerUrl: db.ownerUrl, dir }),
      migrate(db.owner, { ownerUrl: db.ownerUrl, dir }),
    ]);
    expect(results.flat()).toEqual(['9999_probe.sql']);
  });
});
