import { error, fail, redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { formValues, mapErrors, parseRegistrationForm, valuesOf } from '../../form.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette inscription est introuvable.';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) error(404, NOT_FOUND);
  try {
    const entry = await locals.api.visits.register.get.query({ registrationId: params.id });
    if (entry.status !== 'inscrite') redirect(303, `/registre/${entry.id}`);
    const r = await locals.api.visits.register.forPerson.query({ personId: entry.personId });
    return {
      entry: { id: entry.id, personId: entry.personId, nom: entry.nom, prenom: entry.prenom },
      communes: r.communes,
      initial: valuesOf(entry),
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

export const actions: Actions = {
  default: async ({ locals, request, url, params }) => {
    const values = formValues(await request.formData());
    try {
      await locals.api.visits.register.update.mutate({
        ...parseRegistrationForm(values),
        registrationId: params.id,
        version: Number(values.version) || 0,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      const errors = mapErrors(values, info.fieldErrors);
      delete errors.version;
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
        values,
        errors,
        message: Object.keys(errors).length > 0 ? undefined : info.message,
      });
    }
    redirect(303, `/registre/${params.id}?fait=modifiee`);
  },
};
