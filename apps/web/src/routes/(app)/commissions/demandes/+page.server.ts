import { error, redirect } from '@sveltejs/kit';
import { AID_KIND_VALUES, DEMANDE_STATES } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { pageParam } from '#lib/server/paging.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** « Demandes d'aide »: the territory's (coordinators) or the organisation's, with filters in the URL. */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  const page = Math.min(500, pageParam(url));
  const state = url.searchParams.get('etat') ?? '';
  const aidKind = url.searchParams.get('aide') ?? '';
  const commissionTypeId = url.searchParams.get('commission') ?? '';
  const personId = url.searchParams.get('personne') ?? '';
  try {
    const [result, types] = await Promise.all([
      locals.api.commissions.demandes.list.query({
        state: (DEMANDE_STATES as readonly string[]).includes(state) ? (state as never) : null,
        aidKind: (AID_KIND_VALUES as readonly string[]).includes(aidKind) ? (aidKind as never) : null,
        commissionTypeId: /^[0-9a-f-]{36}$/i.test(commissionTypeId) ? commissionTypeId : null,
        personId: /^[0-9a-f-]{36}$/i.test(personId) ? personId : null,
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
      locals.api.commissions.config.list.query(),
    ]);
    return {
      items: result.items,
      page,
      totalPages: result.hasMore ? page + 1 : page,
      filters: { state, aidKind, commissionTypeId, personId },
      commissionTypes: types.items.map((t) => ({ id: t.id, name: t.name })),
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND') error(404, 'Ce dossier est introuvable.');
    if (info.code === 'FORBIDDEN') error(403, 'Les demandes d’aide sont instruites par les professionnels.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};
