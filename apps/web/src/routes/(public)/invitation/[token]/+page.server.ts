import { redirect } from '@sveltejs/kit';
import { tokenSchema } from '@ensemblier/shared';
import { apiError, formFailure, readForm } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!tokenSchema.safeParse(params.token).success) return { invitation: null };
  try {
    return { invitation: await locals.api.auth.invitationInfo.query({ token: params.token }) };
  } catch (error) {
    const info = apiError(error);
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') return { invitation: null };
    throw error;
  }
};

const FIELDS = ['password', 'passwordConfirmation'] as const;

export const actions: Actions = {
  default: async ({ locals, request, params }) => {
    const { values } = await readForm(request, FIELDS);
    try {
      await locals.api.auth.acceptInvitation.mutate({
        token: params.token,
        password: values.password ?? '',
        passwordConfirmation: values.passwordConfirmation ?? '',
      });
    } catch (error) {
      const info = apiError(error);
      if (info.code === 'NOT_FOUND' || info.fieldErrors.token) return { invalid: true as const };
      return formFailure(error, {}, { fields: FIELDS });
    }
    redirect(303, '/connexion?bienvenue=1');
  },
};
