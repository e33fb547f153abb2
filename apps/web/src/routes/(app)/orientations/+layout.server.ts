import { error } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { LayoutServerLoad } from './$types';

/** Orientations are for professionals of the network: volunteers and commission members never see them. */
export const load: LayoutServerLoad = ({ locals, url }) => {
  const me = requireFull(locals, url);
  const actor = actorOf(me);
  if (!can(actor, 'referral.use')) error(403, 'Les orientations sont réservées aux professionnels du réseau.');
  return {
    referralPermissions: { route: can(actor, 'referral.route'), network: can(actor, 'referral.network') },
  };
};
