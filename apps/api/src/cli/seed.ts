import { parseArgs } from 'node:util';
import { connect, prepareDatabase, resolveDatabase } from '@ensemblier/db';
import { isEmpty, seedDemo, seedScale } from '../seed/demo.ts';
import { seedDemoReferrals, seedScaleReferrals } from '../seed/referrals.ts';
import { seedDemoSituation } from '../seed/situation.ts';
import { seedDemoTasks } from '../seed/tasks.ts';
import { seedDemoCommissions } from '../seed/commissions.ts';
import { seedDemoRegister } from '../seed/register.ts';
import { seedDemoVisits } from '../seed/visits.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string' },
    demo: { type: 'boolean' },
    // Persons and referrals in the load territory (100,000 / 1,000,000 for the figures).
    referrals: { type: 'string' },
    persons: { type: 'string' },
  },
});
const count = (value: string | undefined, flag: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} attend un entier positif.`);
  return n;
};
const db = await resolveDatabase(process.env, console.log);
await prepareDatabase(db, process.env, console.log);
const owner = connect(db.ownerUrl, { max: 2 });
try {
  if (values.demo || (await isEmpty(owner))) {
    const { territoryId } = await seedDemo(owner);
    const r = await seedDemoReferrals(owner, territoryId);
    await seedDemoSituation(owner, territoryId);
    await seedDemoTasks(owner, territoryId);
    await seedDemoCommissions(owner, territoryId);
    await seedDemoRegister(owner, territoryId);
    await seedDemoVisits(owner, territoryId);
    console.log(`Territoire de démonstration créé (${r.persons} personnes, ${r.referrals} orientations).`);
  }
  if (values.scale || values.referrals) {
    const scale = values.scale ? count(values.scale, '--scale') : 5;
    const started = Date.now();
    const r = await seedScale(owner, scale);
    console.log(
      `Territoire de charge : ${r.organisations} structures, ${r.users} comptes, ${r.services} services (${Date.now() - started} ms).`,
    );
    if (values.referrals) {
      const referrals = count(values.referrals, '--referrals');
      const persons = values.persons ? count(values.persons, '--persons') : Math.max(1, Math.round(referrals / 10));
      const s = await seedScaleReferrals(owner, r.territoryId, { persons, referrals, log: console.log });
      console.log(
        `Orientations : ${s.referrals} orientations, ${s.tasks} tâches, ${s.events} événements, ${s.persons} personnes (${Math.round(s.durationMs / 1000)} s). Coordination : ${s.coordinatorEmail}.`,
      );
    }
  }
} finally {
  await owner.end();
  await db.stop();
}
