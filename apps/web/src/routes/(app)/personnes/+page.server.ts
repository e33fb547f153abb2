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

/**
 * The search form's fields, as in the URL (`?nom=…&naissance=JJ/MM/AAAA&annee=1950&commune=34145
 * &referent=moi`): every field is optional, at least one is needed. `referent` is `moi` (« mes
 * dossiers ») or a colleague's user id.
 */
function readSearch(params: URLSearchParams) {
  const get = (key: string) => (params.get(key) ?? '').trim().slice(0, 100);
  return {
    nom: get('nom'),
    naissance: get('naissance'),
    annee: get('annee'),
    commune: get('commune'),
    referent: get('referent'),
  };
}

type Referent = { userId: string; name: string; me: boolean };

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'referral.use')) error(404, NOT_FOUND);
  const search = readSearch(url.searchParams);
  const page = pageParam(url);
  const searched = Object.values(search).some((v) => v !== '');
  const errors: Record<string, string> = {};

  // The référents offered: the user (« mes dossiers »), then their organisation's professionals.
  let referents: Referent[] = [];
  try {
    referents = await locals.api.persons.referents.query();
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.httpStatus >= 400 ? info.httpStatus : 500, info.message);
  }
  const referent =
    search.referent === 'moi'
      ? (referents.find((r) => r.me) ?? null)
      : (referents.find((r) => r.userId === search.referent) ?? null);
  if (search.referent !== '' && !referent) errors.referent = 'Choisissez le référent dans la liste.';

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
  if (search.nom.length === 1) {
    errors.nom = 'Tapez au moins 2 lettres du nom ou du prénom de la personne.';
  }

  let rows: Awaited<ReturnType<typeof locals.api.persons.search.query>> = [];
  let hasNext = false;
  if (searched && Object.keys(errors).length === 0) {
    try {
      // One row more than the page says whether a next page exists.
      rows = await locals.api.persons.search.query({
        query: search.nom || null,
        dateNaissance: search.naissance || null,
        // The text of the field: the API says what is wrong with it (4 digits, 1900 to now).
        anneeNaissance: (search.annee || null) as number | null,
        communeInsee: commune?.code ?? null,
        referentUserId: referent?.userId ?? null,
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
      const map: Record<string, string> = {
        query: 'nom',
        dateNaissance: 'naissance',
        anneeNaissance: 'annee',
        communeInsee: 'commune',
        referentUserId: 'referent',
      };
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
    /** The référent filter's choices; `moi` stands for the user in the URL. */
    referents: referents.map((r) => ({ value: r.me ? 'moi' : r.userId, label: r.me ? 'Moi (mes dossiers)' : r.name })),
    /** « Mes dossiers » alone: the user's own files, whatever their name. */
    mine:
      referent?.me === true && search.nom === '' && search.naissance === '' && search.annee === '' && !search.commune,
  };
};
