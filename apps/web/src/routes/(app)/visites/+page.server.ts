import { error, fail, redirect } from '@sveltejs/kit';
import { visitLogInput } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { fieldErrors, redisplayValues, visitFormValues } from '#lib/visits/form.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * « Mes visites » (issue 7): the persons assigned to the signed-in visitor, late, due today or
 * this week, each with the logistics card only (`visits.mine`). The service worker keeps this
 * page for offline use; with JavaScript the page queues visits on the phone and sends them, and
 * without it `?noter=<personne>` shows the form, posted to the `noter` action.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  let mine;
  let campaigns: Awaited<ReturnType<typeof locals.api.visits.campaigns.myCampaigns.query>> = [];
  try {
    // The open campaigns this visitor calls in (heatwave, cold spell): shown first.
    [mine, campaigns] = await Promise.all([
      locals.api.visits.mine.query({}),
      locals.api.visits.campaigns.myCampaigns.query(),
    ]);
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const noter = url.searchParams.get('noter');
  const selected = mine.items.find((i) => i.card.personId === noter) ? noter : null;
  return {
    today: mine.today,
    items: mine.items,
    campaigns,
    selected,
    /** The form's client id when it is rendered by the server (no JavaScript). */
    clientId: crypto.randomUUID(),
    saved: url.searchParams.get('enregistree') === '1',
  };
};

export const actions: Actions = {
  noter: async ({ locals, request, url }) => {
    requireFull(locals, url);
    const form = await request.formData();
    const values = redisplayValues(form);
    const personId = String(form.get('personId') ?? '');
    const parsed = visitLogInput.safeParse(visitFormValues(form, new Date()));
    if (!parsed.success) return fail(400, { personId, values, errors: fieldErrors(parsed.error.issues) });
    try {
      await locals.api.visits.log.mutate(parsed.data);
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      if (info.code === 'NOT_FOUND')
        return fail(404, {
          personId,
          values,
          errors: { form: 'Cette personne ne vous est plus confiée. Prévenez votre coordinateur.' },
        });
      return fail(info.httpStatus >= 500 ? 503 : 400, {
        personId,
        values,
        errors: Object.keys(info.fieldErrors).length > 0 ? info.fieldErrors : { form: info.message },
      });
    }
    redirect(303, '/visites?enregistree=1');
  },
};
