import { can, directorySearchInput, pageInput, THEMATIQUE_VALUES, thematiqueCategory } from '@ensemblier/shared';
import type { PendingQuery, Row } from 'postgres';
import type { TransactionSql } from '@ensemblier/db';
import { authedProcedure, forbidden } from '../../trpc/init.ts';
import { capacityOf, excerpt, queryWords, staleBefore } from './common.ts';

type Fragment = PendingQuery<Row[]>;

interface SearchRow {
  id: string;
  nom: string;
  description: string;
  organisation_id: string;
  organisation_name: string;
  organisation_type: string;
  thematiques: string[];
  publics: string[];
  type: string | null;
  zone_eligibilite: string[];
  accepts_referrals: boolean;
  capacity_status: string;
  capacity_delay_days: number | null;
  capacity_confirmed_at: Date | null;
  date_maj: Date;
  stale: boolean;
  commune_insee: string | null;
  total: number;
}

interface Expansion {
  /** One entry per (query word, candidate lexeme). */
  lexemes: string[];
  groups: number[];
  /** The lexeme starts with the word's stem (as typed), rather than being a typo match. */
  strict: boolean[];
  words: number;
}

/**
 * Typo- and accent-tolerant French free text. Each query word is stemmed (French
 * snowball, on unaccented text) and expanded to the lexemes of the territory's
 * vocabulary (search_lexeme) that start with its stem ("epic" → epicer) or are
 * trigram-close to it ("epicrie" → epicr → epicer). Returns null when there is nothing
 * to search for (no words, or only stop words), false when a word matches nothing.
 */
async function expandQuery(tx: TransactionSql, words: string[]): Promise<Expansion | null | false> {
  if (!words.length) return null;
  const rows = await tx<{ i: number; lexeme: string | null; strict: boolean | null }[]>`
    WITH q AS (
      SELECT i::int, (tsvector_to_array(to_tsvector('french', w)))[1] AS stem
      FROM unnest(${words}::text[]) WITH ORDINALITY AS t(w, i)
    )
    SELECT q.i, x.lexeme, bool_or(x.strict) AS strict FROM q LEFT JOIN LATERAL (
      (SELECT l.lexeme, true AS strict FROM search_lexeme l
        WHERE l.lexeme >= q.stem AND l.lexeme < q.stem || '~' AND starts_with(l.lexeme, q.stem)
        ORDER BY length(l.lexeme), l.lexeme LIMIT 20)
      UNION ALL
      (SELECT k.lexeme, false FROM (
          SELECT l.lexeme, l.lexeme <-> q.stem AS distance FROM search_lexeme l
          ORDER BY l.lexeme <-> q.stem LIMIT 5) k
        WHERE length(q.stem) >= 3 AND k.distance <= ${1 - LEXEME_SIMILARITY})
    ) x ON true
    WHERE q.stem IS NOT NULL
    GROUP BY q.i, x.lexeme`;
  const asked = new Set(rows.map((r) => r.i));
  if (asked.size === 0) return null;
  const found = rows.filter((r) => r.lexeme !== null);
  if (new Set(found.map((r) => r.i)).size < asked.size) return false;
  return {
    lexemes: found.map((r) => r.lexeme!),
    groups: found.map((r) => r.i),
    strict: found.map((r) => Boolean(r.strict)),
    words: asked.size,
  };
}

/** How close (trigram similarity) a lexeme must be to a query word's stem to count. */
const LEXEME_SIMILARITY = 0.4;

/** A category ('aide-alimentaire') stands for all its thématiques. */
function expandThematiques(values: string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (v.includes('--')) out.add(v);
    else for (const t of THEMATIQUE_VALUES) if (thematiqueCategory(t) === v) out.add(t);
  }
  return [...out];
}

/**
 * The directory search: active services of active organisations of the territory,
 * filtered, ranked by text relevance when there is a query, else by capacity then
 * freshness.
 */
export const searchDirectory = authedProcedure.input(directorySearchInput).query(async ({ ctx, input }) => {
  if (!can(ctx.actor, 'directory.read')) forbidden();
  const tx = ctx.tx;
  const stale = staleBefore(ctx.clock.now());
  const where: Fragment[] = [tx`s.status = 'active'`, tx`o.status = 'active'`];
  if (input.thematiques.length) where.push(tx`s.thematiques && ${expandThematiques(input.thematiques)}::text[]`);
  if (input.commune) {
    const c = input.commune;
    where.push(tx`s.zone_eligibilite && coalesce((SELECT commune_zone_codes(${c})), ARRAY[${c}::text, 'france'])`);
  }
  if (input.publics.length) where.push(tx`s.publics && ${[...input.publics, 'tous-publics']}::text[]`);
  if (input.types.length) where.push(tx`s.type = ANY(${input.types}::text[])`);
  if (input.organisationTypes.length) where.push(tx`o.type = ANY(${input.organisationTypes}::text[])`);
  if (input.acceptsReferrals !== undefined) where.push(tx`s.accepts_referrals = ${input.acceptsReferrals}`);
  if (input.capacity.length) where.push(tx`s.capacity_status = ANY(${input.capacity}::text[])`);
  if (input.staleOnly) where.push(tx`s.date_maj < ${stale}`);
  if (input.organisationId) where.push(tx`s.organisation_id = ${input.organisationId}`);

  // Free text: services holding, for every word, one of its lexemes (search_posting);
  // score per word: the lexeme's best weight in the service (name 3, labels 2,
  // organisation 1, description 0), + 4 when it matches the word as typed (not a typo).
  const expansion = await expandQuery(tx, queryWords(input.q));
  if (expansion === false) return { items: [], total: 0, page: input.page, pageSize: input.pageSize };
  const matched = expansion
    ? tx`JOIN (
        SELECT service_id, sum(w) AS score FROM (
          SELECT p.service_id, g.i, max(p.weight + CASE WHEN g.strict THEN 4 ELSE 0 END) AS w
          FROM unnest(${expansion.lexemes}::text[], ${expansion.groups.map(String)}::text[]::int[],
            ${expansion.strict.map(String)}::text[]::bool[]) AS g(lexeme, i, strict)
          JOIN search_posting p ON p.lexeme = g.lexeme COLLATE "C"
          GROUP BY p.service_id, g.i) h
        GROUP BY service_id HAVING count(*) = ${expansion.words}
      ) m ON m.service_id = s.id`
    : tx``;
  const condition = where.reduce((acc, c) => tx`${acc} AND ${c}`);

  // The page is chosen on the narrow covering index (service_search_cover, an index-only
  // scan of the territory's rows: RLS keeps the GIN indexes out, see 0003); only its rows
  // are then read in full. The index is a third of the heap's size, but with the default
  // random_page_cost (4, for spinning disks) the planner prefers a sequential scan of the
  // heap, 4–5 times slower here: tell it that pages are cached or on SSD. The query has a
  // few dozen shapes (one per filter combination), each prepared once per connection:
  // planning it again for every request (custom plans) costs as much as running it.
  await tx`SELECT set_config('random_page_cost', '1.1', true), set_config('plan_cache_mode', 'force_generic_plan', true)`;
  // Relevance (text only), then places first, waiting list, unknown, full; the freshest first.
  const score = expansion ? tx`m.score` : tx`0`;
  const byCapacity = tx`CASE s.capacity_status WHEN 'places_disponibles' THEN 0 WHEN 'liste_attente' THEN 1
    WHEN 'inconnu' THEN 2 ELSE 3 END`;
  const rows = await tx<SearchRow[]>`
    WITH page AS (
      SELECT s.id, s.nom, s.date_maj, ${score} AS score, ${byCapacity} AS capacity_rank, count(*) OVER ()::int AS total
      FROM service s JOIN organisation o ON o.territory_id = s.territory_id AND o.id = s.organisation_id
      ${matched}
      WHERE ${condition}
      ORDER BY score DESC, capacity_rank, s.date_maj DESC, s.nom, s.id
      LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}
    )
    SELECT s.id, s.nom, left(s.description, 400) AS description, s.organisation_id, o.name AS organisation_name,
      o.type AS organisation_type, s.thematiques, s.publics, s.type, s.zone_eligibilite, s.accepts_referrals,
      s.capacity_status, s.capacity_delay_days, s.capacity_confirmed_at, s.date_maj, s.date_maj < ${stale} AS stale,
      s.commune_insee, page.total
    FROM page
    JOIN service s ON s.territory_id = app_territory_id() AND s.id = page.id
    JOIN organisation o ON o.territory_id = s.territory_id AND o.id = s.organisation_id
    ORDER BY page.score DESC, page.capacity_rank, page.date_maj DESC, page.nom, page.id`;

  return {
    items: rows.map((r) => ({
      id: r.id,
      nom: r.nom,
      description: excerpt(r.description),
      organisation: { id: r.organisation_id, name: r.organisation_name, type: r.organisation_type },
      thematiques: r.thematiques,
      publics: r.publics,
      type: r.type,
      zoneEligibilite: r.zone_eligibilite,
      acceptsReferrals: r.accepts_referrals,
      capacity: capacityOf(r),
      dateMaj: r.date_maj,
      stale: r.stale,
      communeInsee: r.commune_insee,
    })),
    total: rows[0]?.total ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
});

interface StaleRow {
  id: string;
  nom: string;
  organisation_id: string;
  organisation_name: string;
  organisation_type: string;
  date_maj: Date;
  capacity_status: string;
  capacity_delay_days: number | null;
  capacity_confirmed_at: Date | null;
  total: number;
}

/** The CCAS's freshness report: active services not confirmed for STALE_AFTER_MONTHS, oldest first. */
export const staleServices = authedProcedure.input(pageInput).query(async ({ ctx, input }) => {
  if (!can(ctx.actor, 'directory.staleReport')) forbidden();
  const stale = staleBefore(ctx.clock.now());
  const rows = await ctx.tx<StaleRow[]>`
    SELECT s.id, s.nom, o.id AS organisation_id, o.name AS organisation_name, o.type AS organisation_type,
      s.date_maj, s.capacity_status, s.capacity_delay_days, s.capacity_confirmed_at, count(*) OVER ()::int AS total
    FROM service s JOIN organisation o ON o.territory_id = s.territory_id AND o.id = s.organisation_id
    WHERE s.status = 'active' AND o.status = 'active' AND s.date_maj < ${stale}
    ORDER BY s.date_maj, s.nom, s.id
    LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`;
  return {
    items: rows.map((r) => ({
      id: r.id,
      nom: r.nom,
      organisation: { id: r.organisation_id, name: r.organisation_name, type: r.organisation_type },
      dateMaj: r.date_maj,
      capacity: capacityOf(r),
    })),
    total: rows[0]?.total ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
});
