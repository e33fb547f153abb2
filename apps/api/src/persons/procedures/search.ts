import type { TransactionSql } from '@ensemblier/db';
import {
  duplicateCheckInput,
  normaliseName,
  personNameKey,
  personSearchInput,
  type PersonSearchInput,
} from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure } from '../../trpc/init.ts';
import { personAccessSql, requirePersonsUse } from '../access.ts';

/** The filters of a search, as the SQL uses them. */
interface Filters {
  dateNaissance: string | null;
  /** A birth year, as the range of dates [from, to). */
  born: { from: string; to: string } | null;
  communeInsee: string | null;
  referentUserId: string | null;
}

function filtersOf(input: PersonSearchInput): Filters {
  const y = input.anneeNaissance;
  return {
    dateNaissance: input.dateNaissance,
    born: y === null ? null : { from: `${y}-01-01`, to: `${y + 1}-01-01` },
    communeInsee: input.communeInsee,
    referentUserId: input.referentUserId,
  };
}

/**
 * The filters on the person row `p`: B-tree equality or range only (LEAKPROOF under RLS, so the
 * planner may start from any of them), and only active files.
 */
function filterSql(tx: TransactionSql, f: Filters, alias = 'p') {
  const p = tx(alias); // an identifier
  const parts = [tx`${p}.status = 'active'`];
  if (f.dateNaissance) parts.push(tx`${p}.date_naissance = ${f.dateNaissance}::date`);
  if (f.born) parts.push(tx`${p}.date_naissance >= ${f.born.from}::date AND ${p}.date_naissance < ${f.born.to}::date`);
  if (f.communeInsee) parts.push(tx`${p}.commune_insee = ${f.communeInsee}::text`);
  if (f.referentUserId)
    parts.push(tx`${p}.id IN (SELECT fm.person_id FROM follow_up_member fm
      WHERE fm.referent_user_id = ${f.referentUserId}::uuid AND fm.left_at IS NULL AND fm.referent_user_id IS NOT NULL)`);
  return parts.reduce((a, b) => tx`${a} AND ${b}`);
}

/**
 * Persons the actor's organisation may see, by name and/or filters: every typed word
 * (lower-case, unaccented) must begin a word of the nom, prénom or nom de naissance; a birth
 * date, a birth year, a commune, a référent (a current group member's) narrow it; a name is
 * optional when a filter is given. A page at a time (`offset`, `limit`: 20 rows by default).
 *
 * Order: names that begin with one of the typed words first (« martin » → Martin, Martinez…),
 * then the others (Bernard Martine), each by name key, birth date, id. Candidates are read by
 * equality/range on B-tree indexes (LEAKPROOF under RLS) and sorted *before* the access rule,
 * which is then checked on the sorted rows only until the page is full (it is the costly part:
 * for a coordinator, a referral and the objections per person). The query starts from:
 * - a birth date (person_birth_idx) or the référent's files (follow_up_member_referent_idx,
 *   migration 0018): few rows, sorted, then checked;
 * - otherwise the name words: for each typed word, the persons with a name word in the range
 *   [word, word~) (person_name_word_idx, migration 0010, which holds name_key and
 *   date_naissance: a birth year is checked inside the index), intersected and sorted;
 * - no name: a birth year (a range of person_birth_idx, sorted), or a commune alone read in the
 *   results' order from person_commune_name_idx (migration 0018), stopping at the page's end.
 */
export const searchPersons = authedProcedure.input(personSearchInput).query(async ({ ctx, input }) => {
  requirePersonsUse(ctx);
  const words = input.query ? normaliseName(input.query).split(' ').filter(Boolean).slice(0, 5) : [];
  // Typed characters that are no letters (« -- ») match no name.
  if (input.query && words.length === 0) return [];
  const f = filtersOf(input);
  // A plan for these very values: a generic plan (postgres.js prepares every statement,
  // PostgreSQL switches to a generic plan after five runs) cannot know how many persons a word,
  // a date or a référent selects, nor drop the filters that are not given.
  // Under RLS a sequential scan evaluates the policy (current_setting) on every row, which the
  // cost model ignores: 80 ms for 100,000 persons, where 1,000 index probes take 5 ms.
  await ctx.tx`SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('enable_seqscan', 'off', true)`;
  const tx = ctx.tx;
  // The access rule for one row at a time: planned for a single row (the OFFSET 0 keeps it a
  // subquery), PostgreSQL probes it by index for each candidate instead of hashing the
  // organisation's whole access list (tens of thousands of rows) or scanning every person to
  // check the 21 rows of a page; IS TRUE keeps it from being turned into a join.
  const access = (column: string) =>
    tx`(EXISTS (SELECT 1 FROM (SELECT ${tx(column)} AS id OFFSET 0) v WHERE ${personAccessSql(tx, ctx, 'v.id')})) IS TRUE`;
  // Range bounds computed here: `word < w || '~'` would not reach the index (`||` is not LEAKPROOF).
  const his = words.map((w) => w + '~');
  const columns = tx`k.id, k.nom, k.prenom, k.name_key, to_char(k.date_naissance, 'YYYY-MM-DD') AS date_naissance,
    k.commune_insee, (SELECT c.nom FROM commune c WHERE c.code = k.commune_insee) AS commune_name`;
  let rows: SearchRow[];
  if (words.length > 0 && !f.dateNaissance && !f.referentUserId) {
    // The candidates sorted first (name_key and date_naissance are in the index), then read in
    // that order with the filters and the access rule until the page is full.
    const bornInIndex = f.born
      ? tx`AND pw.date_naissance >= ${f.born.from}::date AND pw.date_naissance < ${f.born.to}::date`
      : tx``;
    rows = await tx<SearchRow[]>`
      SELECT ${columns}
      FROM (
        SELECT pw.person_id, pw.name_key, pw.date_naissance, NOT bool_or(starts_with(pw.name_key, t.w)) AS later
        FROM unnest(${words}::text[], ${his}::text[]) WITH ORDINALITY t(w, hi, i)
        JOIN person_name_word pw ON pw.word >= (t.w COLLATE "C") AND pw.word < (t.hi COLLATE "C") ${bornInIndex}
        GROUP BY pw.person_id, pw.name_key, pw.date_naissance
        HAVING count(DISTINCT t.i) = ${words.length}
        ORDER BY later, pw.name_key, pw.date_naissance NULLS LAST, pw.person_id
      ) w
      JOIN person k ON k.id = w.person_id
      WHERE ${filterSql(tx, { ...f, born: null }, 'k')}
        AND ${access('k.id')}
      ORDER BY w.later, w.name_key, w.date_naissance NULLS LAST, w.person_id
      OFFSET ${input.offset} LIMIT ${input.limit}`;
  } else if (words.length === 0 && f.communeInsee && !f.dateNaissance && !f.born && !f.referentUserId) {
    // A commune alone: person_commune_name_idx is already in the results' order.
    rows = await tx<SearchRow[]>`
      SELECT ${columns}
      FROM person k
      WHERE ${filterSql(tx, f, 'k')} AND ${access('k.id')}
      ORDER BY k.name_key, k.date_naissance NULLS LAST, k.id
      OFFSET ${input.offset} LIMIT ${input.limit}`;
  } else {
    // Few candidates (a birth date, the référent's files, a birth year): all of them sorted,
    // then checked in that order (OFFSET 0 keeps the access rule out of the subquery). Without a
    // name there is no « later » key: both ORDER BY must be the same for the outer one to reuse
    // the inner sort (else every candidate is checked before a second sort).
    const later = words.length
      ? tx`(SELECT NOT bool_or(starts_with(p.name_key, w)) FROM unnest(${words}::text[]) w) AS later,`
      : tx``;
    const innerOrder = words.length ? tx`later,` : tx``;
    const outerOrder = words.length ? tx`k.later,` : tx``;
    // The person's few name words by the primary key (person_id, then word): a range on the
    // word here would let PostgreSQL 18 skip-scan the word index over every word of the range.
    const named = words.length
      ? tx`AND NOT EXISTS (SELECT 1 FROM unnest(${words}::text[]) t(w) WHERE NOT EXISTS (
          SELECT 1 FROM person_name_word pw WHERE pw.person_id = p.id AND starts_with(pw.word, t.w)))`
      : tx``;
    // The référent's files, each person then read by its primary key (the LATERAL … OFFSET 0
    // forces it: the planner would rather scan the whole territory's persons into a hash join).
    const byReferent = f.referentUserId !== null && !f.dateNaissance;
    const source = byReferent
      ? tx`(SELECT DISTINCT fm.person_id FROM follow_up_member fm WHERE fm.referent_user_id = ${f.referentUserId}::uuid
            AND fm.left_at IS NULL AND fm.referent_user_id IS NOT NULL) r
          CROSS JOIN LATERAL (SELECT * FROM person p1 WHERE p1.id = r.person_id OFFSET 0) p`
      : tx`person p`;
    rows = await tx<SearchRow[]>`
      SELECT ${columns}
      FROM (
        SELECT ${later} p.id, p.nom, p.prenom, p.name_key, p.date_naissance, p.commune_insee
        FROM ${source}
        WHERE ${filterSql(tx, byReferent ? { ...f, referentUserId: null } : f)} ${named}
        ORDER BY ${innerOrder} p.name_key, p.date_naissance NULLS LAST, p.id
        OFFSET 0
      ) k
      WHERE ${access('k.id')}
      ORDER BY ${outerOrder} k.name_key, k.date_naissance NULLS LAST, k.id
      OFFSET ${input.offset} LIMIT ${input.limit}`;
  }
  // Nothing begins with what was typed: names within a typo or two (first page only).
  const approximate = words.length > 0 && rows.length === 0 && input.offset === 0;
  const found = approximate ? await approximateMatches(ctx, words, f, input.limit, access) : rows;
  await tx`SELECT set_config('plan_cache_mode', 'auto', true), set_config('enable_seqscan', 'on', true)`;
  await ctx.audit({
    action: 'person.search',
    objectType: 'person',
    details: {
      results: found.length,
      ...(approximate ? { approximate: true } : {}),
      ...(words.length === 0 ? { withoutName: true } : {}),
      ...(f.dateNaissance ? { byBirthDate: true } : {}),
      ...(f.born ? { byBirthYear: true } : {}),
      ...(f.communeInsee ? { commune: f.communeInsee } : {}),
      ...(f.referentUserId ? { referent: f.referentUserId === ctx.actor.userId ? 'self' : f.referentUserId } : {}),
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
 * other filters (year, commune, référent) are checked in SQL.
 */
async function approximateMatches(
  ctx: TenantContext,
  words: readonly string[],
  f: Filters,
  limit: number,
  access: (column: string) => ReturnType<typeof personAccessSql>,
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
  // Each candidate with its sort keys (person_name_word_idx carries them).
  const candidates = f.dateNaissance
    ? ctx.tx`
      SELECT p.id, p.name_key, p.date_naissance FROM person p
      WHERE p.date_naissance = ${f.dateNaissance}::date
        AND (SELECT count(DISTINCT t.i) FROM unnest(${is}::int[], ${ws}::text[]) t(i, w)
          JOIN person_name_word pw ON pw.person_id = p.id AND pw.word = (t.w COLLATE "C")) = ${words.length}`
    : ctx.tx`
      SELECT pw.person_id AS id, pw.name_key, pw.date_naissance
      FROM unnest(${is}::int[], ${ws}::text[]) t(i, w)
      JOIN person_name_word pw ON pw.word = (t.w COLLATE "C")
      GROUP BY pw.person_id, pw.name_key, pw.date_naissance HAVING count(DISTINCT t.i) = ${words.length}`;
  // Sorted first; each person then read by primary key (LATERAL … OFFSET 0: not a hash join over
  // every person) with the filters and the access rule, until the page is full.
  return ctx.tx<SearchRow[]>`
    WITH candidate AS MATERIALIZED (${candidates})
    SELECT k.id, k.nom, k.prenom, k.name_key, to_char(k.date_naissance, 'YYYY-MM-DD') AS date_naissance,
      k.commune_insee, (SELECT c.nom FROM commune c WHERE c.code = k.commune_insee) AS commune_name
    FROM (SELECT * FROM candidate ORDER BY name_key, date_naissance NULLS LAST, id OFFSET 0) s
    CROSS JOIN LATERAL (SELECT p.id, p.nom, p.prenom, p.name_key, p.date_naissance, p.commune_insee
      FROM person p WHERE p.id = s.id AND ${filterSql(ctx.tx, f)} OFFSET 0) k
    WHERE ${access('k.id')}
    ORDER BY s.name_key, s.date_naissance NULLS LAST, s.id
    LIMIT ${limit}`;
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

/**
 * The référents the « Personnes » filter offers: the user first (« mes dossiers »), then the
 * other active professionals of their organisation (those who may be named référent). Names of
 * colleagues only: no person data, nothing to audit.
 */
export const searchReferents = authedProcedure.query(async ({ ctx }) => {
  requirePersonsUse(ctx);
  const rows = await ctx.tx<{ user_id: string; name: string }[]>`
    SELECT DISTINCT u.id AS user_id, u.name
    FROM membership m JOIN app_user u ON u.id = m.user_id
    WHERE m.organisation_id = ${ctx.actor.organisationId} AND m.status = 'active' AND u.status = 'active'
      AND m.role IN ('coordinator', 'partner_manager', 'partner_worker')
    ORDER BY u.name, u.id`;
  const me = rows.find((r) => r.user_id === ctx.actor.userId);
  return [
    { userId: ctx.actor.userId, name: me?.name ?? '', me: true },
    ...rows.filter((r) => r.user_id !== ctx.actor.userId).map((r) => ({ userId: r.user_id, name: r.name, me: false })),
  ];
});
