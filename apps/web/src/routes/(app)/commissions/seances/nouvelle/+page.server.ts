import { error, redirect } from '@sveltejs/kit';
import { apiError, formFailure, loginUrl, readForm } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['commissionTypeId', 'date', 'heure', 'lieu', 'messageConvocation'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  try {
    const result = await locals.api.commissions.seances.list.query({ limit: 1 });
    if (!result.canCreate) error(404, 'Seuls les coordinateurs créent les séances.');
    return { commissionTypes: result.commissionTypes };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const { values } = await readForm(request, FIELDS);
    let created;
    try {
      created = await locals.api.commissions.seances.create.mutate({
        commissionTypeId: values.commissionTypeId ?? '',
        date: values.date ?? '',
        heure: values.heure ?? '',
        lieu: values.lieu ?? '',
        messageConvocation: values.messageConvocation || null,
      });
    } catch (err) {
      return formFailure(err, values, { fields: FIELDS, url });
    }
    redirect(303, `/commissions/seances/${created.id}?fait=creee`);
  },
};
