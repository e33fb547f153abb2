import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import { dateSchema } from '../persons/schemas.ts';
import { isoAddDays, isoAddMonths, isoDaysBetween, isoEndOfWeek, parisDate, toIsoDate, type IsoDate } from './dates.ts';
import type { VisitOutcome } from './visit-log.ts';

/**
 * Visit programmes: a coordinator pairs one registered person with one to three visitors
 * (volunteers or agents) and a recurrence. The next visit is due one period after the last
 * visit that took place (or on the start date before the first one); the programme is overdue
 * from the Paris day after its due date.
 */

export const RECURRENCES = ['semaine', 'deux_semaines', 'mois'] as const;
export type Recurrence = (typeof RECURRENCES)[number];
export const RECURRENCE_LABELS: Record<Recurrence, string> = {
  semaine: 'Chaque semaine',
  deux_semaines: 'Toutes les deux semaines',
  mois: 'Chaque mois',
};

/** Expected visits per month, for the load of a visitor (52 weeks / 12 months). */
export const VISITS_PER_MONTH: Record<Recurrence, number> = {
  semaine: 52 / 12,
  deux_semaines: 26 / 12,
  mois: 1,
};

export const PROGRAMME_STATUSES = ['active', 'suspendue', 'terminee'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];
export const PROGRAMME_STATUS_LABELS: Record<ProgrammeStatus, string> = {
  active: 'En cours',
  suspendue: 'Suspendue (hospitalisation, absence…)',
  terminee: 'Terminée',
};

/** Where a programme stands on a given day. */
export const DUE_STATUSES = ['en_retard', 'aujourdhui', 'cette_semaine', 'plus_tard'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];
export const DUE_STATUS_LABELS: Record<DueStatus, string> = {
  en_retard: 'En retard',
  aujourdhui: 'Aujourd’hui',
  cette_semaine: 'Cette semaine',
  plus_tard: 'Plus tard',
};

export const MAX_VISITORS = 3;

// ----------------------------------------------------------------------------------------
// Inputs

const visitorIds = z
  .array(idSchema, { error: 'Choisissez au moins un bénévole ou agent.' })
  .min(1, 'Choisissez au moins un bénévole ou agent.')
  .max(MAX_VISITORS, `${MAX_VISITORS} visiteurs au plus par programme.`)
  .refine((ids) => new Set(ids).size === ids.length, 'Chaque visiteur ne doit être choisi qu’une fois.');

const recurrence = z.enum(RECURRENCES, { error: 'Choisissez la fréquence des visites.' });

export const programmeInput = z.object({
  personId: idSchema,
  visitorUserIds: visitorIds,
  recurrence,
  startsOn: dateSchema('date de la première visite'),
});
export type ProgrammeInput = z.infer<typeof programmeInput>;

export const programmeUpdateInput = z.object({
  programmeId: idSchema,
  version: z.number().int().positive(),
  visitorUserIds: visitorIds,
  recurrence,
  status: z.enum(PROGRAMME_STATUSES, { error: 'Choisissez l’état du programme.' }),
});
export type ProgrammeUpdateInput = z.infer<typeof programmeUpdateInput>;

// ----------------------------------------------------------------------------------------
// Due dates

/** Only a visit or call that took place resets the clock; an absence or a refusal does not. */
export const countsForProgramme = (outcome: VisitOutcome): boolean => outcome === 'realisee';

/** The Paris day of the latest visit that counts, or null. */
export function lastVisitOn(visits: readonly { occurredAt: Date; outcome: VisitOutcome }[]): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const v of visits) {
    if (!countsForProgramme(v.outcome)) continue;
    const day = parisDate(v.occurredAt);
    if (latest === null || day > latest) latest = day;
  }
  return latest;
}

/**
 * One period after the last visit (a calendar date, or an instant taken on the Paris calendar).
 * Monthly: the same day of the next month, or its last day (31 January → 28/29 February).
 */
export function nextDueDate(lastVisit: IsoDate | Date, recurrence: Recurrence): IsoDate {
  const day = toIsoDate(lastVisit);
  switch (recurrence) {
    case 'semaine':
      return isoAddDays(day, 7);
    case 'deux_semaines':
      return isoAddDays(day, 14);
    case 'mois':
      return isoAddMonths(day, 1);
  }
}

export interface ProgrammeLike {
  recurrence: Recurrence;
  status: ProgrammeStatus;
  startsOn: IsoDate;
  /** From `lastVisitOn` over the programme's visits. */
  lastVisitOn: IsoDate | null;
}

/** When the next visit is due: the start date until a first visit took place. */
export function programmeDueDate(p: Pick<ProgrammeLike, 'recurrence' | 'startsOn' | 'lastVisitOn'>): IsoDate {
  if (p.lastVisitOn === null) return toIsoDate(p.startsOn);
  const next = nextDueDate(p.lastVisitOn, p.recurrence);
  // A programme restarted later than the last visit (new pairing) is due from its new start.
  return next < p.startsOn ? p.startsOn : next;
}

/** Days late on `now`'s Paris day (0 when not late). A suspended or ended programme is never late. */
export function daysOverdue(p: ProgrammeLike, now: Date): number {
  if (p.status !== 'active') return 0;
  return Math.max(0, isoDaysBetween(programmeDueDate(p), parisDate(now)));
}

/** Late from the Paris day after the due date: a visit due today is not late yet. */
export function isOverdue(p: ProgrammeLike, now: Date): boolean {
  return daysOverdue(p, now) > 0;
}

/** Late, due today, due by Sunday of this week (weeks run Monday to Sunday), or later. */
export function dueStatus(due: IsoDate, today: IsoDate): DueStatus {
  if (due < today) return 'en_retard';
  if (due === today) return 'aujourdhui';
  if (due <= isoEndOfWeek(today)) return 'cette_semaine';
  return 'plus_tard';
}

/**
 * « Mes visites »: the visitor's active programmes that are late, due today or due this week,
 * late ones first, then by due date (ties by programme id, so the list is stable). With
 * `includeLater`, the programmes due after this week follow (status `plus_tard`): a visitor may
 * also log an extra visit to someone not due yet.
 */
export function visitAgenda<P extends ProgrammeLike & { id: string }>(
  programmes: readonly P[],
  now: Date,
  options: { includeLater?: boolean } = {},
): { programme: P; due: IsoDate; status: DueStatus }[] {
  const today = parisDate(now);
  const rows: { programme: P; due: IsoDate; status: DueStatus }[] = [];
  for (const programme of programmes) {
    if (programme.status !== 'active') continue;
    const due = programmeDueDate(programme);
    const status = dueStatus(due, today);
    if (status !== 'plus_tard' || options.includeLater) rows.push({ programme, due, status });
  }
  return rows.sort((a, b) =>
    a.due !== b.due
      ? a.due < b.due
        ? -1
        : 1
      : a.programme.id < b.programme.id
        ? -1
        : a.programme.id > b.programme.id
          ? 1
          : 0,
  );
}

// ----------------------------------------------------------------------------------------
// Load

export interface VisitorLoad {
  userId: string;
  /** Active programmes the visitor is part of (= persons visited). */
  programmes: number;
  /** Expected visits per month over those programmes (a shared programme counts for each visitor). */
  visitsPerMonth: number;
  /** How many of them are late today. */
  overdue: number;
}

/**
 * Each visitor's load, from the active programmes (suspended and ended ones weigh nothing).
 * `visitorIds` lists visitors to show even with no programme (e.g. every volunteer of the
 * territory). Sorted by expected visits per month, heaviest first, then by user id.
 */
export function visitorLoads(
  programmes: readonly (ProgrammeLike & { visitorUserIds: readonly string[] })[],
  now: Date,
  visitorIds: readonly string[] = [],
): VisitorLoad[] {
  const loads = new Map<string, VisitorLoad>();
  const loadOf = (userId: string) => {
    let l = loads.get(userId);
    if (!l) loads.set(userId, (l = { userId, programmes: 0, visitsPerMonth: 0, overdue: 0 }));
    return l;
  };
  for (const id of visitorIds) loadOf(id);
  for (const p of programmes) {
    if (p.status !== 'active') continue;
    const late = isOverdue(p, now);
    for (const userId of new Set(p.visitorUserIds)) {
      const l = loadOf(userId);
      l.programmes += 1;
      l.visitsPerMonth += VISITS_PER_MONTH[p.recurrence];
      if (late) l.overdue += 1;
    }
  }
  return [...loads.values()]
    .map((l) => ({ ...l, visitsPerMonth: Math.round(l.visitsPerMonth * 10) / 10 }))
    .sort((a, b) => b.visitsPerMonth - a.visitsPerMonth || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}
