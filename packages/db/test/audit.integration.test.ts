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

const seal = (territoryId: string) =>
  withTerritory(db.app, territoryId, (tx) => tx<{ n: number }[]>`SELECT audit_seal() AS n`);
const verify = async (territoryId: string) => {
  const [v] = await withTerritory(db.app, territoryId, (tx) => tx`SELECT audit_verify() AS broken`);
  return v?.broken === null || v?.broken === undefined ? null : Number(v.broken);
};

describe('audit_event', () => {
  it('rows are written unsealed (no lock between requests), then sealed in order into a hash chain', async () => {
    const before = await withTerritory(
      db.app,
      t.territoryId,
      (tx) => tx`SELECT seq, chain_seq, hash FROM audit_event ORDER BY seq`,
    );
    expect(before.map((r) => r.chain_seq)).toEqual([null, null, null]);
    expect(before.every((r) => r.hash === null)).toBe(true);
    expect((await seal(t.territoryId))[0]?.n).toBe(3);
    expect((await seal(t.territoryId))[0]?.n).toBe(0); // nothing left to seal
    const rows = await withTerritory(
      db.app,
      t.territoryId,
      (tx) => tx`SELECT seq, chain_seq, prev_hash, hash FROM audit_event ORDER BY chain_seq`,
    );
    expect(rows.map((r) => Number(r.chain_seq))).toEqual([1, 2, 3]);
    expect(rows.map((r) => Number(r.seq))).toEqual([...rows.map((r) => Number(r.seq))].sort((a, b) => a - b));
    expect(Buffer.compare(rows[1]!.prev_hash, rows[0]!.hash)).toBe(0);
    expect(Buffer.compare(rows[2]!.prev_hash, rows[1]!.hash)).toBe(0);
    expect(await verify(t.territoryId)).toBeNull();
  });

  it('two transactions write audit rows of one territory at the same time without waiting for each other', async () => {
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const first = withTerritory(db.app, t.territoryId, async (tx) => {
      await tx`INSERT INTO audit_event (territory_id, at, action, object_type) VALUES (${t.territoryId}, now(), 'a', 'x')`;
      firstInserted();
      await firstHolds; // the first transaction stays open…
    });
    await inserted;
    // …and the second commits meanwhile (with the old per-territory lock it would wait forever).
    await withTerritory(
      db.app,
      t.territoryId,
      (tx) =>
        tx`INSERT INTO audit_event (territory_id, at, action, object_type) VALUES (${t.territoryId}, now(), 'b', 'x')`,
    );
    // Sealing now takes only the committed row; the open one joins the chain after its commit.
    expect((await seal(t.territoryId))[0]?.n).toBe(1);
    releaseFirst();
    await first;
    expect((await seal(t.territoryId))[0]?.n).toBe(1);
    expect(await verify(t.territoryId)).toBeNull();
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

  it('detects a sealed row altered behind the application’s back', async () => {
    const [second] = await withTerritory(
      db.owner,
      t.territoryId,
      (tx) => tx`UPDATE audit_event SET object_id = 'falsifié' WHERE chain_seq = 2 RETURNING seq`,
    );
    expect(await verify(t.territoryId)).toBe(Number(second!.seq));
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
    await seal(other.territoryId);
    const [third] = await withTerritory(
      db.owner,
      other.territoryId,
      (tx) => tx`SELECT seq FROM audit_event WHERE chain_seq = 3`,
    );
    await withTerritory(db.owner, other.territoryId, (tx) => tx`DELETE FROM audit_event WHERE chain_seq = 2`);
    expect(await verify(other.territoryId)).toBe(Number(third!.seq));
  });
});
