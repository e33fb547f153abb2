import { parseArgs } from 'node:util';
import { connect, prepareDatabase, resolveDatabase } from '@ensemblier/db';
import { isEmpty, seedDemo, seedScale } from '../seed/demo.ts';

const { values } = parseArgs({ options: { scale: { type: 'string' }, demo: { type: 'boolean' } } });
const db = await resolveDatabase(process.env, console.log);
await prepareDatabase(db, process.env, console.log);
const owner = connect(db.ownerUrl, { max: 2 });
try {
  if (values.demo || (await isEmpty(owner))) {
    await seedDemo(owner);
    console.log('Territoire de démonstration créé.');
  }
  if (values.scale) {
    const scale = Number(values.scale);
    if (!Number.isInteger(scale) || scale < 1) throw new Error('--scale attend un entier positif.');
    const started = Date.now();
    const r = await seedScale(owner, scale);
    console.log(
      `Territoire de charge : ${r.organisations} structures, ${r.users} comptes, ${r.services} services (${Date.now() - started} ms).`,
    );
  }
} finally {
  await owner.end();
  await db.stop();
}
