import { connect, resolveDatabase } from '@ensemblier/db';
import { loadConfig } from './config.ts';
import { startWorker } from './worker/runner.ts';

/** A worker process on its own (scale workers apart from the API: same PostgreSQL). */
const config = loadConfig();
const db = await resolveDatabase();
const sql = connect(db.appUrl, { max: 5 });
const runner = await startWorker({
  sql,
  config,
  appUrl: db.appUrl,
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
});
console.log('[worker] prêt');
const stop = async () => {
  await runner.stop();
  await sql.end({ timeout: 5 });
  await db.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await runner.promise;
