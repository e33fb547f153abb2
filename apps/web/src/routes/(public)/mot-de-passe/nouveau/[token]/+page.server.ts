import { redirect } from '@sveltejs/kit';
import { tokenSchema } from '@ensemblier/shared';
import { apiError, formFailure, readForm } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

// The link is checked before the form is shown (and again on submission).
export const load: PageServerLoad = async ({ params, locals }) => {
  if (!tokenSchema.safeParse(params.token).success) return { invalid: true, email: null };
  try {
    const { email } = await locals.api.auth.passwordResetInfo.query({ token: params.token });
    return { invalid: false, email };
  } catch (error) {
    if (apiError(error).code === 'NOT_FOUND') return { invalid: true, email: null };
    throw error;
  }
};

const FIELDS = ['password', 'passwordConfirmation'] as const;

export const actions: Actions = {
  default: async ({ locals, request, params }) => {
    const { values } = await readForm(request, FIELDS);
    try {
      await locals.api.auth.resetPassword.mutate({
        token: params.token,
        password: values.password ?? '',
        passwordConfirmation: values.passwordConfirmation ?? '',
      });
    } catch (error) {
      const info = apiError(error);
      if (info.code === 'NOT_FOUND' || info.fieldErrors.token) {
        return { invalid: true as const };
      }
      return formFailure(error, {}, { fields: FIELDS });
    }
    redirect(303, '/connexion?motdepasse=1');
  },
};
