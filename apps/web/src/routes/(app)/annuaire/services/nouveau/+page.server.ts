import { error, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { directoryFormFailure, loadFailure } from '#lib/directory/lookup.server.ts';
import { SERVICE_FIELD_ORDER } from '#lib/directory/service-form.ts';
import { readServiceSubmission } from '#lib/directory/service-form.server.ts';
import { formError } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const FORBIDDEN = 'Seuls les responsables de la structure peuvent y ajouter un service.';

function organisationParam(url: URL): string {
  const id = url.searchParams.get('structure') ?? '';
  if (!/^[0-9a-f-]{36}$/i.test(id)) error(404, 'Choisissez d’abord la structure depuis sa fiche dans l’annuaire.');
  return id;
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  const organisationId = organisationParam(url);
  let org;
  try {
    org = await locals.api.directory.organisation.get.query({ id: organisationId });
  } catch (err) {
    loadFailure(err, url, 'Cette structure n’existe pas ou n’est plus dans l’annuaire.');
  }
  if (!org.permissions.createService && !can(actorOf(me), 'service.create', { organisationId })) error(403, FORBIDDEN);
  return {
    organisation: { id: org.id, name: org.name },
    values: { acceptsReferrals: '', modesAccueil: 'en-presentiel', mobilisablePar: 'professionnels' } as Record<
      string,
      string
    >,
  };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const organisationId = organisationParam(url);
    const { values, errors, input } = await readServiceSubmission(locals.api, await request.formData(), organisationId);
    if (Object.keys(errors).length > 0) return formError(400, values, errors);
    let id: string;
    try {
      ({ id } = await locals.api.directory.service.create.mutate(input));
    } catch (err) {
      return directoryFormFailure(err, values, { fields: SERVICE_FIELD_ORDER, url });
    }
    redirect(303, `/annuaire/services/${id}?fait=cree`);
  },
};
