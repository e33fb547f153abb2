import { z } from 'zod';
import { idSchema, pageInput } from '../admin/schemas.ts';
import type { Outcome, ReferralState } from '../referrals/state-machine.ts';

/**
 * Retention of persons' files (CNIL référentiel « accompagnement social », CCAS archives rules).
 *
 * 1. Active base: a file with no activity (person.last_activity_at) for the territory's archiving
 *    delay (default 24 months) is archived by the daily `retention_sweep` job: read-only, seen
 *    only by the `archivist` role.
 * 2. Intermediate archives: the file stays archived for its category's elimination delay,
 *    counted FROM THE ARCHIVING DATE; then the job proposes its elimination.
 * 3. Elimination happens only after an archivist's recorded approval. Commission minutes
 *    (procès-verbaux) are never eliminated (archives définitives).
 */
export const RETENTION_CATEGORIES = ['demande_refusee', 'aide', 'suivi', 'proces_verbal'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

export const RETENTION_CATEGORY_LABELS: Record<RetentionCategory, string> = {
  demande_refusee: 'Demande refusée ou abandonnée',
  aide: 'Dossier d’aide',
  suivi: 'Dossier de suivi social',
  proces_verbal: 'Procès-verbal de commission',
};

export const RETENTION_CATEGORY_HELP: Record<RetentionCategory, string> = {
  demande_refusee:
    'Toutes les orientations de la personne ont été refusées, ont expiré, ont été annulées ou se sont terminées sans aide.',
  aide: 'Une aide a été apportée à la personne (orientation clôturée avec une aide, aide accordée en commission).',
  suivi: 'Les autres dossiers : accompagnement, groupe de suivi, fil de suivi.',
  proces_verbal: 'Les procès-verbaux des commissions sont des archives définitives : ils ne sont jamais éliminés.',
};

/** Categories whose delay a territory may change; the others are fixed (kept forever). */
export const EDITABLE_RETENTION_CATEGORIES = [
  'demande_refusee',
  'aide',
  'suivi',
] as const satisfies readonly RetentionCategory[];
export type EditableRetentionCategory = (typeof EDITABLE_RETENTION_CATEGORIES)[number];

export interface RetentionRules {
  /** Months without activity before a file is archived. */
  archiveAfterMonths: number;
  /** Years in the archives before elimination is proposed, by category; null: kept forever. */
  eliminateAfterYears: Record<RetentionCategory, number | null>;
}

/**
 * Defaults: 24 months of inactivity (the issue, CNIL: two years after the last contact);
 * refused or abandoned requests 2 years, aid files 10 years (CCAS archives: aides facultatives,
 * pièces comptables), general follow-up files 5 years after archiving (CNIL référentiel:
 * « durée de l’accompagnement » then intermediate archiving, 5 years being the civil
 * prescription delay), commission minutes kept forever.
 */
export const DEFAULT_RETENTION_RULES: RetentionRules = {
  archiveAfterMonths: 24,
  eliminateAfterYears: { demande_refusee: 2, aide: 10, suivi: 5, proces_verbal: null },
};

export const ARCHIVE_AFTER_MONTHS_RANGE = { min: 6, max: 120 } as const;
export const ELIMINATE_AFTER_YEARS_RANGE = { min: 1, max: 100 } as const;

/** The territory's rules: stored values override the defaults, fixed categories stay fixed. */
export function retentionRules(stored: {
  archiveAfterMonths?: number | null;
  eliminateAfterYears?: Partial<Record<RetentionCategory, number | null>>;
}): RetentionRules {
  const years = { ...DEFAULT_RETENTION_RULES.eliminateAfterYears };
  for (const c of EDITABLE_RETENTION_CATEGORIES) {
    const v = stored.eliminateAfterYears?.[c];
    if (typeof v === 'number') years[c] = v;
  }
  return {
    archiveAfterMonths: stored.archiveAfterMonths ?? DEFAULT_RETENTION_RULES.archiveAfterMonths,
    eliminateAfterYears: years,
  };
}

/** `date` plus `months` calendar months (UTC), clamped to the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Files whose last activity is at or before this instant are to be archived at `now`. */
export function archiveCutoff(now: Date, rules: Pick<RetentionRules, 'archiveAfterMonths'>): Date {
  return addMonths(now, -rules.archiveAfterMonths);
}

/** Should an active file whose last activity is `lastActivity` be archived at `now`? */
export function shouldArchive(
  lastActivity: Date,
  now: Date,
  rules: Pick<RetentionRules, 'archiveAfterMonths'>,
): boolean {
  return lastActivity.getTime() <= archiveCutoff(now, rules).getTime();
}

export interface ArchivedFile {
  status: 'active' | 'archived' | 'merged' | 'eliminated';
  archivedAt: Date | null;
  category: RetentionCategory;
}

/** When an archived file's elimination falls due; null: never (kept forever, or not archived). */
export function eliminationDueDate(file: ArchivedFile, rules: RetentionRules): Date | null {
  if (file.status !== 'archived' || file.archivedAt === null) return null;
  const years = rules.eliminateAfterYears[file.category];
  if (years === null) return null;
  return addMonths(file.archivedAt, years * 12);
}

/** Is the elimination of this file due at `now` (to be proposed to an archivist)? */
export function eliminationDue(file: ArchivedFile, now: Date, rules: RetentionRules): boolean {
  const due = eliminationDueDate(file, rules);
  return due !== null && due.getTime() <= now.getTime();
}

/** What a file's history says about its category. */
export interface FileHistory {
  /** Every referral task about the person (each recipient's part), with its outcome. */
  tasks: readonly { state: ReferralState; outcome: Outcome | null }[];
  /** Aids granted to the person (commission decisions: a later issue). */
  aidsGranted?: number;
}

/** A task closed without any support given: refused, expired, cancelled, failed, never sent, or ended without help. */
export function endedWithoutSupport(task: { state: ReferralState; outcome: Outcome | null }): boolean {
  if (['refusee', 'expiree', 'annulee', 'echec', 'brouillon'].includes(task.state)) return true;
  return task.state === 'terminee' && (task.outcome === 'personne_injoignable' || task.outcome === 'ne_souhaite_plus');
}

/**
 * The category of a person's file from its history:
 * - « dossier d’aide » when an aid was given (a task closed with « aide apportée », an aid granted);
 * - « demande refusée ou abandonnée » when the person had referrals and every one ended without
 *   support (réorientations are not an end: the task they opened decides);
 * - otherwise « dossier de suivi social ».
 * A person's file is never « procès-verbal »: that category is the commissions' minutes'.
 */
export function categoryOfFile(history: FileHistory): Exclude<RetentionCategory, 'proces_verbal'> {
  if ((history.aidsGranted ?? 0) > 0) return 'aide';
  if (history.tasks.some((t) => t.state === 'terminee' && t.outcome === 'aide_apportee')) return 'aide';
  const ends = history.tasks.filter((t) => t.outcome !== 'reorientee');
  if (ends.length > 0 && ends.every(endedWithoutSupport)) return 'demande_refusee';
  return 'suivi';
}

// ----------------------------------------------------------------------------------------
// Elimination requests

export const ELIMINATION_STATUSES = ['proposed', 'approved', 'rejected', 'done'] as const;
export type EliminationStatus = (typeof ELIMINATION_STATUSES)[number];
export const ELIMINATION_STATUS_LABELS: Record<EliminationStatus, string> = {
  proposed: 'À décider',
  approved: 'Approuvée, en cours',
  rejected: 'Refusée : dossier conservé',
  done: 'Éliminé',
};

/** After a rejection, the job proposes the file again after this many months. */
export const REPROPOSE_AFTER_REJECTION_MONTHS = 12;

// ----------------------------------------------------------------------------------------
// Inputs

const motive = z
  .string({ error: 'Indiquez le motif de votre décision.' })
  .trim()
  .min(1, 'Indiquez le motif de votre décision.')
  .max(1000, 'Le motif ne doit pas dépasser 1 000 caractères.');

export const eliminationDecisionInput = z.object({ requestId: idSchema, motive });

export const ARCHIVES_PAGE_SIZE = 20;

export const archivesListInput = z.object({
  page: pageInput.shape.page,
  category: z.enum(RETENTION_CATEGORIES, { error: 'Catégorie inconnue.' }).optional(),
  /** Only the files whose elimination is proposed and waits for a decision. */
  eliminationDue: z.boolean().default(false),
});

export const eliminationsListInput = z.object({
  page: pageInput.shape.page,
  status: z.enum(['proposed', 'decided']).default('proposed'),
});

const months = z
  .number({ error: 'Indiquez un nombre de mois.' })
  .int('Indiquez un nombre entier de mois.')
  .min(ARCHIVE_AFTER_MONTHS_RANGE.min, `Au moins ${ARCHIVE_AFTER_MONTHS_RANGE.min} mois.`)
  .max(ARCHIVE_AFTER_MONTHS_RANGE.max, `Au plus ${ARCHIVE_AFTER_MONTHS_RANGE.max} mois.`);
const years = z
  .number({ error: 'Indiquez un nombre d’années.' })
  .int('Indiquez un nombre entier d’années.')
  .min(ELIMINATE_AFTER_YEARS_RANGE.min, `Au moins ${ELIMINATE_AFTER_YEARS_RANGE.min} an.`)
  .max(ELIMINATE_AFTER_YEARS_RANGE.max, `Au plus ${ELIMINATE_AFTER_YEARS_RANGE.max} ans.`);

export const retentionRulesInput = z.object({
  archiveAfterMonths: months,
  demande_refusee: years,
  aide: years,
  suivi: years,
});
export type RetentionRulesInput = z.infer<typeof retentionRulesInput>;
