import type { TransactionSql } from '@ensemblier/db';
import {
  conflictingFields,
  duplicateMatch,
  duplicatesCompareInput,
  duplicatesListInput,
  DUPLICATES_PAGE_SIZE,
  personIdInput,
  type DuplicateReason,
  type PersonField,
} from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { canSeePerson, personAccessSql } from '../access.ts';
import { loadPerson, personFields } from '../person-row.ts';
import { consultationReason, visiblePersonFields } from './get.ts';

/**
 * Duplicates are the CCAS's business: coordinators only. Another professional gets NOT_FOUND
 * for a file it does not see, FORBIDDEN otherwise (the usual rule: never reveal a file).
 */
export async function requireCoordinatorOn(ctx: TenantContext, personIds: readonly string[]) {
  if (ctx.actor.role === 'coordinator') return;
  for (const id of personIds) if (!(await canSeePerson(ctx, id))) notFound();
  forbidden();
}

interface PairRow {
  a_id: string;
  b_id: string;
}

interface CandidatePerson {
  id: string;
  nom: string;
  prenom: string;
  nom_naissance: string | null;
  date_naissance: string | null;
  name_key: string;
  commune_name: string | null;
}

/** Below this trigram similarity of the name keys, no rule of duplicateMatch can accept a pair. */
const NAME_SIMILARITY_FLOOR = 0.2;

/** A safety cap on the candidate pairs read for one list (a territory has far fewer). */
const MAX_CANDIDATE_PAIRS = 50_000;

/**
 * Candidate pairs among the territory's active files, never a cross join of the persons.
 *
 * Under RLS only LEAKPROOF operators reach an index (docs/architecture.md), so every join below
 * is an equality on a B-tree index (date = date, text = text, uuid = uuid are LEAKPROOF):
 * 1. the same birth date: person joined to itself on date_naissance (person_birth_idx);
 * 2. day and month swapped: the swapped date is computed first for the persons whose day can be
 *    a month (a materialised CTE, so that the join is again a plain date equality — a
 *    make_date() inside the join condition is not LEAKPROOF and would keep the index out);
 * 3. a birth date missing on one side: the persons without one (person_birth_idx, IS NULL) joined
 *    through their name words (person_name_word primary key) to the other persons bearing the
 *    same word (person_name_word_idx, equality), words of 3 letters or more.
 * The joined pairs are narrowed in SQL by the trigram similarity of their name keys (pg_trgm;
 * a filter on joined rows, not an index condition, so LEAKPROOF does not matter): at least
 * NAME_SIMILARITY_FLOOR, which every pair the rules accept reaches — the lowest is one typo in
 * each of two 4-letter words (« jean roux » / « joan raux »: 0.25), tested —, or a birth name on
 * either file (the rules compare it, the key does not hold it). Each pair is then scored in
 * memory by duplicateMatch (packages/shared), which needs the names to be close too (typos,
 * accents, swapped nom/prénom…); the pairs that pass are checked against the access rule (the
 * coordinator sees both files), sorted best first, and paged.
 *
 * Cost: (1) and (2) join about N × (persons born the same day) rows — a few per person, since
 * births spread over some 30,000 days; (3) reads, for each file without a birth date, the files
 * sharing one of its words. Nothing is quadratic in the size of the territory. Measured at
 * 100,000 persons (seedScaleReferrals, shared 2-core machine): 185,000 same-day pairs joined and
 * narrowed to ~6,000 in ~0.5 s; the whole list 1.3–2 s (an occasional page of the CCAS, not a
 * search: no persistent index of pairs is kept).
 */
async function candidatePairs(tx: TransactionSql): Promise<{ pairs: PairRow[]; truncated: boolean }> {
  const pairs = await tx<PairRow[]>`
    WITH swapped AS MATERIALIZED (
      SELECT p.id, make_date(extract(year FROM p.date_naissance)::int, extract(day FROM p.date_naissance)::int,
        extract(month FROM p.date_naissance)::int) AS date_naissance
      FROM person p
      WHERE p.status = 'active' AND p.date_naissance IS NOT NULL
        AND extract(day FROM p.date_naissance) <= 12
        AND extract(day FROM p.date_naissance) <> extract(month FROM p.date_naissance)
    ), undated AS MATERIALIZED (
      SELECT p.id FROM person p WHERE p.date_naissance IS NULL AND p.status = 'active'
    )
    SELECT a_id, b_id FROM (
      SELECT a.id AS a_id, b.id AS b_id
      FROM person a JOIN person b ON b.date_naissance = a.date_naissance AND b.id > a.id
      WHERE a.date_naissance IS NOT NULL AND a.status = 'active' AND b.status = 'active'
        AND (similarity(a.name_key, b.name_key) >= ${NAME_SIMILARITY_FLOOR}
          OR a.nom_naissance IS NOT NULL OR b.nom_naissance IS NOT NULL)
      UNION
      SELECT least(s.id, b.id), greatest(s.id, b.id)
      FROM swapped s JOIN person a ON a.id = s.id JOIN person b ON b.date_naissance = s.date_naissance
      WHERE b.status = 'active' AND b.id <> s.id
        AND (similarity(a.name_key, b.name_key) >= ${NAME_SIMILARITY_FLOOR}
          OR a.nom_naissance IS NOT NULL OR b.nom_naissance IS NOT NULL)
      UNION
      SELECT least(u.id, o.person_id), greatest(u.id, o.person_id)
      FROM undated u
      JOIN person_name_word w ON w.person_id = u.id
      JOIN person_name_word o ON o.word = w.word AND o.person_id <> w.person_id
      WHERE length(w.word) >= 3
    ) pair
    LIMIT ${MAX_CANDIDATE_PAIRS + 1}`;
  return { pairs: pairs.slice(0, MAX_CANDIDATE_PAIRS), truncated: pairs.length > MAX_CANDIDATE_PAIRS };
}

async function candidatePersons(tx: TransactionSql, ids: readonly string[]): Promise<Map<string, CandidatePerson>> {
  const rows = await tx<CandidatePerson[]>`
    SELECT p.id, p.nom, p.prenom, p.nom_naissance, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance,
      p.name_key, c.nom AS commune_name
    FROM unnest(${ids as string[]}::uuid[]) AS x(id)
    JOIN person p ON p.id = x.id
    LEFT JOIN commune c ON c.code = p.commune_insee
    WHERE p.status = 'active'`;
  return new Map(rows.map((r) => [r.id, r]));
}

/** The ids among these that the actor sees (the access rule, on these rows only). */
async function visibleIds(ctx: TenantContext, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ctx.tx<{ id: string }[]>`
    SELECT p.id FROM unnest(${ids as string[]}::uuid[]) AS x(id) JOIN person p ON p.id = x.id
    WHERE ${personAccessSql(ctx.tx, ctx, 'p.id')}`;
  return new Set(rows.map((r) => r.id));
}

const summary = (p: CandidatePerson) => ({
  id: p.id,
  nom: p.nom,
  prenom: p.prenom,
  nomNaissance: p.nom_naissance,
  dateNaissance: p.date_naissance,
  communeName: p.commune_name,
});

/** Pairs of files that are probably the same person, best first (coordinators). */
export const listDuplicates = authedProcedure.input(duplicatesListInput).query(async ({ ctx, input }) => {
  if (ctx.actor.role !== 'coordinator') forbidden();
  const { pairs, truncated } = await candidatePairs(ctx.tx);
  const persons = await candidatePersons(ctx.tx, [...new Set(pairs.flatMap((p) => [p.a_id, p.b_id]))]);
  const subject = (p: CandidatePerson) => ({
    nom: p.nom,
    prenom: p.prenom,
    nomNaissance: p.nom_naissance,
    dateNaissance: p.date_naissance,
  });
  const scored: { a: CandidatePerson; b: CandidatePerson; score: number; reasons: DuplicateReason[] }[] = [];
  for (const pair of pairs) {
    const a = persons.get(pair.a_id);
    const b = persons.get(pair.b_id);
    if (!a || !b) continue;
    const match = duplicateMatch(subject(a), subject(b));
    if (!match) continue;
    // The older name first within a pair, so the pair reads the same on every page.
    const [x, y] = a.name_key <= b.name_key ? [a, b] : [b, a];
    scored.push({ a: x, b: y, ...match });
  }
  const visible = await visibleIds(ctx, [...new Set(scored.flatMap((s) => [s.a.id, s.b.id]))]);
  const shown = scored
    .filter((s) => visible.has(s.a.id) && visible.has(s.b.id))
    .sort(
      (s, t) =>
        t.score - s.score ||
        s.a.name_key.localeCompare(t.a.name_key) ||
        s.a.id.localeCompare(t.a.id) ||
        s.b.id.localeCompare(t.b.id),
    );
  const start = (input.page - 1) * DUPLICATES_PAGE_SIZE;
  const items = shown.slice(start, start + DUPLICATES_PAGE_SIZE);
  await ctx.audit({
    action: 'person.duplicates.list',
    objectType: 'person',
    details: { pairs: shown.length, page: input.page, shown: items.length },
  });
  return {
    items: items.map((s) => ({ a: summary(s.a), b: summary(s.b), score: s.score, reasons: s.reasons })),
    total: shown.length,
    page: input.page,
    pageSize: DUPLICATES_PAGE_SIZE,
    /** True when the territory has more candidate pairs than one list reads. */
    truncated,
  };
});

/** What each file holds, counted on the tables that exist (parallel migrations may be pending). */
const COUNTED: readonly { key: string; table: string; currentOnly?: boolean }[] = [
  { key: 'timelineEntries', table: 'timeline_entry' },
  { key: 'referrals', table: 'referral' },
  { key: 'consentEvents', table: 'consent_event' },
  { key: 'groupMembers', table: 'follow_up_member', currentOnly: true },
  { key: 'tasks', table: 'person_task' },
  { key: 'householdMembers', table: 'household_member' },
  { key: 'budgetLines', table: 'person_budget_line' },
  { key: 'situation', table: 'person_situation' },
];

export type FileCounts = Partial<Record<(typeof COUNTED)[number]['key'], number>>;

async function fileCounts(tx: TransactionSql, personId: string): Promise<FileCounts> {
  const existing = await tx<{ name: string }[]>`
    SELECT name FROM unnest(${COUNTED.map((c) => c.table)}::text[]) AS name
    WHERE to_regclass('public.' || quote_ident(name)) IS NOT NULL`;
  const present = new Set(existing.map((r) => r.name));
  const out: FileCounts = {};
  for (const c of COUNTED) {
    if (!present.has(c.table)) continue;
    const [row] = c.currentOnly
      ? await tx<{ n: number }[]>`
        SELECT count(*)::int AS n FROM ${tx(c.table)} WHERE person_id = ${personId} AND left_at IS NULL`
      : await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM ${tx(c.table)} WHERE person_id = ${personId}`;
    out[c.key as keyof FileCounts] = row!.n;
  }
  return out;
}

async function describeFile(ctx: TenantContext, personId: string) {
  const row = await loadPerson(ctx.tx, personId);
  if (!row) notFound();
  const [meta] = await ctx.tx<
    { status: string; created_at: Date; last_activity_at: Date; created_by_organisation: string }[]
  >`
    SELECT p.status, p.created_at, p.last_activity_at, o.name AS created_by_organisation
    FROM person p JOIN organisation o ON o.id = p.created_by_organisation_id WHERE p.id = ${personId}`;
  const visible = await visiblePersonFields(ctx, personId);
  const all = personFields(row);
  const fields: Partial<Record<PersonField, string | null>> = {};
  for (const f of visible) fields[f] = all[f];
  const group = await ctx.tx<{ name: string }[]>`
    SELECT o.name FROM follow_up_member m JOIN organisation o ON o.id = m.organisation_id
    WHERE m.person_id = ${personId} AND m.left_at IS NULL ORDER BY o.name`;
  return {
    id: row.id,
    version: row.version,
    fields,
    visibleFields: visible,
    communeName: visible.includes('communeInsee') ? row.commune_name : null,
    createdAt: meta!.created_at,
    createdByOrganisation: meta!.created_by_organisation,
    lastActivityAt: meta!.last_activity_at,
    groupOrganisations: group.map((g) => g.name),
    counts: await fileCounts(ctx.tx, personId),
  };
}

/**
 * The two files side by side, before a merge: identity fields (those the coordinator may see),
 * versions, what each holds; audited as a read of each file (« qui a consulté »).
 */
export const compareDuplicates = authedProcedure.input(duplicatesCompareInput).query(async ({ ctx, input }) => {
  await requireCoordinatorOn(ctx, [input.personId, input.otherPersonId]);
  if (input.personId === input.otherPersonId) fieldError('otherPersonId', 'Choisissez deux dossiers différents.');
  if (!(await canSeePerson(ctx, input.personId)) || !(await canSeePerson(ctx, input.otherPersonId))) notFound();
  const a = await describeFile(ctx, input.personId);
  const b = await describeFile(ctx, input.otherPersonId);
  const subject = (f: typeof a) => ({
    nom: f.fields.nom ?? '',
    prenom: f.fields.prenom ?? '',
    nomNaissance: f.fields.nomNaissance ?? null,
    dateNaissance: f.fields.dateNaissance ?? null,
  });
  const shared = a.visibleFields.filter((f) => b.visibleFields.includes(f));
  const pick = (f: typeof a) => Object.fromEntries(shared.map((k) => [k, f.fields[k] ?? null]));
  for (const f of [a, b])
    await ctx.audit({
      action: 'person.read',
      objectType: 'person',
      objectId: f.id,
      personId: f.id,
      details: { ...(await consultationReason(ctx, f.id)), via: 'comparaison_doublons' },
    });
  return {
    persons: [a, b] as const,
    match: duplicateMatch(subject(a), subject(b)),
    /** The identity fields filled on both files with different values: the user chooses. */
    conflicts: conflictingFields(pick(a), pick(b)),
  };
});

/**
 * Where a merged file went: the id of the file it was merged into (following later merges), when
 * the actor sees that file; NOT_FOUND otherwise. Lets an old link (/personnes/<merged id>) lead
 * to the kept file. Not audited: it returns an id and no person data; opening the kept file
 * writes its `person.read`.
 */
export const mergedInto = authedProcedure.input(personIdInput).query(async ({ ctx, input }) => {
  const rows = await ctx.tx<{ id: string; status: string; depth: number }[]>`
    WITH RECURSIVE chain(id, status, merged_into_id, depth) AS (
      SELECT p.id, p.status, p.merged_into_id, 0 FROM person p WHERE p.id = ${input.personId}
      UNION ALL
      SELECT p.id, p.status, p.merged_into_id, c.depth + 1 FROM chain c JOIN person p ON p.id = c.merged_into_id
      WHERE c.depth < 20
    )
    SELECT id, status, depth FROM chain ORDER BY depth DESC LIMIT 1`;
  const last = rows[0];
  if (!last || last.depth === 0 || last.status !== 'active') notFound();
  if (!(await canSeePerson(ctx, last.id))) notFound();
  return { personId: last.id };
});
