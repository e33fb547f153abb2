import { measure, type Scenario } from '../harness.ts';

/** The cost every page pays: session check + tenant transaction + who-am-I. */
export const sessionMe: Scenario = {
  name: 'session-me',
  description: 'auth.me : validation de session + transaction du territoire',
  goalP95Ms: 50,
  run: async (stack, { users, perUser }) => {
    const cookies = await Promise.all(Array.from({ length: users }, () => stack.login('admin@demo.ensemblier.fr')));
    return measure(users, perUser, (u) =>
      fetch(`${stack.baseUrl}/api/trpc/auth.me`, { headers: { cookie: cookies[u]! } }),
    );
  },
};
