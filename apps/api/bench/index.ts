import { parseArgs } from 'node:util';
import { seedDemo } from '../src/seed/demo.ts';
import { startStack, type Scenario } from './harness.ts';
import { adminOrganisations } from './scenarios/admin-organisations.ts';
import { directorySearch } from './scenarios/directory-search.ts';
import { personsSearch } from './scenarios/persons-search.ts';
import { referralLoad } from './scenarios/referrals-data.ts';
import { referralsNetwork } from './scenarios/referrals-network.ts';
import { referralsReceived } from './scenarios/referrals-received.ts';
import { sessionMe } from './scenarios/session-me.ts';

/** Every scenario; later features add theirs here. */
const SCENARIOS: Scenario[] = [
  sessionMe,
  adminOrganisations,
  directorySearch,
  referralsReceived,
  referralsNetwork,
  personsSearch,
];

const { values, positionals } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  allowPositionals: true,
  options: {
    users: { type: 'string', default: '20' },
    requests: { type: 'string', default: '50' },
    scale: { type: 'string', default: '10' },
    // The referral scenarios' load (one territory of 200 organisations, seeded once).
    persons: { type: 'string', default: String(referralLoad.persons) },
    referrals: { type: 'string', default: String(referralLoad.referrals) },
  },
});
const users = Number(values.users);
const perUser = Number(values.requests);
const scale = Number(values.scale);
referralLoad.persons = Number(values.persons);
referralLoad.referrals = Number(values.referrals);
const chosen = positionals.length ? SCENARIOS.filter((s) => positionals.includes(s.name)) : SCENARIOS;

const stack = await startStack();
await seedDemo(stack.owner);
console.log(
  `Banc d’essai : ${users} utilisateurs simultanés × ${perUser} requêtes, échelle ${scale}, via HTTP sur ${stack.baseUrl}\n`,
);
try {
  for (const scenario of chosen) {
    // A warm-up pass, then the measured one.
    await scenario.run(stack, { users, perUser: 5, scale: 1 });
    const m = await scenario.run(stack, { users, perUser, scale });
    const goal = scenario.goalP95Ms
      ? ` (objectif p95 < ${scenario.goalP95Ms} ms : ${m.p95 < scenario.goalP95Ms ? 'atteint' : 'NON atteint'})`
      : '';
    console.log(`${scenario.name} — ${scenario.description}`);
    console.log(
      `  p50 ${m.p50.toFixed(1)} ms · p95 ${m.p95.toFixed(1)} ms · p99 ${m.p99.toFixed(1)} ms · ${m.throughput.toFixed(0)} req/s · ${m.requests} requêtes, ${m.errors} erreurs${goal}\n`,
    );
  }
} finally {
  await stack.stop();
}
