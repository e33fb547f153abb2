import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { connect, prepareDatabase, resolveDatabase, type Sql } from '@ensemblier/db';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';

export interface BenchStack {
  baseUrl: string;
  origin: string;
  owner: Sql;
  /** The application role's URL (what the API connects with: RLS applies). */
  appUrl: string;
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
  const origin = 'http://localhost:3000';
  // The API runs in its own process, as deployed: the load generator (this process) does not
  // share its event loop. Production mode, no worker, no demo seed (the scenarios seed).
  const port = await freePort();
  const api = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../src/main.ts')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: db.ownerUrl,
      APP_DATABASE_URL: db.appUrl,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      ORIGIN: origin,
      WORKER: 'off',
      SEED_DEMO: 'false',
      REQUIRE_2FA: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (api.exitCode !== null) throw new Error(`the API process exited (${api.exitCode})`);
    const up = await fetch(`${baseUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 300) throw new Error('the API process did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    origin,
    owner,
    appUrl: db.appUrl,
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
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
      await owner.end({ timeout: 2 });
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
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
