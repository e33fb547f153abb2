import { formFailure, readForm } from '#lib/server/forms.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const { values } = await readForm(request, ['email']);
    try {
      await locals.api.auth.requestPasswordReset.mutate({ email: values.email ?? '' });
    } catch (error) {
      return formFailure(error, values, { fields: ['email'] });
    }
    // The same answer whether the address has an account or not.
    return { sent: true as const, email: values.email?.trim() ?? '' };
  },
};
