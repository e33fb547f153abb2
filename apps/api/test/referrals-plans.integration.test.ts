import { withTerritory } from '@ensemblier/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTerritory, setupApi, type Harness } from './harness.ts';

let h: Harness;
let orgs: Record<string, string>;

/**
 * The list queries under RLS, as the app role, on generated rows: each reads its page from a
 * B-tree index (equality on territory + organisation, order on sent_at), never a sequential
 * scan of referral_task.
 */
beforeAll(async () => {
  h = await setupApi();
  const rows = await inTerritory(h, (tx) => tx`SELECT id, name FROM organisation ORDER BY name`);
  orgs = Object.fromEntries(rows.map((r) => [r.name as string, r.id as string]));
  await inTerritory(h, async (tx) => {
    const [u] = await tx`SELECT id FROM app_user WHERE email = 'responsable.entraide@demo.ensemblier.fr'`;
    const ids = Object.values(orgs);
    const [p] = await tx`INSERT INTO person (territory_id, nom, prenom, name_key, created_by_organisation_id,
      created_by_user_id) VALUES (${h.territoryId}, 'Charge', 'Test', 'charge test', ${ids[0]!}, ${u!.id}) RETURNING id`;
    await tx`
      WITH r AS (
        INSERT INTO referral (territory_id, person_id, sender_organisation_id, sender_user_id, thematiques, motif,
          overall_state, idempotency_key, sent_at)
        SELECT ${h.territoryId}, ${p!.id}, (${ids}::uuid[])[1 + i % ${ids.length}], ${u!.id},
          '{aide-alimentaire--colis}', 'Motif', 'envoyee', gen_random_uuid(), now() - i * interval '1 hour'
        FROM generate_series(1, 20000) i
        RETURNING id, sender_organisation_id, sent_at
      )
      INSERT INTO referral_task (territory_id, referral_id, sender_organisation_id, urgency, recipient_organisation_id,
        state, sent_at)
      SELECT ${h.territoryId}, r.id, r.sender_organisation_id, 'normale',
        (${ids}::uuid[])[1 + (extract(epoch FROM r.sent_at)::bigint / 3600) % ${ids.length}],
        (ARRAY['envoyee', 'vue', 'acceptee', 'refusee', 'terminee'])[1 + (extract(epoch FROM r.sent_at)::bigint / 3600) % 5],
        r.sent_at
      FROM r`;
  });
  await h.db.owner`ANALYZE referral_task`;
  await h.db.owner`ANALYZE referral`;
});
afterAll(() => h.close());

async function plan(query: string, params: unknown[]): Promise<string> {
  const rows = await withTerritory(h.db.app, h.territoryId, (tx) =>
    tx.unsafe(`EXPLAIN (FORMAT TEXT) ${query}`, params as never[]),
  );
  return rows.map((r) => (r as Record<string, string>)['QUERY PLAN']).join('\n');
}

describe('list query plans under RLS', () => {
  it('"Reçues" of a partner reads the recipient index', async () => {
    const p = await plan(
      `SELECT t.id FROM referral_task t WHERE t.recipient_organisation_id = $1 AND t.sent_at IS NOT NULL
       ORDER BY t.sent_at DESC NULLS FIRST, t.id DESC LIMIT 25 OFFSET 0`,
      [orgs['SSIAD de l’Étang de l’Or']],
    );
    expect(p).toMatch(/Index Scan.*referral_task_recipient_idx/);
    expect(p).not.toMatch(/Seq Scan on referral_task/);
  });

  it('"Reçues" filtered by state reads the recipient-state index', async () => {
    const p = await plan(
      `SELECT t.id FROM referral_task t WHERE t.recipient_organisation_id = $1 AND t.sent_at IS NOT NULL
       AND t.state = ANY($2::text[]) ORDER BY t.sent_at DESC NULLS FIRST, t.id DESC LIMIT 25`,
      [orgs['SSIAD de l’Étang de l’Or'], '{envoyee}'],
    );
    expect(p).toMatch(/Index Scan.*referral_task_recipient_(state_)?idx/);
    expect(p).not.toMatch(/Seq Scan on referral_task/);
  });

  it('"Tout le réseau" reads the sent_at index; the capped count stops early', async () => {
    const p = await plan(
      `SELECT t.id FROM referral_task t WHERE t.sent_at IS NOT NULL ORDER BY t.sent_at DESC NULLS FIRST, t.id DESC LIMIT 25 OFFSET 50`,
      [],
    );
    expect(p).toMatch(/Index Scan.*referral_task_sent_idx/);
    expect(p).not.toMatch(/Seq Scan on referral_task/);
    const count = await plan(
      `SELECT count(*) FROM (SELECT 1 FROM referral_task t WHERE t.recipient_organisation_id = $1 AND t.sent_at IS NOT NULL LIMIT 1001) c`,
      [orgs['SSIAD de l’Étang de l’Or']],
    );
    expect(count).toMatch(/Limit/);
    expect(count).toMatch(/referral_task_recipient/);
  });

  it('"À router" reads the partial index', async () => {
    const p = await plan(
      `SELECT t.id FROM referral_task t WHERE t.to_route AND t.state IN ('envoyee', 'vue')
       ORDER BY t.sent_at DESC NULLS FIRST, t.id DESC LIMIT 25`,
      [],
    );
    expect(p).toMatch(/referral_task_to_route_idx/);
  });
});
