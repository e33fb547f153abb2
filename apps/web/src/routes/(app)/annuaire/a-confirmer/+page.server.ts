import { error } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { loadFailure } from '#lib/directory/lookup.server.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'directory.staleReport')) {
    error(403, 'La liste des services à confirmer est réservée à la coordination du CCAS ou du CIAS.');
  }
  const page = pageParam(url);
  let result;
  try {
    result = await locals.api.directory.stale.query({ page, pageSize: PAGE_SIZE });
  } catch (err) {
    loadFailure(err, url, 'Cette liste est momentanément indisponible.');
  }
  return {
    services: result.items.map((s) => ({
      id: s.id,
      nom: s.nom,
      organisation: { id: s.organisation.id, name: s.organisation.name },
      dateMaj: s.dateMaj as unknown as string,
      capacity: { status: s.capacity.status, delayDays: s.capacity.delayDays },
    })),
    total: result.total,
    page,
    totalPages: totalPages(result.total, PAGE_SIZE),
  };
};
