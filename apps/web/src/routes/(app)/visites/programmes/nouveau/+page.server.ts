import { error, fail, redirect } from '@sveltejs/kit';
import { can, parisDate } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { programmeErrors, programmeFormValues, recurrenceOf, visitorIdsOf } from '../form.ts';
import { UUID } from '../programme-labels.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette personne est introuvable. Ouvrez le registre, puis l’inscription de la personne.';

/**
 * « Nouveau programme »: a person on the register without a programme in force (a select, or
 * prefilled by `?personne=` from the register's page — a person who already has one is sent to
 * it), one to three visitors, the frequency and the first visit's date.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'register.manage')) error(404, 'Cette page n’existe pas.');
  const personne = url.searchParams.get('personne') ?? '';
  if (personne && !UUID.test(personne)) error(404, NOT_FOUND);
  let c;
  try {
    c = await locals.api.visits.programmes.candidates.query(personne ? { personId: personne } : {});
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'FORBIDDEN' || info.code === 'BAD_REQUEST') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  if (c.person?.programmeId) redirect(303, `/visites/programmes/${c.person.programmeId}`);
  return {
    person: c.person,
    persons: c.persons,
    visitors: c.visitors,
    initial: {
      personId: c.person?.registered ? c.person.personId : '',
      visitorUserIds: '',
      recurrence: 'semaine',
      startsOn: parisDate(new Date()),
    } as Record<string, string>,
  };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const values = programmeFormValues(await request.formData());
    let created;
    try {
      created = await locals.api.visits.programmes.create.mutate({
        personId: values.personId!,
        visitorUserIds: visitorIdsOf(values),
        recurrence: recurrenceOf(values),
        startsOn: values.startsOn!,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      const { errors, extra } = programmeErrors(info.fieldErrors);
      if (info.code === 'NOT_FOUND') errors.personId = 'Choisissez une personne inscrite au registre.';
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
        values,
        errors,
        message: extra.length > 0 ? extra.join(' ') : Object.keys(errors).length > 0 ? undefined : info.message,
      });
    }
    redirect(303, `/visites/programmes/${created.programmeId}?fait=cree`);
  },
};
