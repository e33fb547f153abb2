import { redirect } from '@sveltejs/kit';
import type { CapacityStatus } from '@ensemblier/shared';
import { communeNames, directoryFormFailure, loadFailure } from '#lib/directory/lookup.server.ts';
import { formError, readForm } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';
import { openingHoursLines } from '@ensemblier/shared/directory/opening-hours';

/** Messages after an action (the action redirects here with `?fait=…`). */
const DONE: Record<string, string> = {
  cree: 'Le service a été créé. Il apparaît dès maintenant dans l’annuaire.',
  modifie: 'Les modifications ont été enregistrées. Le service est marqué à jour.',
  capacite: 'La disponibilité a été mise à jour. Elle s’affiche dès maintenant dans les résultats de recherche.',
  confirme: 'Merci : le service est confirmé à jour pour six mois.',
};

const NOT_FOUND = 'Ce service n’existe pas ou n’est plus dans l’annuaire.';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  let service;
  try {
    service = await locals.api.directory.service.get.query({ id: params.id });
  } catch (err) {
    loadFailure(err, url, NOT_FOUND);
  }
  const names = await communeNames(locals.api, [
    ...service.zoneEligibilite,
    ...(service.communeInsee ? [service.communeInsee] : []),
  ]);
  const done = url.searchParams.get('fait');
  const { permissions, ...rest } = service;
  return {
    openingHours: openingHoursLines(rest.horairesAccueil),
    service: {
      ...rest,
      dateMaj: rest.dateMaj as unknown as string,
      capacity: {
        status: rest.capacity.status,
        delayDays: rest.capacity.delayDays,
        confirmedAt: rest.capacity.confirmedAt as unknown as string | null,
      },
      createdAt: rest.createdAt as unknown as string,
      updatedAt: rest.updatedAt as unknown as string,
    },
    permissions,
    communeNames: Object.fromEntries(names),
    confirmBanner: url.searchParams.get('confirmer') === '1' && permissions.confirm && service.status === 'active',
    archiving: url.searchParams.get('archiver') === '1' && permissions.archive && service.status === 'active',
    capacityEditing: url.searchParams.get('disponibilite') === '1',
    done: done ? (DONE[done] ?? null) : null,
  };
};

const back = (id: string, done: string) => `/annuaire/services/${id}?fait=${done}`;

export const actions: Actions = {
  capacity: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, ['status', 'delayDays']);
    const status = values.status as CapacityStatus;
    if (!status) {
      return formError(400, values, { status: 'Choisissez une disponibilité.' }, { kind: 'capacity' });
    }
    const rawDelay = (values.delayDays ?? '').trim();
    let delayDays: number | null = null;
    if (status === 'liste_attente') {
      if (rawDelay === '') {
        return formError(
          400,
          values,
          { delayDays: 'Indiquez le délai d’attente habituel, en jours.' },
          { kind: 'capacity' },
        );
      }
      if (!/^\d{1,4}$/.test(rawDelay)) {
        return formError(
          400,
          values,
          { delayDays: 'Indiquez un nombre de jours, par exemple 15.' },
          { kind: 'capacity' },
        );
      }
      delayDays = Number(rawDelay);
    }
    try {
      await locals.api.directory.service.setCapacity.mutate({ id: params.id, status, delayDays });
    } catch (err) {
      return directoryFormFailure(err, values, { kind: 'capacity', fields: ['status', 'delayDays'], url });
    }
    redirect(303, back(params.id, 'capacite'));
  },

  confirm: async ({ locals, params, url }) => {
    try {
      await locals.api.directory.service.confirm.mutate({ id: params.id });
    } catch (err) {
      return directoryFormFailure(err, {}, { kind: 'confirm', fields: [], url });
    }
    redirect(303, back(params.id, 'confirme'));
  },

  archive: async ({ locals, params, url }) => {
    let organisationId: string;
    try {
      const service = await locals.api.directory.service.get.query({ id: params.id });
      organisationId = service.organisation.id;
      await locals.api.directory.service.archive.mutate({ id: params.id });
    } catch (err) {
      return directoryFormFailure(err, {}, { kind: 'archive', fields: [], url });
    }
    redirect(303, `/annuaire/structures/${organisationId}?fait=archive`);
  },
};
