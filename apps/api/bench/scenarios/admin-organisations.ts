import { seedScale } from '../../src/seed/demo.ts';
import { measure, type Scenario } from '../harness.ts';

/** The administration list of a large territory: search + page, as an admin. */
export const adminOrganisations: Scenario = {
  name: 'admin-organisations',
  description: 'Administration › Structures (recherche + pagination) d’un grand territoire',
  goalP95Ms: 50,
  run: async (stack, { users, perUser, scale }) => {
    const { territoryId } = await seedScale(stack.owner, scale, 'Territoire de banc d’essai');
    const [admin] = await stack.owner.begin(async (tx) => {
      await tx`SELECT set_config('app.territory_id', ${territoryId}, true)`;
      return tx`SELECT u.email FROM app_user u JOIN membership m ON m.user_id = u.id WHERE m.role = 'admin' LIMIT 1`;
    });
    const cookies = await Promise.all(Array.from({ length: users }, () => stack.login(admin!.email)));
    const queries = ['', 'martin', 'service', 'dubois'];
    return measure(users, perUser, (u, i) => {
      const input = encodeURIComponent(
        JSON.stringify({ q: queries[i % queries.length] || undefined, page: 1 + (i % 3), pageSize: 25 }),
      );
      return fetch(`${stack.baseUrl}/api/trpc/admin.organisations.list?input=${input}`, {
        headers: { cookie: cookies[u]! },
      });
    });
  },
};
