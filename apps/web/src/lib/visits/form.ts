import { parisDate, parisInstant, type IsoDate } from '@ensemblier/shared';

/**
 * The visit form (« Noter la visite ») as raw values for `visitLogInput`, from the posted form
 * data. Shared by the page's script (queued on the phone) and its server action (sent at once
 * when JavaScript is off), so both read the form the same way.
 *
 * The day of the visit is a date field (today by default). Today means « now »; an earlier day
 * is recorded at noon, Paris time (the hour of a visit logged afterwards is not asked: a few
 * taps matter more than the minute).
 */
export function visitFormValues(form: FormData, now: Date): Record<string, unknown> {
  const text = (key: string) => {
    const v = form.get(key);
    return typeof v === 'string' ? v.trim() : '';
  };
  const duration = text('durationMinutes');
  const mood = text('mood');
  const day = text('day');
  return {
    clientId: text('clientId'),
    personId: text('personId'),
    programmeId: text('programmeId') || null,
    kind: text('kind') || undefined,
    outcome: text('outcome') || undefined,
    occurredAt: occurredAtOf(day, now),
    durationMinutes: duration ? Number(duration) : null,
    mood: mood ? Number(mood) : null,
    needs: form.getAll('needs').filter((v): v is string => typeof v === 'string'),
    note: text('note') || null,
    situationPreoccupante: form.get('situationPreoccupante') === 'on',
  };
}

/** Today → now; an earlier Paris day → noon Paris time that day; anything unreadable → an invalid date. */
export function occurredAtOf(day: string, now: Date): Date | string {
  if (!day || day === parisDate(now)) return now;
  const noon = parisNoon(day);
  return Number.isNaN(noon.getTime()) ? day : noon;
}

/** Noon in Paris on a calendar day, as an instant (the shared Paris wall-clock conversion, Intl-based). */
export function parisNoon(day: IsoDate): Date {
  return parisInstant(day, '12:00') ?? new Date(Number.NaN);
}

/** Zod issues as one French message per top-level field (the first one), for errors next to fields. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}

/** What the form shows again after a refused submission (the client id is kept: same record). */
export interface VisitFormValues {
  clientId: string;
  kind?: string;
  outcome?: string;
  day?: string;
  durationMinutes?: string;
  mood?: string;
  needs?: string[];
  note?: string;
  situationPreoccupante?: boolean;
}

/** The posted form as values to show again. */
export function redisplayValues(form: FormData): VisitFormValues {
  const text = (key: string) => {
    const v = form.get(key);
    return typeof v === 'string' ? v : '';
  };
  return {
    clientId: text('clientId'),
    kind: text('kind') || undefined,
    outcome: text('outcome') || undefined,
    day: text('day') || undefined,
    durationMinutes: text('durationMinutes'),
    mood: text('mood'),
    needs: form.getAll('needs').filter((v): v is string => typeof v === 'string'),
    note: text('note'),
    situationPreoccupante: form.get('situationPreoccupante') === 'on',
  };
}
