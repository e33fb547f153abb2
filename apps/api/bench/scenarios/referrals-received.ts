import { measure, type Scenario } from '../harness.ts';
import { explainList, listUrl, referralBenchData, sampleLockWaits } from './referrals-data.ts';

const INPUTS: Record<string, unknown>[] = [
  { view: 'recues' },
  { view: 'recues', states: ['envoyee', 'vue'] },
  { view: 'recues', states: ['acceptee', 'en_cours'] },
  { view: 'recues', page: 2 },
];

/**
 * « Reçues » of the busiest partner (~10 % of a million referrals: about 100,000 tasks), as
 * one of its workers: page 1, the waiting ones, the accompaniments under way, page 2.
 */
export const referralsReceived: Scenario = {
  name: 'referrals-received',
  description: 'Orientations › Reçues du partenaire le plus sollicité (~100 000 tâches : page 1, filtre d’état)',
  goalP95Ms: 50,
  run: async (stack, { users, perUser }) => {
    const d = await referralBenchData(stack);
    const cookies = await Promise.all(Array.from({ length: users }, () => stack.login(d.busyWorkerEmail)));
    const waits = sampleLockWaits(stack);
    const m = await measure(users, perUser, (u, i) =>
      fetch(listUrl(stack, INPUTS[(u + i) % INPUTS.length]!), { headers: { cookie: cookies[u]! } }),
    );
    const waited = await waits();
    if (perUser > 5) console.log(`  ${waited}`);
    if (perUser > 5) await explainList(stack, d.busyWorkerEmail, d.territoryId, INPUTS);
    return m;
  },
};
