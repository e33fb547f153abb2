import { error, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { communeLabel } from '#lib/directory/zone.ts';
import { communeProblem, resolveCommune } from '#lib/directory/lookup.server.ts';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam } from '#lib/server/paging.ts';
import { withQuery } from '#lib/url.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;
/** Volunteers and commission members have no « Personnes » (need to know): the page does not exist. */
const NOT_FOUND = 'Cette page n’existe pas.';

/** The search form's fields, as in the URL (`?nom=…&naissance=JJ/MM/AAAA&commune=34145`). */
function readSearch(params: URLSearchParams) {
  const get = (key: string) => (params.get(key) ?? '').trim().slice(0, 100);
  return { nom: get('nom'), naissance: get('naissance'), commune: get('commune') };
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'referral.use')) error(404, NOT_FOUND);
  const search = readSearch(url.searchParams);
  const page = pageParam(url);
  const searched = search.nom !== '' || search.naissance !== '' || search.commune !== '';
  const errors: Record<string, string> = {};

  // The commune: a code from the autocomplete, or text typed without it (resolved here; a text
  // naming one commune becomes its code in the URL, as in the directory).
  const resolution = await resolveCommune(locals.api, search.commune);
  if (resolution.kind === 'found' && resolution.commune.code !== search.commune) {
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
  if (communeError) errors.commune = communeError;
  if (searched && search.nom.length < 2) {
    errors.nom = 'Tapez au moins 2 lettres du nom ou du prénom de la personne.';
  }

  let rows: Awaited<ReturnType<typeof locals.api.persons.search.query>> = [];
  let hasNext = false;
  if (searched && Object.keys(errors).length === 0) {
    try {
      // One row more than the page says whether a next page exists.
      rows = await locals.api.persons.search.query({
        query: search.nom,
        dateNaissance: search.naissance || null,
        communeInsee: commune?.code ?? null,
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE + 1,
      });
      hasNext = rows.length > PAGE_SIZE;
      rows = rows.slice(0, PAGE_SIZE);
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      if (info.code === 'FORBIDDEN') error(404, NOT_FOUND);
      if (info.code !== 'BAD_REQUEST') error(info.httpStatus >= 400 ? info.httpStatus : 500, info.message);
      const map: Record<string, string> = { query: 'nom', dateNaissance: 'naissance', communeInsee: 'commune' };
      for (const [key, message] of Object.entries(info.fieldErrors)) {
        if (map[key]) errors[map[key]] ??= message;
      }
      if (Object.keys(errors).length === 0) errors.nom = info.message;
    }
  }

  return {
    search,
    searched,
    errors,
    candidates,
    commune: commune
      ? { code: commune.code, nom: commune.nom, codesPostaux: commune.codesPostaux ?? [], label: communeLabel(commune) }
      : null,
    persons: rows.map((r) => ({
      id: r.id,
      nom: r.nom,
      prenom: r.prenom,
      dateNaissance: r.dateNaissance,
      communeName: r.communeName,
    })),
    /** No name begins with what was typed: these are close names (a typo or two). */
    approximate: rows.length > 0 && rows.every((r) => r.approximate),
    page,
    hasNext,
  };
};
