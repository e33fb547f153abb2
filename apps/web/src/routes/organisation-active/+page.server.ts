import { redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { safeRedirect } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
  redirect(303, '/');
};

/** The organisation switcher of the shell: a plain POST form, works without JavaScript. */
export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const data = await request.formData();
    const membershipId = String(data.get('membershipId') ?? '');
    const back = safeRedirect(String(data.get('redirectTo') ?? '')) ?? '/tableau-de-bord';
    try {
      await locals.api.auth.switchMembership.mutate({ membershipId });
    } catch (error) {
      const info = apiError(error);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(new URL(back, url)));
    }
    redirect(303, back);
  },
};
