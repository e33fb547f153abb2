import { fail, redirect } from '@sveltejs/kit';
import { SECOND_FACTOR_ROLES, isRole } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
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

export const actions: Actions = {
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
