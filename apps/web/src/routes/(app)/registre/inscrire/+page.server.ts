import { error, fail, redirect } from '@sveltejs/kit';
import { parisDate } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { formValues, mapErrors, parseRegistrationForm } from '../form.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Ce dossier est introuvable. Ouvrez le dossier de la personne, puis « Inscrire au registre ».';

async function personOf(locals: App.Locals, url: URL) {
  const personId = url.searchParams.get('personne') ?? '';
  if (!/^[0-9a-f-]{36}$/i.test(personId)) error(404, NOT_FOUND);
  try {
    return await locals.api.visits.register.forPerson.query({ personId });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
}

/** « Inscrire au registre » from the person's file (?personne=ID), prefilled from the file. */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  const r = await personOf(locals, url);
  const current = r.registrations.find((x) => x.status === 'inscrite');
  if (current) redirect(303, `/registre/${current.id}`);
  return {
    person: r.person,
    communes: r.communes,
    history: r.registrations.map((x) => ({ id: x.id, registeredOn: x.registeredOn, optedOutOn: x.optedOutOn })),
    initial: {
      requestedBy: 'personne',
      consentOn: parisDate(new Date()),
      adresse: r.person.adresse ?? '',
      communeInsee: r.communes.some((c) => c.code === r.person.communeInsee) ? (r.person.communeInsee ?? '') : '',
      tel1: r.person.telephone ?? '',
      tel1Type: r.person.telephone?.startsWith('06') || r.person.telephone?.startsWith('07') ? 'portable' : 'fixe',
    } as Record<string, string>,
  };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const values = formValues(await request.formData());
    const personId = url.searchParams.get('personne') ?? '';
    let created;
    try {
      created = await locals.api.visits.register.create.mutate({ ...parseRegistrationForm(values), personId });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      const errors = mapErrors(values, info.fieldErrors);
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
        values,
        errors,
        message: Object.keys(errors).length > 0 ? undefined : info.message,
      });
    }
    redirect(303, `/registre/${created.registrationId}?fait=inscrite`);
  },
};
