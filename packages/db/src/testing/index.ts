import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import './provided.ts';
import { connect, deriveAppUrl, type Sql } from '../connection.ts';
import { OWNER_ROLE, ownerUrlFor } from '../setup.ts';

export interface TestDatabase {
  name: string;
  superuserUrl: string;
  ownerUrl: string;
  appUrl: string;
  /** Superuser connection to this database (for killing backends, catalogue checks…). */
  superuser: Sql;
  /** Connection as the owner role (runs migrations; subject to FORCE RLS). */
  owner: Sql;
  /** Connection as the restricted application role. */
  app: Sql;
  drop: () => Promise<void>;
}

/** A fresh database cloned from the migrated template: one per test file, never shared. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('pgSuperuserUrl');
  const template = inject('pgTemplate');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const su = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await su.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}" OWNER ${OWNER_ROLE}`);
  await su.end();
  const superuserUrl = (() => {
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    return u.toString();
  })();
  const ownerUrl = ownerUrlFor(serverUrl, name);
  const appUrl = deriveAppUrl(ownerUrl, 'ensemblier_app_dev');
  const superuser = connect(superuserUrl, { max: 2 });
  const owner = connect(ownerUrl, { max: 2 });
  const app = connect(appUrl, { max: 10 });
  return {
    name,
    superuserUrl,
    ownerUrl,
    appUrl,
    superuser,
    owner,
    app,
    drop: async () => {
      await Promise.all([superuser.end({ timeout: 1 }), owner.end({ timeout: 1 }), app.end({ timeout: 1 })]);
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Inserts a territory and one organisation in it, as the owner (with the territory set). */
export async function insertTerritory(
  owner: Sql,
  name: string,
): Promise<{ territoryId: string; organisationId: string }> {
  return owner.begin(async (tx) => {
    const [{ id }] = (await tx`SELECT gen_random_uuid() AS id`) as unknown as [{ id: string }];
    await tx`SELECT set_config('app.territory_id', ${id}, true)`;
    await tx`INSERT INTO territory (territory_id, name, kind) VALUES (${id}, ${name}, 'ccas')`;
    const [org] =
      (await tx`INSERT INTO organisation (territory_id, name, type) VALUES (${id}, ${'CCAS de ' + name}, 'ccas') RETURNING id`) as unknown as [
        { id: string },
      ];
    return { territoryId: id, organisationId: org.id };
  }) as Promise<{ territoryId: string; organisationId: string }>;
}
