import { createRequire } from 'node:module';
import type { Sql } from './connection.ts';

interface EtalabCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  codesPostaux?: string[];
  population?: number;
}
interface EtalabEpci {
  code: string;
  membres: { code: string }[];
}

const require = createRequire(import.meta.url);

const searchable = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Loads the French communes (INSEE code, name, postcodes, département, EPCI) from
 * @etalab/decoupage-administratif into the `commune` reference table, when its content
 * differs from the package's (a new package version replaces it in one transaction).
 */
export async function loadCommunes(owner: Sql, log: (m: string) => void = () => {}): Promise<number> {
  const communes = (require('@etalab/decoupage-administratif/data/communes.json') as EtalabCommune[]).filter(
    (c) => c.type === 'commune-actuelle',
  );
  const epcis = require('@etalab/decoupage-administratif/data/epci.json') as EtalabEpci[];
  const epciOf = new Map<string, string>();
  for (const e of epcis) for (const m of e.membres) epciOf.set(m.code, e.code);
  const [current] = await owner<{ n: number }[]>`SELECT count(*)::int AS n FROM commune`;
  if (current?.n === communes.length) return 0;
  log(`référentiel des communes : ${communes.length} communes`);
  await owner.begin(async (tx) => {
    await tx`DELETE FROM commune`;
    for (let i = 0; i < communes.length; i += 2000) {
      const rows = communes.slice(i, i + 2000).map((c) => ({
        code: c.code,
        nom: c.nom,
        nom_search: searchable(c.nom),
        codes_postaux: c.codesPostaux ?? [],
        departement: c.departement,
        epci: epciOf.get(c.code) ?? null,
        population: c.population ?? null,
      }));
      await tx`INSERT INTO commune ${tx(rows)}`;
    }
  });
  return communes.length;
}
