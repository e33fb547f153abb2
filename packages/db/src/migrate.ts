import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { APP_ROLE, type Sql } from './connection.ts';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../migrations');
const LOCK_KEY = 4_242_001; // advisory lock id shared by every migrating process

export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class EditedMigrationError extends Error {
  constructor(name: string) {
    super(`Migration ${name} was edited after it was applied: add a new migration instead.`);
  }
}

/**
 * Creates the application role when missing (the owner needs CREATEROLE for that), and
 * (re)sets its password. Runs before the migrations, whose GRANTs name the role.
 */
export async function ensureAppRole(owner: Sql, appPassword: string): Promise<void> {
  const [existing] = await owner`SELECT 1 FROM pg_roles WHERE rolname = ${APP_ROLE}`;
  if (!existing) {
    await owner.unsafe(
      `CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT PASSWORD '${appPassword.replace(/'/g, "''")}'`,
    );
  }
}

/**
 * Applies graphile-worker's migrations, then ours, under an advisory lock; records a
 * checksum per file and refuses to go on when an applied file has changed.
 */
export async function migrate(
  owner: Sql,
  options: { ownerUrl: string; dir?: string; log?: (m: string) => void },
): Promise<string[]> {
  const log = options.log ?? (() => {});
  const applied: string[] = [];
  await owner.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
    await runWorkerMigrations({ connectionString: options.ownerUrl, logger: undefined });
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
    const done = new Map(
      (await tx<{ name: string; checksum: string }[]>`SELECT name, checksum FROM schema_migrations`).map((r) => [
        r.name,
        r.checksum,
      ]),
    );
    for (const file of readMigrations(options.dir)) {
      const previous = done.get(file.name);
      if (previous !== undefined) {
        if (previous !== file.checksum) throw new EditedMigrationError(file.name);
        continue;
      }
      log(`migration ${file.name}`);
      await tx.unsafe(file.sql);
      await tx`INSERT INTO schema_migrations (name, checksum) VALUES (${file.name}, ${file.checksum})`;
      applied.push(file.name);
    }
  });
  return applied;
}
