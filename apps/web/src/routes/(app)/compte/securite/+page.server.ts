import { fail, redirect } from '@sveltejs/kit';
import { SECOND_FACTOR_ROLES, isRole } from '@ensemblier/shared';
import { apiError, formFailure, loginUrl, readForm } from '#lib/server/forms.ts';
import { homeFor, stageRedirect } from '#lib/server/guards.ts';
import { totpSetupView } from '#lib/server/totp.ts';
import type { Actions, PageServerLoad } from './$types';

/** Also open while a session must still enrol its second factor (see the (app) layout). */
export const load: PageServerLoad = ({ locals, url }) => {
  const me = locals.me;
  if (!me) redirect(303, loginUrl(url));
  if (me.stage === 'second_factor') redirect(303, stageRedirect(me, url.pathname));
  const role = me.activeMembership?.role ?? '';
  return {
    totpEnabled: me.user.totpEnabled,
    enrolment: me.stage === 'enrolment',
    requiredForRole: isRole(role) && SECOND_FACTOR_ROLES.includes(role),
    home: homeFor(role),
  };
};

const PASSWORD_FIELDS = ['currentPassword', 'password', 'passwordConfirmation'] as const;

export const actions: Actions = {
  /** Passwords are never sent back to the page, even on an error. */
  password: async ({ locals, request, url }) => {
    const { values } = await readForm(request, PASSWORD_FIELDS);
    try {
      const { otherSessionsEnded } = await locals.api.auth.changePassword.mutate({
        currentPassword: values.currentPassword ?? '',
        password: values.password ?? '',
        passwordConfirmation: values.passwordConfirmation ?? '',
      });
      return { kind: 'password' as const, passwordChanged: true, otherSessionsEnded };
    } catch (error) {
      const failure = formFailure(error, {}, { fields: PASSWORD_FIELDS, url });
      return fail(failure.status, { ...failure.data, kind: 'password' as const });
    }
  },

  setup: async ({ locals, url }) => {
    try {
      const { secret, uri } = await locals.api.auth.totpSetup.mutate();
      return { setup: await totpSetupView(secret, uri) };
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      return fail(info.httpStatus, { kind: 'setup', values: {}, errors: {}, message: info.message });
    }
  },

  enrol: async ({ locals, request, url }) => {
    const data = await request.formData();
    const code = String(data.get('code') ?? '');
    const setup = await totpSetupView(String(data.get('secret') ?? ''), String(data.get('uri') ?? ''));
    try {
      const { recoveryCodes } = await locals.api.auth.enrolTotp.mutate({ code });
      return { recoveryCodes };
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      const codeError = info.fieldErrors.code;
      return fail(info.httpStatus, {
        kind: 'enrol',
        setup,
        values: {},
        errors: codeError ? { code: codeError } : {},
        message: codeError ? undefined : info.message,
      });
    }
  },
};
