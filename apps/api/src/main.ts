import { serve } from '@hono/node-server';
import { connect, prepareDatabase, resolveDatabase } from '@ensemblier/db';
import { systemClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemo } from './seed/demo.ts';
import { seedDemoReferrals } from './seed/referrals.ts';
import { seedDemoSituation } from './seed/situation.ts';
import { seedDemoTasks } from './seed/tasks.ts';
import { seedDemoCommissions } from './seed/commissions.ts';
import { seedDemoRegister } from './seed/register.ts';
import { seedDemoVisits } from './seed/visits.ts';
import { startWorker } from './worker/runner.ts';

const config = loadConfig();
const info = (m: string) => console.log(`[api] ${m}`);
const db = await resolveDatabase(process.env, info);
await prepareDatabase(db, process.env, info);

const owner = connect(db.ownerUrl, { max: 1 });
const fresh = await isEmpty(owner);
if (fresh && process.env.SEED_DEMO !== 'false') {
  const { territoryId } = await seedDemo(owner);
  // The demo story of referrals (not in seedDemo: the API tests count rows from a bare demo).
  await seedDemoReferrals(owner, territoryId);
  // The situation and household of a few of those persons.
  await seedDemoSituation(owner, territoryId);
  // A few tasks (« à faire ») on those persons.
  await seedDemoTasks(owner, territoryId);
  // The demo commissions (types, envelopes, members) and a few demandes d'aide.
  await seedDemoCommissions(owner, territoryId);
  // Six demo persons on the register of vulnerable people (issue 7).
  await seedDemoRegister(owner, territoryId);
  // The demo volunteer's visit programmes and their history.
  await seedDemoVisits(owner, territoryId);
  info('Données de démonstration créées.');
}
await owner.end();

const sql = connect(db.appUrl, { max: Number(process.env.DB_POOL_SIZE ?? 20) });
const app = createApp({ sql, config, clock: systemClock });
const server = serve({ fetch: app.fetch, port: config.apiPort, hostname: config.apiHost });
const runner = config.workerInline ? await startWorker({ sql, config, appUrl: db.appUrl }) : null;

info(`API sur http://${config.apiHost}:${config.apiPort} ; worker ${runner ? 'intégré' : 'désactivé (WORKER=off)'}`);
console.log(`
  Ensemblier est prêt : ${config.origin}
  ${config.devOutbox ? `Courriels (dev) : ${config.origin}/dev/courriels` : 'Courriels envoyés par SMTP.'}
  Comptes de démonstration (mot de passe : ${DEMO_PASSWORD}) :
${DEMO_USERS.map((u) => `    ${u.email.padEnd(42)} ${u.memberships.map((m) => m.role).join(', ')}`).join('\n')}
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  server.close();
  await runner?.stop();
  await sql.end({ timeout: 5 });
  await db.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
