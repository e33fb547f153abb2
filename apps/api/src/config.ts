import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Config {
  /** Public origin of the application (the web app and, through it, the API). */
  origin: string;
  apiHost: string;
  apiPort: number;
  isProduction: boolean;
  secureCookies: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  /** When true, admin and coordinator accounts must enrol a second factor. */
  requireSecondFactor: boolean;
  /** Lists the dev outbox at /api/dev/outbox (only without SMTP, outside production). */
  devOutbox: boolean;
  /** Run the graphile-worker runner inside the API process. */
  workerInline: boolean;
  session: { idleMs: number; absoluteMs: number };
  trustProxy: boolean;
  /** Where referral attachments are stored (random names), outside any web root. */
  filesDir: string;
}

/** The repository root (apps/api/src → ../../..). */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const isProduction = env.NODE_ENV === 'production';
  const webPort = Number(env.PORT ?? 3000);
  const origin = (env.ORIGIN ?? `http://localhost:${webPort}`).replace(/\/$/, '');
  const smtpUrl = env.SMTP_URL || null;
  return {
    origin,
    apiHost: env.API_HOST ?? '127.0.0.1',
    apiPort: Number(env.API_PORT ?? 3001),
    isProduction,
    secureCookies: origin.startsWith('https://'),
    smtpUrl,
    mailFrom: env.MAIL_FROM ?? 'Ensemblier <no-reply@ensemblier.localhost>',
    requireSecondFactor: env.REQUIRE_2FA ? env.REQUIRE_2FA === 'true' : isProduction,
    devOutbox: !smtpUrl && !isProduction,
    workerInline: env.WORKER !== 'off',
    session: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
    trustProxy: env.TRUST_PROXY !== 'false',
    filesDir: resolve(env.FILES_DIR || join(REPO_ROOT, '.data', 'files')),
  };
}
