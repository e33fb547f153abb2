import { error, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { apiError, formError, formFailure, loginUrl, readForm } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const DENIED = 'Les règles de conservation sont réservées aux administrateurs du territoire.';
const FIELDS = ['archiveAfterMonths', 'demande_refusee', 'aide', 'suivi'] as const;

/** The territory's retention rules (archives.rules.get/update): the administrator edits them. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'retention.manage')) error(403, DENIED);
  try {
    const rules = await locals.api.archives.rules.get.query();
    return { ...rules, saved: url.searchParams.get('enregistre') === '1' };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(403, DENIED);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

/** A whole number typed in French (spaces allowed), or null. */
const toInt = (v: string | undefined) => {
  const clean = (v ?? '').replace(/\s/g, '');
  return /^\d{1,4}$/.test(clean) ? Number(clean) : null;
};

export const actions: Actions = {
  default: async ({ request, locals, url }) => {
    const { values } = await readForm(request, FIELDS);
    const errors: Record<string, string> = {};
    const numbers: Record<string, number> = {};
    for (const f of FIELDS) {
      const n = toInt(values[f]);
      if (n === null)
        errors[f] =
          f === 'archiveAfterMonths' ? 'Indiquez un nombre entier de mois.' : 'Indiquez un nombre entier d’années.';
      else numbers[f] = n;
    }
    if (Object.keys(errors).length > 0) return formError(400, values, errors);
    try {
      await locals.api.archives.rules.update.mutate({
        archiveAfterMonths: numbers.archiveAfterMonths!,
        demande_refusee: numbers.demande_refusee!,
        aide: numbers.aide!,
        suivi: numbers.suivi!,
      });
    } catch (err) {
      return formFailure(err, values, { fields: FIELDS, url });
    }
    redirect(303, '/administration/conservation?enregistre=1');
  },
};
