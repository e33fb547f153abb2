import { error, redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { parseTypeForm } from '../form.ts';
import { initialOf, typeFailure, typeFormValues } from '../shared.server.ts';
import type { Actions, PageServerLoad } from './$types';

const NOTICES: Record<string, string> = {
  creee: 'La commission a été créée.',
  enregistree: 'La configuration a été enregistrée.',
  archivee: 'La commission a été archivée : elle ne reçoit plus de demande.',
  restauree: 'La commission est de nouveau en service.',
};

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  try {
    const t = await locals.api.commissions.config.get.query({ commissionTypeId: params.id });
    const candidates = t.canConfigure
      ? await locals.api.commissions.config.memberCandidates.query()
      : { users: [], organisations: [] };
    return { t, candidates, initial: initialOf(t), notice: NOTICES[url.searchParams.get('fait') ?? ''] ?? null };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') error(404, 'Cette commission est introuvable.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

export const actions: Actions = {
  update: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const values = typeFormValues(data);
    try {
      const current = await locals.api.commissions.config.get.query({ commissionTypeId: params.id });
      await locals.api.commissions.config.update.mutate({
        ...(parseTypeForm(data, current.bareme) as never as object),
        commissionTypeId: params.id,
        version: Number(values.version) || null,
      } as never);
    } catch (err) {
      return typeFailure(err, url, values);
    }
    redirect(303, `/commissions/types/${params.id}?fait=enregistree`);
  },
  archive: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const archived = data.get('archived') === 'true';
    try {
      await locals.api.commissions.config.archive.mutate({ commissionTypeId: params.id, archived });
    } catch (err) {
      return typeFailure(err, url, {});
    }
    redirect(303, `/commissions/types/${params.id}?fait=${archived ? 'archivee' : 'restauree'}`);
  },
};
