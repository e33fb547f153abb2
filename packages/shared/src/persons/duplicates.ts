import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import { normaliseName } from './schemas.ts';
import { PERSON_FIELDS, type PersonField } from './sharing.ts';

/**
 * Duplicate files (doublons): when two files of the territory are probably the same person.
 *
 * Pure rules, applied by the API (persons.duplicates.list) to candidate pairs it reads by
 * equality on indexes (same birth date, day and month swapped, or a shared name word when a
 * birth date is missing): the names must be close — compared on normalised names (lower-case,
 * unaccented, letters only: `normaliseName`), so accents and case never count — and the birth
 * dates compatible. The score (0–100) orders the list, the reasons (French) explain it.
 */

export interface DuplicateSubject {
  nom: string;
  prenom: string;
  nomNaissance?: string | null;
  /** AAAA-MM-JJ or null. */
  dateNaissance: string | null;
}

export const DUPLICATE_REASONS = [
  'meme_nom',
  'nom_proche',
  'nom_prenom_inverses',
  'nom_naissance',
  'nom_compose',
  'meme_date',
  'date_inversee',
  'date_manquante',
] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const DUPLICATE_REASON_LABELS: Record<DuplicateReason, string> = {
  meme_nom: 'Même nom et même prénom (aux accents et majuscules près)',
  nom_proche: 'Nom ou prénom presque identique (faute de frappe probable)',
  nom_prenom_inverses: 'Nom et prénom inversés',
  nom_naissance: 'Le nom de naissance de l’un est le nom de l’autre',
  nom_compose: 'Nom ou prénom composé saisi en partie',
  meme_date: 'Même date de naissance',
  date_inversee: 'Jour et mois de naissance inversés',
  date_manquante: 'Date de naissance inconnue dans au moins un des dossiers',
};

export interface DuplicateMatch {
  /** 0–100: the higher, the more likely the same person. */
  score: number;
  reasons: DuplicateReason[];
}

/** Below this score a pair is not proposed. */
export const DUPLICATE_MIN_SCORE = 50;

/** Levenshtein distance (short strings: names). */
export function editDistance(a: string, b: string): number {
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

/** Typos tolerated in a name of this length: none under 4 letters, one up to 7, two beyond. */
export function nameTolerance(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

const compact = (s: string) => s.replace(/ /g, '');

/** Typos between two normalised names, or null when they are too far apart. */
function typos(a: string, b: string): number | null {
  if (a === '' || b === '') return null;
  const ca = compact(a);
  const cb = compact(b);
  if (ca === cb) return 0; // « Jean Pierre » / « Jean-Pierre » / « Jeanpierre »
  const d = editDistance(ca, cb);
  return d <= nameTolerance(Math.min(ca.length, cb.length)) ? d : null;
}

/** One name's words all in the other's (« Garcia » / « Garcia Lopez »). */
function partOf(a: string, b: string): boolean {
  if (a === '' || b === '' || a === b) return false;
  const wa = a.split(' ');
  const wb = new Set(b.split(' '));
  return wa.every((w) => wb.has(w));
}

interface NameMatch {
  score: number;
  reason: Extract<DuplicateReason, 'meme_nom' | 'nom_proche' | 'nom_prenom_inverses' | 'nom_naissance' | 'nom_compose'>;
}

function compareNames(a: DuplicateSubject, b: DuplicateSubject): NameMatch | null {
  const na = normaliseName(a.nom);
  const nb = normaliseName(b.nom);
  const pa = normaliseName(a.prenom);
  const pb = normaliseName(b.prenom);
  const nna = normaliseName(a.nomNaissance ?? '');
  const nnb = normaliseName(b.nomNaissance ?? '');
  if (na === nb && pa === pb) return { score: 1, reason: 'meme_nom' };
  const dn = typos(na, nb);
  const dp = typos(pa, pb);
  if (dn !== null && dp !== null && dn + dp <= 3)
    // Each typo lowers the score: one typo 0.9, two 0.8, three 0.7.
    return { score: 1 - 0.1 * (dn + dp), reason: 'nom_proche' };
  if (typos(na, pb) === 0 && typos(pa, nb) === 0) return { score: 0.9, reason: 'nom_prenom_inverses' };
  // A married name and a birth name: « Martin née Durand » / « Durand ».
  const family = (n: string, nn: string) => [n, nn].filter(Boolean);
  const sharedFamily = family(na, nna).some((x) => family(nb, nnb).some((y) => typos(x, y) === 0));
  if (sharedFamily && dp !== null && dn === null) return { score: 0.85 - 0.1 * dp, reason: 'nom_naissance' };
  // A compound name or first name typed in part (the other one the same, or within a typo).
  const nameIn = partOf(na, nb) || partOf(nb, na);
  const firstIn = partOf(pa, pb) || partOf(pb, pa);
  if ((nameIn && (firstIn || dp !== null)) || (firstIn && dn !== null)) return { score: 0.8, reason: 'nom_compose' };
  return null;
}

type DateMatch = { factor: number; reason: Extract<DuplicateReason, 'meme_date' | 'date_inversee' | 'date_manquante'> };

/** The birth date with day and month exchanged (AAAA-JJ-MM), when that is a real, different date. */
export function swappedBirthDate(iso: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [, y, mo, d] = m;
  if (d === mo || Number(d) > 12) return null;
  return `${y}-${d}-${mo}`;
}

function compareDates(a: string | null, b: string | null): DateMatch | null {
  if (!a || !b) return { factor: a || b ? 0.75 : 0.65, reason: 'date_manquante' };
  if (a === b) return { factor: 1, reason: 'meme_date' };
  if (swappedBirthDate(a) === b) return { factor: 0.85, reason: 'date_inversee' };
  return null;
}

/**
 * Are these two files probably the same person? null when not: names not close enough, or two
 * known birth dates that differ (other than by day and month swapped).
 */
export function duplicateMatch(a: DuplicateSubject, b: DuplicateSubject): DuplicateMatch | null {
  const date = compareDates(a.dateNaissance, b.dateNaissance);
  if (!date) return null;
  const name = compareNames(a, b);
  if (!name) return null;
  const score = Math.round(100 * name.score * date.factor);
  if (score < DUPLICATE_MIN_SCORE) return null;
  return { score, reasons: [name.reason, date.reason] };
}

// ---------------------------------------------------------------------------------------
// Inputs of the API (persons.duplicates.*, persons.merge).

export const DUPLICATES_PAGE_SIZE = 20;

export const duplicatesListInput = z.object({
  page: z.number().int().min(1).max(1000).default(1),
});

export const duplicatesCompareInput = z.object({ personId: idSchema, otherPersonId: idSchema });

/** Which file's value to keep for a field that differs. */
export const MERGE_SIDES = ['kept', 'merged'] as const;
export type MergeSide = (typeof MERGE_SIDES)[number];

/** The identity fields a merge chooses (the shareable fields of the file). */
export const MERGE_FIELDS: readonly PersonField[] = PERSON_FIELDS;

export const mergeInput = z
  .object({
    /** The file that stays (it receives the other's history). */
    keptPersonId: idSchema,
    /** The file merged into it (it becomes a tombstone pointing to the kept one). */
    mergedPersonId: idSchema,
    /** The versions both files had when the user compared them (optimistic concurrency). */
    keptVersion: z.number().int().positive(),
    mergedVersion: z.number().int().positive(),
    /**
     * For each identity field whose values differ, the file whose value is kept; an absent
     * field keeps the kept file's value, or takes the merged file's when the kept one has none.
     */
    choices: z
      .partialRecord(z.enum(PERSON_FIELDS), z.enum(MERGE_SIDES, { error: 'Choisissez la valeur à garder.' }))
      .default({}),
  })
  .refine((v) => v.keptPersonId !== v.mergedPersonId, {
    path: ['mergedPersonId'],
    message: 'Choisissez deux dossiers différents.',
  });
export type MergeInput = z.infer<typeof mergeInput>;

/**
 * The identity the kept file will have: for each field, the chosen side's value; without a
 * choice, the kept file's value, or the merged file's when the kept file has none.
 */
export function mergedIdentity<T extends Partial<Record<PersonField, string | null>>>(
  kept: T,
  merged: T,
  choices: Partial<Record<PersonField, MergeSide>>,
): Record<PersonField, string | null> {
  const out = {} as Record<PersonField, string | null>;
  for (const f of PERSON_FIELDS) {
    const k = kept[f] ?? null;
    const m = merged[f] ?? null;
    out[f] = choices[f] === 'merged' ? (m ?? k) : choices[f] === 'kept' ? (k ?? m) : (k ?? m);
  }
  return out;
}

/** The fields whose values differ and are both filled: the ones the user must choose. */
export function conflictingFields(
  kept: Partial<Record<PersonField, string | null>>,
  merged: Partial<Record<PersonField, string | null>>,
): PersonField[] {
  return PERSON_FIELDS.filter((f) => {
    const k = kept[f] ?? null;
    const m = merged[f] ?? null;
    return k !== null && m !== null && k !== m;
  });
}
