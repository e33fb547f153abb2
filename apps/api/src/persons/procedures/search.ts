import { duplicateCheckInput, normaliseName, personNameKey, personSearchInput } from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure } from '../../trpc/init.ts';
import { personAccessSql, requirePersonsUse } from '../access.ts';

/**
 * Persons the actor's organisation may see whose name matches: every typed word (lower-case,
 * unaccented) must begin a word of the nom, prénom or nom de naissance; optionally born on a
 * given day and living in a given commune (equality filters), a page at a time (`offset`,
 * `limit`: 20 rows by default).
 *
 * Order: names that begin with one of the typed words first (« martin » → Martin, Martinez…),
 * then the others (Bernard Martine), each by name key. Candidates are read by equality/range on
 * B-tree indexes (LEAKPROOF under RLS), the access rule is then checked on those rows only:
 * - with a birth date: the persons born that day (person_birth_idx) — few, and complete — whose
 *   name words (person_name_word primary key) begin with the typed words;
 * - otherwise, for each typed word, the persons with a name word in the range [word, word~)
 *   (person_name_word_idx, migration 0010), intersected and sorted (the index holds name_key and
 *   date_naissance); they are then read in that order until the page is full, so the access rule
 *   is checked on a few hundred of them, not on every Martin of the territory.
 */
export const searchPersons = authedProcedure.input(personSearchInput).query(async ({ ctx, input }) => {
  requirePersonsUse(ctx);
  const words = normaliseName(input.query).split(' ').filter(Boolean).slice(0, 5);
  if (words.length === 0) return [];
  // A plan for these very words: a generic plan (postgres.js prepares every statement, PostgreSQL
  // switches to a generic plan after five runs) cannot know how many persons a word selects and
  // sorts every candidate's row before the access rule (~120 ms instead of ~15 ms at 100,000).
  await ctx.tx`SELECT set_config('plan_cache_mode', 'force_custom_plan', true)`;
  // Range bounds computed here: `word < w || '~'` would not reach the index (`||` is not LEAKPROOF).
  const his = words.map((w) => w + '~');
  const rows: SearchRow[] = input.dateNaissance
    ? await ctx.tx<SearchRow[]>`
      SELECT p.id, p.nom, p.prenom, p.name_key, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance,
        p.commune_insee, c.nom AS commune_name
      FROM person p
      LEFT JOIN commune c ON c.code = p.commune_insee
      WHERE p.date_naissance = ${input.dateNaissance}::date
        AND NOT EXISTS (SELECT 1 FROM unnest(${words}::text[], ${his}::text[]) t(w, hi) WHERE NOT EXISTS (
          SELECT 1 FROM person_name_word pw WHERE pw.person_id = p.id
            AND pw.word >= (t.w COLLATE "C") AND pw.word < (t.hi COLLATE "C")))
        AND (${input.communeInsee}::text IS NULL OR p.commune_insee = ${input.communeInsee}::text)
        AND ${personAccessSql(ctx.tx, ctx, 'p.id')}
      ORDER BY (SELECT NOT bool_or(starts_with(p.name_key, w)) FROM unnest(${words}::text[]) w),
        p.name_key, p.id
      OFFSET ${input.offset} LIMIT ${input.limit}`
    : // The candidates sorted first (name_key and date_naissance are in the index), then read in
      // that order with the filters and the access rule until the page is full.
      await ctx.tx<SearchRow[]>`
      SELECT p.id, p.nom, p.prenom, p.name_key, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance,
        p.commune_insee, c.nom AS commune_name
      FROM (
        SELECT pw.person_id, pw.name_key, pw.date_naissance, NOT bool_or(starts_with(pw.name_key, t.w)) AS later
        FROM unnest(${words}::text[], ${his}::text[]) WITH ORDINALITY t(w, hi, i)
        JOIN person_name_word pw ON pw.word >= (t.w COLLATE "C") AND pw.word < (t.hi COLLATE "C")
        GROUP BY pw.person_id, pw.name_key, pw.date_naissance
        HAVING count(DISTINCT t.i) = ${words.length}
        ORDER BY later, pw.name_key, pw.date_naissance NULLS LAST, pw.person_id
      ) k
      JOIN person p ON p.id = k.person_id
      LEFT JOIN commune c ON c.code = p.commune_insee
      WHERE (${input.communeInsee}::text IS NULL OR p.commune_insee = ${input.communeInsee}::text)
        AND ${personAccessSql(ctx.tx, ctx, 'p.id')}
      ORDER BY k.later, k.name_key, k.date_naissance NULLS LAST, k.person_id
      OFFSET ${input.offset} LIMIT ${input.limit}`;
  // Nothing begins with what was typed: names within a typo or two (first page only).
  const approximate = rows.length === 0 && input.offset === 0;
  const found = approximate ? await approximateMatches(ctx, words, input) : rows;
  await ctx.tx`SELECT set_config('plan_cache_mode', 'auto', true)`;
  await ctx.audit({
    action: 'person.search',
    objectType: 'person',
    details: {
      results: found.length,
      ...(approximate ? { approximate: true } : {}),
      ...(input.dateNaissance ? { byBirthDate: true } : {}),
      ...(input.communeInsee ? { commune: input.communeInsee } : {}),
      ...(input.offset > 0 ? { offset: input.offset } : {}),
    },
  });
  return found.map((r) => ({
    id: r.id,
    nom: r.nom,
    prenom: r.prenom,
    dateNaissance: r.date_naissance,
    communeInsee: r.commune_insee,
    communeName: r.commune_name,
    /** True when no name begins with the typed words and these names are only close to them. */
    approximate,
  }));
});

interface SearchRow {
  id: string;
  nom: string;
  prenom: string;
  name_key: string;
  date_naissance: string | null;
  commune_insee: string | null;
  commune_name: string | null;
}

/** How many typos a typed word may hold: none under 4 letters, one up to 7, two beyond. */
const wordTolerance = (w: string) => (w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0);

/** A typed word is close to a word of the name: to its beginning, or to the whole word. */
export function closeWord(typed: string, nameWords: readonly string[]): boolean {
  const t = wordTolerance(typed);
  return nameWords.some(
    (n) => n.startsWith(typed) || levenshtein(typed, n.slice(0, typed.length)) <= t || levenshtein(typed, n) <= t,
  );
}

/**
 * Typo-tolerant fallback: for each typed word, the territory's name words (person_word) that
 * begin with its first two letters (B-tree range, LEAKPROOF under RLS) are compared with it in
 * memory; the persons bearing a close word for every typed word are then read by equality
 * (person_name_word_idx), or among those born on the given day; the access rule and the
 * filters are checked in SQL.
 */
async function approximateMatches(
  ctx: TenantContext,
  words: readonly string[],
  input: { dateNaissance: string | null; communeInsee: string | null; limit: number },
): Promise<SearchRow[]> {
  // A word under 4 letters tolerates no typo: the words beginning with it are its candidates.
  const prefixes = [...new Set(words.map((w) => (wordTolerance(w) === 0 ? w : w.slice(0, 2))))];
  const vocabulary = await ctx.tx<{ word: string }[]>`
    SELECT pw.word FROM unnest(${prefixes}::text[], ${prefixes.map((p) => p + '~')}::text[]) r(lo, hi)
    JOIN person_word pw ON pw.word >= (r.lo COLLATE "C") AND pw.word < (r.hi COLLATE "C")
    LIMIT 5000`;
  const is: number[] = [];
  const ws: string[] = [];
  for (const [i, w] of words.entries()) {
    const close = [...new Set(vocabulary.map((v) => v.word).filter((v) => closeWord(w, [v])))];
    if (close.length === 0) return [];
    for (const c of close) {
      is.push(i);
      ws.push(c);
    }
  }
  const candidates = input.dateNaissance
    ? ctx.tx`
      SELECT p.id FROM person p
      WHERE p.date_naissance = ${input.dateNaissance}::date
        AND (SELECT count(DISTINCT t.i) FROM unnest(${is}::int[], ${ws}::text[]) t(i, w)
          JOIN person_name_word pw ON pw.person_id = p.id AND pw.word = (t.w COLLATE "C")) = ${words.length}`
    : ctx.tx`
      SELECT pw.person_id AS id
      FROM unnest(${is}::int[], ${ws}::text[]) t(i, w)
      JOIN person_name_word pw ON pw.word = (t.w COLLATE "C")
      GROUP BY pw.person_id HAVING count(DISTINCT t.i) = ${words.length}`;
  return ctx.tx<SearchRow[]>`
    WITH candidate AS MATERIALIZED (${candidates})
    SELECT p.id, p.nom, p.prenom, p.name_key, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance,
      p.commune_insee, c.nom AS commune_name
    FROM candidate JOIN person p ON p.id = candidate.id
    LEFT JOIN commune c ON c.code = p.commune_insee
    WHERE (${input.communeInsee}::text IS NULL OR p.commune_insee = ${input.communeInsee}::text)
      AND ${personAccessSql(ctx.tx, ctx, 'p.id')}
    ORDER BY p.name_key, p.date_naissance NULLS LAST, p.id
    LIMIT ${input.limit}`;
}

/** Levenshtein distance (small strings: names). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Two name keys are "the same person" when they differ by a typo or two (or nom/prénom swapped). */
export function similarNames(a: string, b: string): boolean {
  const tolerance = (s: string) => Math.max(1, Math.floor(s.replace(/ /g, '').length / 6));
  const swapped = (s: string) => s.split(' ').reverse().join(' ');
  const compact = (s: string) => s.replace(/ /g, '');
  const t = Math.min(tolerance(a), tolerance(b), 3);
  return (
    levenshtein(compact(a), compact(b)) <= t ||
    levenshtein(compact(swapped(a)), compact(b)) <= t ||
    // A compound name typed in part ("garcia lopez marie" / "garcia marie").
    (a.length >= 6 && b.length >= 6 && (a.startsWith(b) || b.startsWith(a)))
  );
}

export interface DuplicateRow {
  id: string;
  nom: string;
  prenom: string;
  dateNaissance: string | null;
  communeName: string | null;
}

/**
 * Possible duplicates among the files the actor may see: with a birth date, the persons born
 * that day (or whose birth date is unknown) with a similar name; without one, similar names
 * beginning like the nom. Candidates are read by equality/range on B-tree indexes, compared in
 * memory (accent-, case- and typo-tolerant).
 */
export async function findDuplicates(
  ctx: TenantContext,
  input: { nom: string; prenom: string; dateNaissance: string | null },
): Promise<DuplicateRow[]> {
  const key = personNameKey(input.nom, input.prenom);
  const nomKey = normaliseName(input.nom);
  const prefix = nomKey.slice(0, 3);
  const rows = await ctx.tx<
    {
      id: string;
      nom: string;
      prenom: string;
      name_key: string;
      date_naissance: string | null;
      commune_name: string | null;
    }[]
  >`
    WITH candidate AS (
      SELECT p.id FROM person p WHERE ${input.dateNaissance}::date IS NOT NULL AND p.date_naissance = ${input.dateNaissance}::date
      UNION
      SELECT p.id FROM person p
      WHERE (p.name_key COLLATE "C") >= ${prefix} AND (p.name_key COLLATE "C") < ${prefix + '~'}
        AND (${input.dateNaissance}::date IS NULL OR p.date_naissance IS NULL)
    )
    SELECT p.id, p.nom, p.prenom, p.name_key, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance,
      c.nom AS commune_name
    FROM candidate JOIN person p ON p.id = candidate.id
    LEFT JOIN commune c ON c.code = p.commune_insee
    WHERE ${personAccessSql(ctx.tx, ctx, 'p.id')}
    ORDER BY p.name_key, p.id
    LIMIT 500`;
  return rows
    .filter((r) => similarNames(r.name_key, key))
    .slice(0, 20)
    .map((r) => ({
      id: r.id,
      nom: r.nom,
      prenom: r.prenom,
      dateNaissance: r.date_naissance,
      communeName: r.commune_name,
    }));
}

export const checkDuplicates = authedProcedure.input(duplicateCheckInput).query(async ({ ctx, input }) => {
  requirePersonsUse(ctx);
  const duplicates = await findDuplicates(ctx, input);
  if (duplicates.length > 0)
    await ctx.audit({
      action: 'person.duplicate_check',
      objectType: 'person',
      details: { matches: duplicates.length },
    });
  return duplicates;
});
