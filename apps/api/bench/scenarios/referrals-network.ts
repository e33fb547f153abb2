import { measure, type Scenario } from '../harness.ts';
import { explainList, listUrl, referralBenchData, sampleLockWaits } from './referrals-data.ts';

/**
 * « Tout le réseau » of the CIAS (every task of the territory: about 1.1 million), as its
 * coordinator: page 1, the refusals, the urgent ones waiting, one partner's tasks.
 */
export const referralsNetwork: Scenario = {
  name: 'referrals-network',
  description: 'Orientations › Tout le réseau du CIAS (~1,1 million de tâches : page 1, filtres)',
  goalP95Ms: 50,
  run: async (stack, { users, perUser }) => {
    const d = await referralBenchData(stack);
    const inputs: Record<string, unknown>[] = [
      { view: 'reseau' },
      { view: 'reseau', states: ['refusee'] },
      { view: 'reseau', states: ['envoyee', 'vue'], urgency: 'urgente' },
      { view: 'reseau', partnerId: d.busyOrganisationIds[1] },
    ];
    const cookies = await Promise.all(Array.from({ length: users }, () => stack.login(d.coordinatorEmail)));
    const waits = sampleLockWaits(stack);
    const m = await measure(users, perUser, (u, i) =>
      fetch(listUrl(stack, inputs[(u + i) % inputs.length]!), { headers: { cookie: cookies[u]! } }),
    );
    const waited = await waits();
    if (perUser > 5) console.log(`  ${waited}`);
    if (perUser > 5) await explainList(stack, d.coordinatorEmail, d.territoryId, inputs);
    return m;
  },
};
