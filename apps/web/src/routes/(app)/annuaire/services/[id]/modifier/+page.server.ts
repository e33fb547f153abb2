import { error, redirect } from '@sveltejs/kit';
import { communesByCode, directoryFormFailure, loadFailure } from '#lib/directory/lookup.server.ts';
import { SERVICE_FIELD_ORDER, serviceFormValues } from '#lib/directory/service-form.ts';
import { readServiceSubmission, zoneChips } from '#lib/directory/service-form.server.ts';
import { communeLabel } from '#lib/directory/zone.ts';
import { formError } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const PLACEHOLDER_ORGANISATION = '00000000-0000-4000-8000-000000000000';
const NOT_FOUND = 'Ce service n’existe pas ou n’est plus dans l’annuaire.';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  let service;
  try {
    service = await locals.api.directory.service.get.query({ id: params.id });
  } catch (err) {
    loadFailure(err, url, NOT_FOUND);
  }
  if (!service.permissions.update) error(403, 'Seuls les responsables de la structure peuvent modifier ce service.');
  if (service.status !== 'active') error(404, 'Ce service est archivé : il ne peut plus être modifié.');
  const values = serviceFormValues(service);
  const commune = service.communeInsee
    ? ((await communesByCode(locals.api, [service.communeInsee])).get(service.communeInsee) ?? null)
    : null;
  if (commune) values.communeInsee = communeLabel(commune);
  return {
    service: { id: service.id, nom: service.nom, version: service.version, organisation: service.organisation },
    values,
    zone: await zoneChips(locals.api, service.zoneEligibilite),
    commune: commune ? { code: commune.code, nom: commune.nom, codesPostaux: commune.codesPostaux ?? [] } : null,
  };
};

export const actions: Actions = {
  default: async ({ locals, request, params, url }) => {
    const data = await request.formData();
    // The schema wants an organisation; the update does not take it (the service keeps its own).
    const { values, errors, input } = await readServiceSubmission(locals.api, data, PLACEHOLDER_ORGANISATION);
    const version = Number(data.get('version'));
    values.version = String(version);
    if (Object.keys(errors).length > 0) return formError(400, values, errors);
    const { organisationId: _organisationId, ...rest } = input;
    try {
      await locals.api.directory.service.update.mutate({ ...rest, id: params.id, version });
    } catch (err) {
      return directoryFormFailure(err, values, { fields: SERVICE_FIELD_ORDER, url });
    }
    redirect(303, `/annuaire/services/${params.id}?fait=modifie`);
  },
};
