import { prepareDatabase, resolveDatabase } from '../setup.ts';

const db = await resolveDatabase(process.env, console.log);
try {
  const applied = await prepareDatabase(db, process.env, console.log);
  console.log(applied.length ? `${applied.length} migration(s) appliquée(s).` : 'Base de données à jour.');
} finally {
  await db.stop();
}
