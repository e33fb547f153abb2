import { error, fail, redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette inscription est introuvable.';

const DONE: Record<string, string> = {
  inscrite: 'La personne est inscrite au registre.',
  modifiee: 'L’inscription est enregistrée.',
  radiee: 'La personne est radiée du registre. Ses coordonnées d’accès ont été effacées ; l’historique est conservé.',
};

/** One registration: what the register holds, who registered, the radiation if any. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) error(404, NOT_FOUND);
  try {
    const entry = await locals.api.visits.register.get.query({ registrationId: params.id });
    const done = url.searchParams.get('fait');
    return { entry, done: done ? (DONE[done] ?? null) : null };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

const OPT_OUT_FIELDS = ['reason', 'on', 'mode', 'note'] as const;

export const actions: Actions = {
  radier: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const values = Object.fromEntries(
      OPT_OUT_FIELDS.map((f) => [f, typeof data.get(f) === 'string' ? String(data.get(f)).trim() : '']),
    ) as Record<(typeof OPT_OUT_FIELDS)[number], string>;
    try {
      await locals.api.visits.register.optOut.mutate({
        registrationId: params.id,
        reason: values.reason as 'demande',
        on: values.on,
        mode: (values.mode || null) as 'oral' | null,
        note: values.note || null,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      const errors: Record<string, string> = {};
      const extra: string[] = [];
      for (const [k, m] of Object.entries(info.fieldErrors)) {
        if ((OPT_OUT_FIELDS as readonly string[]).includes(k)) errors[k] ??= m;
        else extra.push(m);
      }
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
        kind: 'radier',
        values,
        errors,
        message: extra.length > 0 ? extra.join(' ') : Object.keys(errors).length > 0 ? undefined : info.message,
      });
    }
    redirect(303, `/registre/${params.id}?fait=radiee`);
  },
};
