import { randomUUID } from 'node:crypto';
import { connect, withTerritory } from '@ensemblier/db';
import { hashPassword } from '../../src/auth/crypto.ts';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { DEMO_PASSWORD, seedScale } from '../../src/seed/demo.ts';
import { seedScaleReferrals, type ScaleReferralsResult } from '../../src/seed/referrals.ts';
import type { BenchStack } from '../harness.ts';

/** The load of the referral scenarios (index.ts sets it from --persons / --referrals). */
export const referralLoad = { persons: 100_000, referrals: 1_000_000, organisationsScale: 5 };

export interface ReferralBenchData extends ScaleReferralsResult {
  territoryId: string;
  /** A partner worker of the busiest recipient (its « Reçues » holds ~10 % of the tasks). */
  busyWorkerEmail: string;
  seedMs: number;
}

let data: Promise<ReferralBenchData> | null = null;

/**
 * One load territory shared by the referral scenarios (and their warm-up passes): 40 × 5
 * organisations with their services, then persons and referrals over five years.
 */
export function referralBenchData(stack: BenchStack): Promise<ReferralBenchData> {
  data ??= (async () => {
    const started = Date.now();
    const { territoryId } = await seedScale(
      stack.owner,
      referralLoad.organisationsScale,
      'Territoire de banc d’essai (orientations)',
    );
    console.log(
      `Chargement : ${referralLoad.persons.toLocaleString('fr-FR')} personnes, ${referralLoad.referrals.toLocaleString('fr-FR')} orientations…`,
    );
    const seeded = await seedScaleReferrals(stack.owner, territoryId, {
      persons: referralLoad.persons,
      referrals: referralLoad.referrals,
      log: (m) => console.log(`  ${m}`),
    });
    const busyWorkerEmail = `recues-${randomUUID().slice(0, 8)}@charge.ensemblier.test`;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await withTerritory(stack.owner, territoryId, async (tx) => {
      const [user] = await tx<{ id: string }[]>`
        INSERT INTO app_user (territory_id, email, name, status, password_hash)
        VALUES (${territoryId}, ${busyWorkerEmail}, 'Intervenante du partenaire le plus sollicité', 'active', ${passwordHash})
        RETURNING id`;
      await tx`INSERT INTO membership (territory_id, user_id, organisation_id, role)
        VALUES (${territoryId}, ${user!.id}, ${seeded.busyOrganisationIds[0]!}, 'partner_worker')`;
    });
    const seedMs = Date.now() - started;
    console.log(
      `  ${seeded.tasks.toLocaleString('fr-FR')} tâches, ${seeded.events.toLocaleString('fr-FR')} événements en ${(seedMs / 1000).toFixed(0)} s ; états : ${Object.entries(
        seeded.states,
      )
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}\n`,
    );
    return { ...seeded, territoryId, busyWorkerEmail, seedMs };
  })();
  return data;
}

/** GET of referrals.list through the API with a session cookie. */
export const listUrl = (stack: BenchStack, input: Record<string, unknown>) =>
  `${stack.baseUrl}/api/trpc/referrals.list?input=${encodeURIComponent(JSON.stringify(input))}`;

/**
 * The plans the list relies on: the procedure runs once more in this process on an app-role
 * connection whose queries are recorded; each query that reads referral tables is then run
 * again under EXPLAIN (ANALYZE, BUFFERS), as the app role, in the same territory, with the
 * same parameters.
 */
export async function explainList(
  stack: BenchStack,
  email: string,
  territoryId: string,
  inputs: Record<string, unknown>[],
): Promise<void> {
  const captured: { query: string; params: unknown[] }[] = [];
  let recording = false;
  const sql = connect(stack.appUrl, {
    max: 1,
    debug: (_connection, query, params) => {
      if (recording) captured.push({ query, params: params as unknown[] });
    },
  });
  try {
    const config = loadConfig({ ORIGIN: stack.origin, REQUIRE_2FA: 'false' });
    const app = createApp({ sql, config, clock: systemClock, log: () => {} });
    const login = await app.request('/api/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.origin, 'x-forwarded-for': '10.250.0.1' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    for (const input of inputs) {
      captured.length = 0;
      recording = true;
      const res = await app.request(`/api/trpc/referrals.list?input=${encodeURIComponent(JSON.stringify(input))}`, {
        headers: { cookie },
      });
      recording = false;
      await res.arrayBuffer();
      console.log(`\n  Plans de referrals.list(${JSON.stringify(input)}) — réponse ${res.status}`);
      const reads = captured.filter(
        (c) => /\breferral(_task)?\b/.test(c.query) && /^\s*(select|with)\b/i.test(c.query),
      );
      if (reads.length === 0) console.log('  (aucune requête sur les orientations enregistrée)');
      for (const { query, params } of reads) {
        const plan = await withTerritory(sql, territoryId, (tx) =>
          tx.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, params as never[]),
        ).catch((e: unknown) => [{ 'QUERY PLAN': `EXPLAIN impossible : ${(e as Error).message}` }]);
        console.log(`  ── ${query.replace(/\s+/g, ' ').slice(0, 300)}${query.length > 300 ? '…' : ''}`);
        console.log(`     paramètres : ${JSON.stringify(params).slice(0, 200)}`);
        for (const row of plan as unknown as Record<string, string>[]) console.log(`     ${row['QUERY PLAN']}`);
        // postgres.js prepares every statement: after five executions PostgreSQL may keep a
        // generic plan (parameters unknown, LIMIT $n included). Its shape and cost:
        const literal = (v: unknown) => (v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);
        const generic = await withTerritory(sql, territoryId, async (tx) => {
          await tx.unsafe(`PREPARE bench_list AS ${query}`);
          await tx.unsafe(`SET LOCAL plan_cache_mode = force_generic_plan`);
          const rows = await tx.unsafe(
            `EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_list(${(params as unknown[]).map(literal).join(', ')})`,
          );
          await tx.unsafe('DEALLOCATE bench_list');
          return rows as unknown as Record<string, string>[];
        }).catch((e: unknown) => [{ 'QUERY PLAN': `plan générique impossible : ${(e as Error).message}` }]);
        console.log('     plan générique (plan_cache_mode = force_generic_plan) :');
        for (const row of generic)
          if (/Scan|Sort|Limit|Execution Time|impossible|Join|Aggregate/.test(row['QUERY PLAN']!))
            console.log(`       ${row['QUERY PLAN']}`);
      }
      // The same request ten times on one connection: a switch to a slow generic plan shows.
      const times: number[] = [];
      for (let k = 0; k < 10; k++) {
        const t0 = performance.now();
        const again = await app.request(`/api/trpc/referrals.list?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers: { cookie },
        });
        await again.arrayBuffer();
        times.push(performance.now() - t0);
      }
      console.log(`     10 appels successifs (ms) : ${times.map((t) => t.toFixed(1)).join(' · ')}`);
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/**
 * Samples, while a scenario runs, how many sessions wait for an advisory lock (the audit
 * chain's per-territory lock, held until commit: every list writes an audit row).
 */
export function sampleLockWaits(stack: BenchStack): () => Promise<string> {
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const [row] = await stack.owner<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`;
      samples.push(row!.n);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
    const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
    return `requêtes en attente du verrou d’audit du territoire : ${mean.toFixed(1)} en moyenne, ${Math.max(0, ...samples)} au plus (${samples.length} relevés)`;
  };
}
