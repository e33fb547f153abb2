import type { Sql, TransactionSql } from '@ensemblier/db';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const FREE_FAILURES_PER_ACCOUNT = 5;
export const FREE_FAILURES_PER_IP = 20;
const BASE_DELAY_MS = 15_000;
const MAX_DELAY_MS = 15 * 60_000;

/** Delay imposed after `failures` failures: none up to the free allowance, then doubling. */
export function throttleDelayMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - free));
}

interface Counter {
  failures: number;
  last: Date | null;
}

async function count(
  sql: Sql | TransactionSql,
  column: 'email_hash' | 'ip',
  value: string,
  now: Date,
): Promise<Counter> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const rows =
    column === 'email_hash'
      ? await sql<{ n: number; last: Date | null }[]>`
        SELECT count(*)::int AS n, max(at) AS last FROM auth_attempt
        WHERE email_hash = ${value} AND outcome = 'failure' AND at > ${since}
          AND id > coalesce((SELECT max(id) FROM auth_attempt WHERE email_hash = ${value} AND outcome = 'success'), 0)`
      : await sql<{ n: number; last: Date | null }[]>`
        SELECT count(*)::int AS n, max(at) AS last FROM auth_attempt
        WHERE ip = ${value} AND outcome = 'failure' AND at > ${since}`;
  return { failures: rows[0]?.n ?? 0, last: rows[0]?.last ?? null };
}

/**
 * Login throttling per account and per IP: after the free failures, each further attempt
 * must wait a doubling delay after the last failure; an attempt inside it is refused (429).
 */
export async function loginThrottle(
  sql: Sql | TransactionSql,
  emailHash: string,
  ip: string,
  now: Date,
): Promise<{ retryAfterMs: number }> {
  const [account, address] = await Promise.all([count(sql, 'email_hash', emailHash, now), count(sql, 'ip', ip, now)]);
  const wait = (c: Counter, free: number) =>
    c.last ? c.last.getTime() + throttleDelayMs(c.failures, free) - now.getTime() : 0;
  return { retryAfterMs: Math.max(0, wait(account, FREE_FAILURES_PER_ACCOUNT), wait(address, FREE_FAILURES_PER_IP)) };
}

export async function recordAttempt(
  sql: Sql | TransactionSql,
  emailHash: string,
  ip: string,
  now: Date,
  outcome: 'success' | 'failure' | 'throttled',
) {
  await sql`INSERT INTO auth_attempt (at, email_hash, ip, outcome) VALUES (${now}, ${emailHash}, ${ip}, ${outcome})`;
}

export function retryMessage(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return ms < 60_000
    ? `Trop de tentatives de connexion. Patientez ${Math.ceil(ms / 1000)} secondes avant de réessayer.`
    : `Trop de tentatives de connexion. Patientez ${minutes} minute${minutes > 1 ? 's' : ''} avant de réessayer.`;
}
