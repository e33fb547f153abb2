import { requireFull } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const me = requireFull(locals, url);
  return {
    user: { name: me.user.name, email: me.user.email, totpEnabled: me.user.totpEnabled },
    activeMembershipId: me.activeMembership.id,
    memberships: me.memberships,
  };
};
