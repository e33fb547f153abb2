import { error, redirect } from '@sveltejs/kit';
import { can, PUBLICS, thematiquesByCategory, TYPES_SERVICE } from '@ensemblier/shared';
import { communeLabel } from '#lib/directory/zone.ts';
import { communeProblem, loadFailure, resolveCommune } from '#lib/directory/lookup.server.ts';
import { readFilters } from '#lib/directory/search.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import { withQuery } from '#lib/url.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  const actor = actorOf(me);
  if (!can(actor, 'directory.read')) error(403, 'L’annuaire est réservé aux professionnels et bénévoles du réseau.');
  const filters = readFilters(url.searchParams);
  const page = pageParam(url);

  // The commune: a code from the autocomplete, or text typed without it (resolved here; a
  // text that names one commune is replaced by its code in the URL, so links stay short).
  const resolution = await resolveCommune(locals.api, filters.commune);
  if (resolution.kind === 'found' && resolution.commune.code !== filters.commune) {
    redirect(303, withQuery(url, { commune: resolution.commune.code, page: null }));
  }
  const commune = resolution.kind === 'found' ? resolution.commune : null;
  const communeError = communeProblem(resolution);
  const candidates =
    resolution.kind === 'ambiguous' || resolution.kind === 'suggest'
      ? resolution.candidates.map((c) => ({
          label: communeLabel(c),
          href: withQuery(url, { commune: c.code, page: null }),
        }))
      : [];

  let result: { items: Awaited<ReturnType<typeof locals.api.directory.search.query>>['items']; total: number } = {
    items: [],
    total: 0,
  };
  if (!communeError) {
    try {
      result = await locals.api.directory.search.query({
        q: filters.q || undefined,
        commune: commune?.code,
        thematiques: filters.thematiques,
        publics: filters.publics,
        types: filters.types,
        organisationTypes: filters.organisationTypes,
        capacity: filters.capacity,
        acceptsReferrals: filters.acceptsReferrals ? true : undefined,
        page,
        pageSize: PAGE_SIZE,
      });
    } catch (err) {
      loadFailure(err, url, 'L’annuaire est momentanément indisponible.');
    }
  }

  let staleCount: number | null = null;
  if (can(actor, 'directory.staleReport')) {
    try {
      staleCount = (await locals.api.directory.stale.query({ page: 1, pageSize: 5 })).total;
    } catch {
      staleCount = null;
    }
  }

  return {
    filters,
    commune: commune
      ? {
          code: commune.code,
          nom: commune.nom,
          codesPostaux: commune.codesPostaux ?? [],
          departement: commune.departement,
        }
      : null,
    communeError,
    candidates,
    services: result.items.map((s) => ({
      id: s.id,
      nom: s.nom,
      description: s.description,
      organisation: { id: s.organisation.id, name: s.organisation.name },
      thematiques: s.thematiques,
      acceptsReferrals: s.acceptsReferrals,
      capacity: { status: s.capacity.status, delayDays: s.capacity.delayDays },
      dateMaj: s.dateMaj as unknown as string,
      stale: s.stale,
    })),
    total: result.total,
    page,
    totalPages: totalPages(result.total, PAGE_SIZE),
    staleCount,
    options: {
      thematiques: thematiquesByCategory().map((g) => ({
        label: g.label,
        options: [
          { value: g.category, label: `${g.label} : toutes` },
          ...g.items.map((t) => ({ value: t.value, label: t.label })),
        ],
      })),
      publics: PUBLICS.map((p) => ({ value: p.value, label: p.label })),
      types: TYPES_SERVICE.map((t) => ({ value: t.value, label: t.label })),
    },
  };
};
