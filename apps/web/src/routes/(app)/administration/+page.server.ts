import { error, redirect } from '@sveltejs/kit';
import { requireFull } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';

/** The administration entry: admins manage every organisation, partner managers their own. */
export const load: PageServerLoad = ({ locals, url }) => {
  const me = requireFull(locals, url);
  const { role, organisationId } = me.activeMembership;
  if (role === 'admin') redirect(303, '/administration/structures');
  if (role === 'partner_manager') redirect(303, `/administration/structures/${organisationId}`);
  error(403, 'L’administration est réservée aux administrateurs et aux responsables de structure.');
};
