import { redirect } from '@sveltejs/kit';
import { stageRedirect } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';

/** The home page only sends people where they belong. */
export const load: PageServerLoad = ({ locals }) => {
  if (locals.me) redirect(303, stageRedirect(locals.me, '/tableau-de-bord'));
  redirect(303, '/connexion');
};
