import { duplicateCheckInput, normaliseName, personNameKey, personSearchInput } from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure } from '../../trpc/init.ts';
import { personAccessSql, requirePersonsUse } from '../access.ts';

/**
 * Persons the actor's organisation may see whose name matches: every typed word (lower-case,
 * unaccented) must begin a word of "nom prénom"; optionally born on a given day and living in a
 * given commune (equality filters), a page at a time (`offset`, `limit`: 20 rows by default).
 *
 * Order: names that begin with one of the typed words first (« martin » → Martin, Martinez…),
 * then the others (Bernard Martine), each by name key. Candidates are read by equality/range on
 * B-tree indexes (LEAKPROOF under RLS), the access rule is then checked on those rows only:
 * - with a birth date: the persons born that day (person_birth_idx) — few, and complete;
 * - otherwise, first the names beginning with a typed word (person_name_c_idx, one range per
 *   word); when they fill the page it is the answer, else the organisation's own accesses are
 *   added (person_access_org_idx: a first name alone, « hélène », is found there).
 */
export const searchPersons = authedProcedure.input(personSearchInput).query(async ({ ctx, input }) => {
  requirePersonsUse(ctx);
  const words = normaliseName(input.query).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const coordinator = ctx.actor.role === 'coordinator';
  const starts = words.slice(0, 5);
  const his = starts.map((w) => w + '~');
  type Row = {
    id: string;
    nom: string;
    prenom: string;
    date_naissance: string | null;
    commune_insee: string | null;
    commune_name: string | null;
  };
  const run = (mode: 'birth' | 'prefix' | 'full') => {
    const byName = ctx.tx`
      SELECT p.id FROM person p
      JOIN unnest(${starts}::text[], ${his}::text[]) AS r(lo, hi)
        ON (p.name_key COLLATE "C") >= r.lo AND (p.name_key COLLATE "C") < r.hi`;
    const candidates =
      mode === 'birth'
        ? ctx.tx`SELECT p.id FROM person p WHERE p.date_naissance = ${input.dateNaissance}::date`
        : mode === 'prefix'
          ? byName
          : ctx.tx`
            SELECT pa.person_id AS id FROM person_access pa
            WHERE pa.organisation_id = ${ctx.actor.organisationId} AND pa.revoked_at IS NULL
            UNION
            SELECT p.id FROM person p
            JOIN unnest(${starts}::text[], ${his}::text[]) AS r(lo, hi)
              ON (p.name_key COLLATE "C") >= r.lo AND (p.name_key COLLATE "C") < r.hi
            WHERE ${coordinator}::boolean`;
    return ctx.tx<Row[]>`
      WITH candidate AS (${candidates})
      SELECT p.id, p.nom, p.prenom, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance, p.commune_insee,
        c.nom AS commune_name
      FROM candidate JOIN person p ON p.id = candidate.id
      LEFT JOIN commune c ON c.code = p.commune_insee
      WHERE (SELECT bool_and(strpos(' ' || p.name_key, ' ' || w) > 0) FROM unnest(${words}::text[]) w)
        AND (${input.dateNaissance}::date IS NULL OR p.date_naissance = ${input.dateNaissance}::date)
        AND (${input.communeInsee}::text IS NULL OR p.commune_insee = ${input.communeInsee}::text)
        AND ${personAccessSql(ctx.tx, ctx, 'p.id')}
      ORDER BY (SELECT NOT bool_or(starts_with(p.name_key, w)) FROM unnest(${starts}::text[]) w),
        p.name_key, p.date_naissance NULLS LAST, p.id
      OFFSET ${input.offset} LIMIT ${input.limit}`;
  };
  let rows: Row[];
  if (input.dateNaissance) rows = await run('birth');
  else {
    rows = await run('prefix');
    if (rows.length < input.limit) rows = await run('full');
  }
  // Nothing begins with what was typed: names within a typo or two (first page only).
  const approximate = rows.length === 0 && input.offset === 0;
  const found = approximate ? await approximateMatches(ctx, words, input) : rows;
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
 * Typo-tolerant fallback: candidates whose name key begins with the first three letters of one
 * of the typed words (B-tree range, LEAKPROOF under RLS), or born on the given day; the access
 * rule and the filters are checked in SQL, the spelling in memory.
 */
async function approximateMatches(
  ctx: TenantContext,
  words: readonly string[],
  input: { dateNaissance: string | null; communeInsee: string | null; limit: number },
): Promise<SearchRow[]> {
  const prefixes = [...new Set(words.filter((w) => w.length >= 3).map((w) => w.slice(0, 3)))].slice(0, 3);
  if (prefixes.length === 0) return [];
  const ranges = prefixes.map((p) => [p, p + '~']);
  const rows = await ctx.tx<SearchRow[]>`
    WITH candidate AS (
      SELECT p.id FROM person p
      JOIN unnest(${ranges.map((r) => r[0]!)}::text[], ${ranges.map((r) => r[1]!)}::text[]) AS r(lo, hi)
        ON (p.name_key COLLATE "C") >= r.lo AND (p.name_key COLLATE "C") < r.hi
      UNION
      SELECT p.id FROM person p
      WHERE ${input.dateNaissance}::date IS NOT NULL AND p.date_naissance = ${input.dateNaissance}::date
    )
    SELECT p.id, p.nom, p.prenom, p.name_key, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance,
      p.commune_insee, c.nom AS commune_name
    FROM candidate JOIN person p ON p.id = candidate.id
    LEFT JOIN commune c ON c.code = p.commune_insee
    WHERE (${input.dateNaissance}::date IS NULL OR p.date_naissance = ${input.dateNaissance}::date)
      AND (${input.communeInsee}::text IS NULL OR p.commune_insee = ${input.communeInsee}::text)
      AND ${personAccessSql(ctx.tx, ctx, 'p.id')}
    ORDER BY p.name_key, p.date_naissance NULLS LAST, p.id
    LIMIT 500`;
  return rows
    .filter((r) => {
      const nameWords = r.name_key.split(' ');
      return words.every((w) => closeWord(w, nameWords));
    })
    .slice(0, input.limit);
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
