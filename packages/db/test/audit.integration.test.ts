import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, insertTerritory, type TestDatabase } from '../src/testing/index.ts';
import { withTerritory } from '../src/tenant.ts';

let db: TestDatabase;
let t: { territoryId: string; organisationId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  t = await insertTerritory(db.owner, 'Gamma');
  for (const action of ['organisation.create', 'organisation.update', 'member.invite']) {
    await withTerritory(
      db.app,
      t.territoryId,
      (tx) => tx`
      INSERT INTO audit_event (territory_id, at, action, object_type, object_id, details)
      VALUES (${t.territoryId}, now(), ${action}, 'organisation', ${t.organisationId}, ${tx.json({ n: action.length })})`,
    );
  }
});
afterAll(() => db.drop());

describe('audit_event', () => {
  it('chains rows per territory and verifies an intact chain', async () => {
    const rows = await withTerritory(
      db.app,
      t.territoryId,
      (tx) => tx`SELECT seq, prev_hash, hash FROM audit_event ORDER BY seq`,
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(Buffer.compare(rows[1]!.prev_hash, rows[0]!.hash)).toBe(0);
    const [v] = await withTerritory(db.app, t.territoryId, (tx) => tx`SELECT audit_verify() AS broken`);
    expect(v?.broken).toBeNull();
  });

  it('the app role cannot UPDATE, DELETE or TRUNCATE it', async () => {
    await expect(withTerritory(db.app, t.territoryId, (tx) => tx`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(withTerritory(db.app, t.territoryId, (tx) => tx`DELETE FROM audit_event`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(withTerritory(db.app, t.territoryId, (tx) => tx`TRUNCATE audit_event`)).rejects.toThrow(
      /permission denied/,
    );
  });

  it('detects a row altered behind the application’s back', async () => {
    await withTerritory(
      db.owner,
      t.territoryId,
      (tx) => tx`UPDATE audit_event SET object_id = 'falsifié' WHERE seq = 2`,
    );
    const [v] = await withTerritory(db.app, t.territoryId, (tx) => tx`SELECT audit_verify() AS broken`);
    expect(Number(v?.broken)).toBe(2);
  });

  it('detects a deleted row', async () => {
    const other = await insertTerritory(db.owner, 'Delta');
    for (let i = 0; i < 3; i++) {
      await withTerritory(
        db.app,
        other.territoryId,
        (tx) => tx`
        INSERT INTO audit_event (territory_id, at, action, object_type) VALUES (${other.territoryId}, now(), 'x', 'y')`,
      );
    }
    await withTerritory(db.owner, other.territoryId, (tx) => tx`DELETE FROM audit_event WHERE seq = 2`);
    const [v] = await withTerritory(db.app, other.territoryId, (tx) => tx`SELECT audit_verify() AS broken`);
    expect(Number(v?.broken)).toBe(3);
  });
});
