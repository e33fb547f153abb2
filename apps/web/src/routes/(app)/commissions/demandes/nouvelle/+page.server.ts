import { error, fail, redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { centsToField, formValues, isoToField, mapErrors, parseDemandeForm } from '../form.ts';
import type { Actions, PageServerLoad } from './$types';

/** A new demande d'aide for a person (?personne=ID), prefilled from their file. */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  const personId = url.searchParams.get('personne') ?? '';
  if (!/^[0-9a-f-]{36}$/i.test(personId)) error(404, 'Ouvrez le dossier de la personne, puis « Demande d’aide ».');
  try {
    const p = await locals.api.commissions.demandes.prefill.query({ personId });
    return {
      person: p.person,
      commissionTypes: p.commissionTypes,
      referrals: p.referrals,
      referralId: url.searchParams.get('orientation'),
      household: p.household.map((m) => ({
        relation: m.relation,
        birthDate: isoToField(m.birthDate),
        aCharge: m.aCharge === true,
        handicap: false,
        name: m.name,
      })),
      lines: p.lines.map((l) => ({
        kind: l.kind,
        type: l.type,
        amount: centsToField(l.amountCents),
        label: l.label ?? '',
      })),
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') error(404, 'Ce dossier est introuvable.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const data = await request.formData();
    const values = formValues(data);
    const personId = url.searchParams.get('personne') ?? '';
    const parsed = parseDemandeForm(data);
    let created;
    try {
      created = await locals.api.commissions.demandes.create.mutate({
        ...(parsed as never as Parameters<typeof locals.api.commissions.demandes.create.mutate>[0]),
        pieces: [],
        personId,
        commissionTypeId: values.commissionTypeId ?? '',
        referralId: values.referralId || null,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      const errors = mapErrors(info.fieldErrors);
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
        values,
        errors,
        message: Object.keys(errors).length > 0 ? undefined : info.message,
      });
    }
    redirect(303, `/commissions/demandes/${created.id}?fait=creee`);
  },
};
