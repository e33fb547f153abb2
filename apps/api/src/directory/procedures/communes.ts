import { z } from 'zod';
import { communeSearchInput, inseeCodeSchema } from '@ensemblier/shared';
import { authedProcedure } from '../../trpc/init.ts';

interface CommuneRow {
  code: string;
  nom: string;
  codes_postaux: string[];
  departement: string;
  in_territory: boolean;
}

const toDto = (r: CommuneRow) => ({
  code: r.code,
  nom: r.nom,
  codesPostaux: r.codes_postaux,
  departement: r.departement,
  inTerritory: r.in_territory,
});

const searchable = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s'’-]+/g, ' ')
    .trim();

/**
 * Commune autocomplete (reference data, any signed-in user): a postcode or INSEE code
 * prefix, or a name (accent-insensitive, prefix then fuzzy); the territory's communes first.
 */
export const searchCommunes = authedProcedure.input(communeSearchInput).query(async ({ ctx, input }) => {
  const tx = ctx.tx;
  const q = searchable(input.q);
  if (!q) return [];
  const digits = /^\d[0-9AB]?\d{0,3}$/i.test(q);
  if (digits) {
    const rows = await tx<CommuneRow[]>`
      SELECT c.code, c.nom, c.codes_postaux, c.departement, tc.insee_code IS NOT NULL AS in_territory
      FROM commune c LEFT JOIN territory_commune tc ON tc.insee_code = c.code
      WHERE ${
        q.length === 5
          ? tx`(c.codes_postaux @> ARRAY[${q}::text] OR c.code = ${q.toUpperCase()})`
          : tx`(c.code LIKE ${q.toUpperCase() + '%'} OR EXISTS (SELECT 1 FROM unnest(c.codes_postaux) cp WHERE cp LIKE ${q + '%'}))`
      }
      ORDER BY in_territory DESC, c.population DESC NULLS LAST, c.nom
      LIMIT ${input.limit}`;
    return rows.map(toDto);
  }
  // Names: those starting with the query (btree prefix scan), then the nearest by trigram
  // distance (GiST k-NN, for typos: "montpelier"); in each group the territory's first.
  const hyphenated = q.replace(/ /g, '-');
  const rows = await tx<(CommuneRow & { rank: number; distance: number })[]>`
    SELECT * FROM (
      (SELECT c.code, c.nom, c.codes_postaux, c.departement, c.population, 0 AS rank, 0::real AS distance
        FROM commune c
        WHERE c.nom_search LIKE ${hyphenated + '%'} OR c.nom_search LIKE ${q + '%'}
        ORDER BY c.population DESC NULLS LAST LIMIT 50)
      UNION ALL
      (SELECT c.code, c.nom, c.codes_postaux, c.departement, c.population, 1 AS rank, c.nom_search <-> ${q} AS distance
        FROM commune c WHERE length(${q}) >= 3
        ORDER BY c.nom_search <-> ${q} LIMIT ${input.limit})
    ) m
    LEFT JOIN LATERAL (SELECT true AS in_territory FROM territory_commune tc WHERE tc.insee_code = m.code) t ON true
    WHERE m.rank = 0 OR m.distance < 0.7
    ORDER BY m.rank, coalesce(t.in_territory, false) DESC, m.distance, m.population DESC NULLS LAST, m.nom`;
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.code) && seen.add(r.code))
    .slice(0, input.limit)
    .map((r) => toDto({ ...r, in_territory: Boolean(r.in_territory) }));
});

export const communeCodesInput = z.object({ codes: z.array(inseeCodeSchema).max(500) });

/** Labels of communes by INSEE code (unknown codes are left out), in the order asked. */
export const getCommunes = authedProcedure.input(communeCodesInput).query(async ({ ctx, input }) => {
  if (!input.codes.length) return [];
  const rows = await ctx.tx<CommuneRow[]>`
    SELECT c.code, c.nom, c.codes_postaux, c.departement, tc.insee_code IS NOT NULL AS in_territory
    FROM commune c LEFT JOIN territory_commune tc ON tc.insee_code = c.code
    WHERE c.code = ANY(${input.codes}::text[])`;
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return [...new Set(input.codes)].flatMap((c) => (byCode.has(c) ? [toDto(byCode.get(c)!)] : []));
});
