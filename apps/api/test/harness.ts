import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { createTestDatabase, type TestDatabase } from '@ensemblier/db/testing';
import { expect } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { createApp } from '../src/http/app.ts';
import type { AppRouter } from '../src/router.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.ts';
import { buildTaskList } from '../src/worker/runner.ts';
import { withTerritory } from '@ensemblier/db';

export const ORIGIN = 'http://localhost:3000';

export interface Harness {
  db: TestDatabase;
  app: ReturnType<typeof createApp>;
  clock: ManualClock;
  config: Config;
  territoryId: string;
  browser: (options?: { ip?: string }) => Browser;
  /** Logs a demo user in and returns their browser. */
  as: (email: string) => Promise<Browser>;
  /** Runs the jobs waiting in the queue (mail…) with the real task list. */
  runJobs: () => Promise<void>;
  close: () => Promise<void>;
}

export interface Browser {
  trpc: ReturnType<typeof createTRPCClient<AppRouter>>;
  cookie: () => string;
  lastSetCookie: () => string[];
  login: (email: string, password?: string) => Promise<{ stage: string }>;
}

export async function setupApi(overrides: Partial<Config> = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const { territoryId } = await seedDemo(db.owner);
  const clock = new ManualClock(new Date());
  const config: Config = { ...loadConfig({ ORIGIN }), ...overrides };
  const app = createApp({
    sql: db.app,
    config,
    clock,
    log: process.env.DEBUG_API ? (m, d) => console.error(m, d) : () => {},
  });

  const browser = (options: { ip?: string } = {}): Browser => {
    let cookie = '';
    let lastSetCookie: string[] = [];
    const fetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      const headers = new Headers(request.headers);
      if (cookie) headers.set('cookie', cookie);
      headers.set('x-forwarded-for', options.ip ?? '192.0.2.10');
      const res = await app.request(new Request(request, { headers }));
      lastSetCookie = res.headers.getSetCookie();
      for (const c of lastSetCookie) {
        const [pair] = c.split(';');
        cookie = /Max-Age=0/.test(c) ? '' : pair!;
      }
      return res;
    };
    const trpc = createTRPCClient<AppRouter>({
      links: [
        httpLink({ url: `${ORIGIN}/api/trpc`, fetch: fetchImpl as typeof fetch, headers: () => ({ origin: ORIGIN }) }),
      ],
    });
    return {
      trpc,
      cookie: () => cookie,
      lastSetCookie: () => lastSetCookie,
      login: (email, password = DEMO_PASSWORD) => trpc.auth.login.mutate({ email, password }),
    };
  };

  const taskList = buildTaskList({ sql: db.app, config });
  return {
    db,
    app,
    clock,
    config,
    territoryId,
    browser,
    as: async (email) => {
      const b = browser();
      await b.login(email);
      return b;
    },
    runJobs: async () => {
      const jobs = await db.superuser<{ id: string; task_identifier: string; payload: unknown }[]>`
        SELECT j.id, t.identifier AS task_identifier, j.payload FROM graphile_worker._private_jobs j
        JOIN graphile_worker._private_tasks t ON t.id = j.task_id ORDER BY j.id`;
      for (const job of jobs) {
        const task = taskList[job.task_identifier];
        if (!task) throw new Error(`no task ${job.task_identifier}`);
        await task(job.payload as never, {} as never);
        await db.superuser`DELETE FROM graphile_worker._private_jobs WHERE id = ${job.id}`;
      }
    },
    close: () => db.drop(),
  };
}

/** The error a procedure call failed with (fails the test if it succeeded). */
export async function failure(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCClientError);
    return error as TRPCClientError<AppRouter>;
  }
  throw new Error('expected the call to fail, it succeeded');
}

export const codeOf = async (promise: Promise<unknown>) => (await failure(promise)).data?.code;

export function inTerritory<T>(h: Harness, fn: Parameters<typeof withTerritory<T>>[2], territoryId = h.territoryId) {
  return withTerritory(h.db.owner, territoryId, fn);
}
