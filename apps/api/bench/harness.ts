import { serve } from '@hono/node-server';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { connect, prepareDatabase, resolveDatabase, type Sql } from '@ensemblier/db';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/http/app.ts';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';

export interface BenchStack {
  baseUrl: string;
  origin: string;
  owner: Sql;
  app: Sql;
  /** Logs in through the API and returns the session cookie. */
  login: (email: string) => Promise<string>;
  stop: () => Promise<void>;
}

/** A real stack: PostgreSQL (embedded in a temp folder, or DATABASE_URL), the API over HTTP. */
export async function startStack(): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'ensemblier-bench-'));
  chmodSync(dir, 0o755);
  const env = {
    ...process.env,
    EMBEDDED_PG_DIR: join(dir, 'pg'),
    EMBEDDED_PG_PORT: String(55000 + Math.floor(Math.random() * 1000)),
  };
  const db = await resolveDatabase(env);
  await prepareDatabase(db, env);
  const owner = connect(db.ownerUrl, { max: 2 });
  const app = connect(db.appUrl, { max: 20 });
  const origin = 'http://localhost:3000';
  const config = { ...loadConfig({ ORIGIN: origin }), requireSecondFactor: false };
  const server = serve({
    fetch: createApp({ sql: app, config, clock: systemClock, log: () => {} }).fetch,
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise((r) => server.once('listening', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    origin,
    owner,
    app,
    login: async (email) => {
      const res = await fetch(`${baseUrl}/api/trpc/auth.login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          'x-forwarded-for': `10.${Math.floor(Math.random() * 250)}.0.1`,
        },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      });
      if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
      return res.headers.getSetCookie()[0]!.split(';')[0]!;
    },
    stop: async () => {
      server.close();
      await owner.end({ timeout: 2 });
      await app.end({ timeout: 2 });
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Measured {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  requests: number;
  errors: number;
  throughput: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** `users` concurrent virtual users each send `perUser` requests back to back. */
export async function measure(
  users: number,
  perUser: number,
  request: (user: number, i: number) => Promise<Response>,
): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let i = 0; i < perUser; i++) {
        const t0 = performance.now();
        const res = await request(u, i);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!res.ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    requests: latencies.length,
    errors,
    throughput: latencies.length / elapsed,
  };
}

export interface Scenario {
  name: string;
  description: string;
  /** Goal for p95 in ms (printed beside the figure; a benchmark reports, it does not fail). */
  goalP95Ms?: number;
  run: (stack: BenchStack, options: { users: number; perUser: number; scale: number }) => Promise<Measured>;
}
