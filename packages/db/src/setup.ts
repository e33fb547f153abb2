import { resolve } from 'node:path';
import postgres from 'postgres';
import { connect, deriveAppUrl, type DatabaseUrls } from './connection.ts';
import { REPO_ROOT, startEmbedded, type EmbeddedServer } from './embedded.ts';
import { ensureAppRole, migrate } from './migrate.ts';
import { loadCommunes } from './reference.ts';

export const OWNER_ROLE = 'ensemblier_owner';
const DEV_APP_PASSWORD = 'ensemblier_app_dev';
const DEV_OWNER_PASSWORD = 'ensemblier_owner_dev';

export interface ResolvedDatabase extends DatabaseUrls {
  embedded?: EmbeddedServer;
  stop: () => Promise<void>;
}

/** Creates the owner role and a database owned by it on a server we are superuser of. */
export async function ensureOwnerDatabase(
  superuserUrl: string,
  database: string,
  ownerPassword: string,
): Promise<void> {
  const su = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  try {
    const [role] = await su`SELECT 1 FROM pg_roles WHERE rolname = ${OWNER_ROLE}`;
    if (!role) {
      await su.unsafe(`CREATE ROLE ${OWNER_ROLE} LOGIN CREATEROLE CREATEDB PASSWORD '${ownerPassword}'`);
    }
    const [db] = await su`SELECT 1 FROM pg_database WHERE datname = ${database}`;
    if (!db) await su.unsafe(`CREATE DATABASE "${database}" OWNER ${OWNER_ROLE}`);
  } finally {
    await su.end();
  }
}

export function ownerUrlFor(superuserUrl: string, database: string, ownerPassword = DEV_OWNER_PASSWORD): string {
  const url = new URL(superuserUrl);
  url.username = OWNER_ROLE;
  url.password = ownerPassword;
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * DATABASE_URL set: that server, as the owner role it names (APP_DATABASE_URL or
 * APP_DB_PASSWORD for the app role). Unset: an embedded PostgreSQL whose data lives in
 * the git-ignored `.data/postgres` folder of the repository.
 */
export async function resolveDatabase(
  env: NodeJS.ProcessEnv = process.env,
  log: (m: string) => void = () => {},
): Promise<ResolvedDatabase> {
  const appPassword = env.APP_DB_PASSWORD ?? DEV_APP_PASSWORD;
  if (env.DATABASE_URL) {
    const ownerUrl = env.DATABASE_URL;
    return { ownerUrl, appUrl: env.APP_DATABASE_URL ?? deriveAppUrl(ownerUrl, appPassword), stop: async () => {} };
  }
  const dataDir = env.EMBEDDED_PG_DIR ?? resolve(REPO_ROOT, '.data/postgres');
  const port = Number(env.EMBEDDED_PG_PORT ?? 54329);
  log(`PostgreSQL embarqué : ${dataDir} (port ${port})`);
  const embedded = await startEmbedded({ dataDir, port });
  await ensureOwnerDatabase(embedded.superuserUrl(), 'ensemblier', DEV_OWNER_PASSWORD);
  const ownerUrl = ownerUrlFor(embedded.superuserUrl(), 'ensemblier');
  return { ownerUrl, appUrl: deriveAppUrl(ownerUrl, appPassword), embedded, stop: () => embedded.stop() };
}

/** Role + migrations: what `pnpm db:migrate` and every start run. */
export async function prepareDatabase(
  urls: DatabaseUrls,
  env: NodeJS.ProcessEnv = process.env,
  log: (m: string) => void = () => {},
): Promise<string[]> {
  const owner = connect(urls.ownerUrl, { max: 1 });
  try {
    await ensureAppRole(owner, env.APP_DB_PASSWORD ?? DEV_APP_PASSWORD);
    const applied = await migrate(owner, { ownerUrl: urls.ownerUrl, log });
    await loadCommunes(owner, log);
    return applied;
  } finally {
    await owner.end();
  }
}
