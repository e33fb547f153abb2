import { measure, type Scenario } from '../harness.ts';
import { referralBenchData } from './referrals-data.ts';

/** persons.search as the « Personnes » page calls it (21 rows: one more says a next page exists). */
const INPUTS: Record<string, unknown>[] = [
  { query: 'martin', limit: 21 },
  { query: 'martin jeanne', limit: 21 },
  { query: 'bernard', communeInsee: '34145', limit: 21 },
  { query: 'thomas', dateNaissance: '12/04/1950', limit: 21 },
  { query: 'petit', offset: 21, limit: 21 },
  // A typo: nothing begins with it, the close names are looked for.
  { query: 'bernadr', limit: 21 },
];

const searchUrl = (baseUrl: string, input: Record<string, unknown>) =>
  `${baseUrl}/api/trpc/persons.search?input=${encodeURIComponent(JSON.stringify(input))}`;

/**
 * « Personnes » over the referral scenarios' load (100,000 persons by default): half the users
 * are the CIAS coordinator (every person with a referral), half a worker of the busiest partner
 * (the persons its organisation created or received); names, birth date, commune, page 2, typo.
 */
export const personsSearch: Scenario = {
  name: 'persons-search',
  description: 'Personnes › recherche par nom, date de naissance, commune, faute de frappe (100 000 personnes)',
  goalP95Ms: 50,
  run: async (stack, { users, perUser }) => {
    const d = await referralBenchData(stack);
    const cookies = await Promise.all(
      Array.from({ length: users }, (_, u) => stack.login(u % 2 === 0 ? d.coordinatorEmail : d.busyWorkerEmail)),
    );
    return measure(users, perUser, (u, i) =>
      fetch(searchUrl(stack.baseUrl, INPUTS[(u + i) % INPUTS.length]!), { headers: { cookie: cookies[u]! } }),
    );
  },
};
