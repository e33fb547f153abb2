import type { ApiClient } from '#lib/server/api.ts';

export interface NetworkOrganisation {
  id: string;
  name: string;
}

/**
 * The territory's active organisations, for the scope of a consent event (the user's own
 * always included). A failure gives the user's own only: the form still offers "toutes les
 * structures du réseau".
 */
export async function networkOrganisations(api: ApiClient, own: NetworkOrganisation): Promise<NetworkOrganisation[]> {
  const found = new Map<string, string>([[own.id, own.name]]);
  try {
    for (const o of await api.directory.organisation.list.query()) found.set(o.id, o.name);
  } catch {
    // Keep the user's own.
  }
  return [...found]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr', { sensitivity: 'base' }));
}
