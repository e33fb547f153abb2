import { error, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { formFailure, readForm } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { ORGANISATION_FIELDS, organisationInput } from '#lib/server/organisations.ts';
import type { Actions, PageServerLoad } from './$types';

const DENIED = 'Seuls les administrateurs du territoire peuvent ajouter une structure.';

export const load: PageServerLoad = ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'organisation.create')) error(403, DENIED);
  return {};
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const me = requireFull(locals, url);
    if (!can(actorOf(me), 'organisation.create')) error(403, DENIED);
    const { values } = await readForm(request, ORGANISATION_FIELDS);
    let id: string;
    try {
      ({ id } = await locals.api.admin.organisations.create.mutate(organisationInput(values)));
    } catch (err) {
      return formFailure(err, values, { fields: ORGANISATION_FIELDS, url });
    }
    redirect(303, `/administration/structures/${id}?fait=creee`);
  },
};
