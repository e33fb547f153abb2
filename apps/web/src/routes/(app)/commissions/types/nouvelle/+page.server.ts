import { error, redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { parseTypeForm } from '../form.ts';
import { NEW_TYPE, typeFailure, typeFormValues } from '../shared.server.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  try {
    const candidates = await locals.api.commissions.config.memberCandidates.query();
    return { candidates, initial: NEW_TYPE };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, 'Seuls les coordinateurs configurent les commissions.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const data = await request.formData();
    const values = typeFormValues(data);
    let created;
    try {
      created = await locals.api.commissions.config.create.mutate(parseTypeForm(data, null) as never);
    } catch (err) {
      return typeFailure(err, url, values);
    }
    redirect(303, `/commissions/types/${created.id}?fait=creee`);
  },
};
