/**
 * Calendar dates for the visits domain.
 *
 * A visit is due on a *day* of the Paris calendar, not at an instant, so the rules work on plain
 * calendar dates written `AAAA-MM-JJ` (an `IsoDate`). The only time-zone operation — which
 * Paris day an instant falls on — is done by `Intl` with the IANA zone `Europe/Paris` (the ICU
 * data shipped with Node and every browser, kept current by them), the same way the web's
 * `format.ts` does: no offset is ever computed by hand. Everything else is arithmetic on plain
 * dates, done in UTC where no daylight-saving change exists.
 *
 * The repository has no date library; these few functions did not justify one (and the service
 * worker bundle stays small).
 */

/** A calendar date `AAAA-MM-JJ` (no time, no zone). */
export type IsoDate = string;

export const PARIS_TIME_ZONE = 'Europe/Paris';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const parisParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: PARIS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Is `value` a real calendar date written `AAAA-MM-JJ`? */
export function isIsoDate(value: string): value is IsoDate {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function assertIsoDate(value: string): void {
  if (!isIsoDate(value)) throw new RangeError(`Not a calendar date (AAAA-MM-JJ): ${value}`);
}

/** The day of the Paris calendar on which this instant falls. */
export function parisDate(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid instant');
  const parts = parisParts.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A calendar date as given, or the Paris day of an instant. */
export function toIsoDate(value: IsoDate | Date): IsoDate {
  if (value instanceof Date) return parisDate(value);
  assertIsoDate(value);
  return value;
}

const toUtc = (d: IsoDate) => Date.parse(`${d}T00:00:00Z`);
const fromUtc = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

export function isoAddDays(date: IsoDate, days: number): IsoDate {
  assertIsoDate(date);
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/**
 * Same day `months` later; a day the target month lacks becomes its last day
 * (31 January + 1 month = 28 or 29 February).
 */
export function isoAddMonths(date: IsoDate, months: number): IsoDate {
  assertIsoDate(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, monthIndex, Math.min(d, lastDay)));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function isoDaysBetween(from: IsoDate, to: IsoDate): number {
  assertIsoDate(from);
  assertIsoDate(to);
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** The Sunday that ends the week (Monday to Sunday) holding `date`. */
export function isoEndOfWeek(date: IsoDate): IsoDate {
  assertIsoDate(date);
  const weekday = new Date(toUtc(date)).getUTCDay(); // 0 = Sunday
  return isoAddDays(date, weekday === 0 ? 0 : 7 - weekday);
}

const MONTH_FORMAT = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** « août 2026 » for the month `2026-08` (statistics per month, their CSV). */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return MONTH_FORMAT.format(new Date(Date.UTC(y, m - 1, 1)));
}

// ----------------------------------------------------------------------------------------
// A Paris wall-clock date and time (a campaign's start typed in its form, a visit's day at noon)

const PARIS_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Paris wall-clock reading of an instant, as UTC milliseconds (minutes precision), by Intl. */
function parisWallMs(ms: number): number {
  const parts = PARIS_PARTS.formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
}

/** « HH:MM » on the Paris clock (the form's default start time). */
export function parisTime(instant: Date): string {
  const wall = new Date(parisWallMs(instant.getTime()));
  return `${String(wall.getUTCHours()).padStart(2, '0')}:${String(wall.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * The instant of a Paris date (`AAAA-MM-JJ`) and time (`HH:MM`), as typed in the campaign form;
 * null when either is not well formed. Paris's offset at that moment comes from Intl (no offset
 * by hand); a time skipped by the spring change (02:30) gives the instant one hour later.
 */
export function parisInstant(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, da, h, mi);
  if (new Date(wall).getUTCDate() !== da) return null;
  // Two passes: the offset at the first guess, then at the corrected instant (around a change).
  let instant = wall - (parisWallMs(wall) - wall);
  instant = wall - (parisWallMs(instant) - instant);
  return new Date(instant);
}
