import { parisDate, PARIS_TIME_ZONE, type IsoDate } from '@ensemblier/shared';

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
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return parisNoon(day as IsoDate);
}

/** Noon in Paris on a calendar day, as an instant (the offset comes from Intl's time-zone data). */
export function parisNoon(day: IsoDate): Date {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const utcNoon = new Date(Date.UTC(y, mo - 1, d, 12, 0, 0));
  const name = new Intl.DateTimeFormat('en-US', { timeZone: PARIS_TIME_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(utcNoon)
    .find((p) => p.type === 'timeZoneName')?.value;
  // « GMT+01:00 » / « GMT+02:00 » (noon is never near a daylight-saving change in France).
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  const minutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return new Date(utcNoon.getTime() - minutes * 60_000);
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
