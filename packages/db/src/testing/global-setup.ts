import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startEmbedded } from '../embedded.ts';
import { readMigrations } from '../migrate.ts';
import { ensureOwnerDatabase, ownerUrlFor, prepareDatabase } from '../setup.ts';
import { deriveAppUrl } from '../connection.ts';

import './provided.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * One PostgreSQL server per test run (embedded, or the server of DATABASE_URL, whose
 * role must be able to create roles and databases); the schema is migrated once into a
 * template database, and each test file clones it (see createTestDatabase).
 */
export default async function setup(project: TestProject) {
  let superuserUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    superuserUrl = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'ensemblier-test-pg-'));
    chmodSync(dir, 0o755);
    const server = await startEmbedded({ dataDir: join(dir, 'data'), port: await freePort() });
    superuserUrl = server.superuserUrl();
    stop = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const digest = readMigrations()
    .map((m) => m.checksum.slice(0, 6))
    .join('')
    .slice(-24);
  const template = `ensemblier_tpl_${digest}`;
  const su = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  const [exists] = await su`SELECT 1 FROM pg_database WHERE datname = ${template}`;
  await su.end();
  if (!exists) {
    await ensureOwnerDatabase(superuserUrl, template, 'ensemblier_owner_dev');
    const ownerUrl = ownerUrlFor(superuserUrl, template);
    await prepareDatabase(
      { ownerUrl, appUrl: deriveAppUrl(ownerUrl, 'ensemblier_app_dev') },
      { APP_DB_PASSWORD: 'ensemblier_app_dev' },
    );
  }
  project.provide('pgSuperuserUrl', superuserUrl);
  project.provide('pgTemplate', template);
  return stop;
}
