import { redirect } from '@sveltejs/kit';
import { formError, formFailure, readForm } from '#lib/server/forms.ts';
import { safeRedirect, stageRedirect } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (!locals.me) redirect(303, '/connexion');
  if (locals.me.stage !== 'second_factor') redirect(303, stageRedirect(locals.me, redirectTo));
  return { redirectTo, email: locals.me.user.email };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const { values, data } = await readForm(request, ['code']);
    const redirectTo = safeRedirect(String(data.get('redirectTo') ?? ''));
    let result: { ok: boolean; message?: string };
    try {
      result = await locals.api.auth.verifySecondFactor.mutate({ code: values.code ?? '' });
    } catch (error) {
      // Codes are never sent back to the page.
      return formFailure(error, {}, { fields: ['code'], url });
    }
    if (!result.ok) {
      return formError(400, {}, { code: result.message ?? 'Ce code n’est pas valide.' });
    }
    const me = await locals.api.auth.me.query();
    redirect(303, stageRedirect(me, redirectTo));
  },
};
