import {
  CAPACITY_STATUSES,
  ORGANISATION_TYPES,
  PUBLICS,
  THEMATIQUE_CATEGORIES,
  THEMATIQUE_VALUES,
  TYPES_SERVICE,
  type CapacityStatus,
} from '@ensemblier/shared';

/**
 * The directory's search, as its URL says it (GET form, shareable):
 * `?q=…&commune=…&thematique=…&public=…&type=…&structure=…&capacite=…&orientations=1&page=2`.
 */
export interface DirectoryFilters {
  q: string;
  /** What the commune field holds: an INSEE code (from the autocomplete) or typed text. */
  commune: string;
  thematiques: string[];
  publics: string[];
  types: string[];
  organisationTypes: string[];
  capacity: CapacityStatus[];
  acceptsReferrals: boolean;
}

// A category key ('aide-alimentaire') stands for all its thématiques (the API expands it).
const thematiqueSet = new Set<string>([...THEMATIQUE_VALUES, ...Object.keys(THEMATIQUE_CATEGORIES)]);
const publicSet = new Set<string>(PUBLICS.map((p) => p.value));
const typeSet = new Set<string>(TYPES_SERVICE.map((t) => t.value));
const organisationTypeSet = new Set<string>(ORGANISATION_TYPES);
const capacitySet = new Set<string>(CAPACITY_STATUSES);

function many(params: URLSearchParams, name: string, allowed: Set<string>, max: number): string[] {
  const values = params
    .getAll(name)
    .map((v) => v.trim())
    .filter((v) => allowed.has(v));
  return [...new Set(values)].slice(0, max);
}

/** Reads the filters from the URL, ignoring unknown values (a hand-edited or stale link still works). */
export function readFilters(params: URLSearchParams): DirectoryFilters {
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    commune: (params.get('commune') ?? '').trim().slice(0, 80),
    thematiques: many(params, 'thematique', thematiqueSet, 20),
    publics: many(params, 'public', publicSet, 14),
    types: many(params, 'type', typeSet, 6),
    organisationTypes: many(params, 'structure', organisationTypeSet, 16),
    capacity: many(params, 'capacite', capacitySet, 4) as CapacityStatus[],
    acceptsReferrals: params.get('orientations') === '1',
  };
}

/** How many filters (besides the text and the commune) narrow the search: shown on the phone disclosure. */
export function refinementCount(filters: DirectoryFilters): number {
  return (
    filters.thematiques.length +
    filters.publics.length +
    filters.types.length +
    filters.organisationTypes.length +
    filters.capacity.length +
    (filters.acceptsReferrals ? 1 : 0)
  );
}

export function isFiltered(filters: DirectoryFilters): boolean {
  return filters.q !== '' || filters.commune !== '' || refinementCount(filters) > 0;
}

/**
 * Suggestions for an empty result, most helpful first: what to remove or broaden.
 * `communeName` is the resolved commune, if any.
 */
export function emptyAdvice(filters: DirectoryFilters, communeName: string | null): string[] {
  const advice: string[] = [];
  if (filters.capacity.length)
    advice.push('Retirez le filtre de disponibilité : un service complet peut vous conseiller.');
  if (filters.acceptsReferrals)
    advice.push('Décochez « Accepte les orientations » : certains services se contactent directement.');
  if (filters.commune) {
    advice.push(
      `Essayez sans la commune${communeName ? ` « ${communeName} »` : ''} ou une commune voisine : la zone d’un service peut être plus large.`,
    );
  }
  if (
    filters.thematiques.length ||
    filters.publics.length ||
    filters.types.length ||
    filters.organisationTypes.length
  ) {
    advice.push('Retirez une thématique, un public ou un type de service.');
  }
  if (filters.q)
    advice.push('Utilisez un mot plus court ou plus courant (par exemple « épicerie » plutôt que le nom exact).');
  return advice;
}
