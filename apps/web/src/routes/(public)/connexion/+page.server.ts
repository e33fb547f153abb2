import { redirect } from '@sveltejs/kit';
import { formFailure, readForm } from '#lib/server/forms.ts';
import { safeRedirect, stageRedirect } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (locals.me) redirect(303, stageRedirect(locals.me, redirectTo));
  return {
    redirectTo,
    welcome: url.searchParams.get('bienvenue') === '1',
    passwordChanged: url.searchParams.get('motdepasse') === '1',
  };
};

const FIELDS = ['email', 'password'] as const;

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const { values, data } = await readForm(request, FIELDS);
    const redirectTo = safeRedirect(String(data.get('redirectTo') ?? ''));
    try {
      await locals.api.auth.login.mutate({ email: values.email ?? '', password: values.password ?? '' });
    } catch (error) {
      return formFailure(error, values, { fields: FIELDS, omit: ['password'] });
    }
    // The new session cookie is already in this request's jar: ask who we are now.
    const me = await locals.api.auth.me.query();
    redirect(303, stageRedirect(me, redirectTo));
  },
};
