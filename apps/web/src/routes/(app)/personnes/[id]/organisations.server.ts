import { can, type Actor } from '@ensemblier/shared';
import type { ApiClient } from '#lib/server/api.ts';

export interface NetworkOrganisation {
  id: string;
  name: string;
}

/** Directory pages read at most (100 services each) when building the list for a partner. */
const MAX_DIRECTORY_PAGES = 5;

/**
 * The territory's active organisations, for the scope of a consent event. The CCAS lists them
 * (admin.organisations.list); partners may not, so for them the list is built from the
 * directory (the organisations that publish at least one active service), plus their own.
 * A failure gives an empty list: the form still offers "toutes les structures du réseau".
 */
export async function networkOrganisations(
  api: ApiClient,
  actor: Actor,
  own: NetworkOrganisation,
): Promise<NetworkOrganisation[]> {
  const found = new Map<string, string>([[own.id, own.name]]);
  try {
    if (can(actor, 'organisation.list')) {
      for (let page = 1; page <= 20; page++) {
        const result = await api.admin.organisations.list.query({ status: 'active', page, pageSize: 100 });
        for (const o of result.items) found.set(o.id, o.name);
        if (page * 100 >= result.total) break;
      }
    } else {
      for (let page = 1; page <= MAX_DIRECTORY_PAGES; page++) {
        const result = await api.directory.search.query({ page, pageSize: 100 });
        for (const s of result.items) found.set(s.organisation.id, s.organisation.name);
        if (page * 100 >= result.total) break;
      }
    }
  } catch {
    // Keep what was found.
  }
  return [...found]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr', { sensitivity: 'base' }));
}
