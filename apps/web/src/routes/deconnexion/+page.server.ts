import { redirect } from '@sveltejs/kit';
import { apiError } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

/** Logging out is a POST (a link could be followed by a prefetch); a GET goes home. */
export const load: PageServerLoad = () => {
  redirect(303, '/');
};

export const actions: Actions = {
  default: async ({ locals }) => {
    try {
      await locals.api.auth.logout.mutate();
    } catch (error) {
      // An expired session is already closed: the API cleared the cookie either way.
      apiError(error);
    }
    redirect(303, '/connexion');
  },
};
