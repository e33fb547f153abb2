/**
 * Display formatting helpers (French, Europe/Paris). Intl only, no third-party library.
 *
 * Intl inserts non-breaking spaces (U+00A0, U+202F) where French typography wants them
 * ("1 234,56 €", "23 nov. 2026"); we keep them so amounts and dates never wrap mid-value.
 */

export const LOCALE = 'fr-FR';
export const TIME_ZONE = 'Europe/Paris';

export type DateInput = Date | string | number;

const NBSP = '\u00a0';

function toDate(value: DateInput): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A calendar date given as "YYYY-MM-DD" (no time) is a civil date, not an instant:
 * format it in UTC so it never shifts by a day.
 */
function isCivilDate(value: DateInput): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function dtf(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(LOCALE, options);
    dateFormatters.set(key, formatter);
  }
  return formatter;
}

/** "23 nov. 2026". Returns "" for empty or invalid input. */
export function formatDate(value: DateInput | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = toDate(value);
  if (!date) return '';
  const timeZone = isCivilDate(value) ? 'UTC' : TIME_ZONE;
  return dtf(`date-${timeZone}`, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone,
  }).format(date);
}

/** Today in Paris as typed in a date field: "23/11/2026". */
export function todayTyped(now: Date = new Date()): string {
  return dtf(`typed-${TIME_ZONE}`, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE }).format(
    now,
  );
}

/** "lundi 23 novembre 2026". */
export function formatDateLong(value: DateInput | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = toDate(value);
  if (!date) return '';
  const timeZone = isCivilDate(value) ? 'UTC' : TIME_ZONE;
  return dtf(`datelong-${timeZone}`, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(date);
}

/** "14 h 30" (and "9 h 05"); Paris time. */
export function formatTime(value: DateInput | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = toDate(value);
  if (!date) return '';
  const parts = dtf('time', {
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  }).formatToParts(date);
  const hour = parts.find((p) => p.type === 'hour')?.value ?? '';
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '';
  return `${Number(hour)}${NBSP}h${NBSP}${minute}`;
}

/** "23 nov. 2026 à 14 h 30". */
export function formatDateTime(value: DateInput | null | undefined): string {
  const date = formatDate(value);
  const time = formatTime(value);
  if (!date || !time) return '';
  return `${date} à ${time}`;
}

/** The machine-readable value for `<time datetime="…">`. */
export function isoDateTime(value: DateInput): string {
  const date = toDate(value);
  return date ? date.toISOString() : '';
}

/** Relative time in words: "il y a 3 jours", "dans 2 heures", "à l’instant". */
export function formatRelative(value: DateInput, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'à l’instant';
  const rtf = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['minute', 60],
    ['hour', 3600],
    ['day', 86400],
    ['week', 604800],
    ['month', 2629800],
    ['year', 31557600],
  ];
  let chosen: [Intl.RelativeTimeFormatUnit, number] = ['minute', 60];
  for (const unit of units) {
    if (abs >= unit[1]) chosen = unit;
  }
  return rtf.format(Math.round(seconds / chosen[1]), chosen[0]);
}

const currency = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'EUR' });
const currencyWhole = new Intl.NumberFormat(LOCALE, {
  style: 'currency',
  currency: 'EUR',
  maximumFractionDigits: 0,
  minimumFractionDigits: 0,
});

/** "1 234,56 €". `cents: true` when the value is an integer number of cents. */
export function formatAmount(
  value: number | string | null | undefined,
  options: { cents?: boolean; whole?: boolean } = {},
): string {
  if (value === null || value === undefined || value === '') return '';
  let amount = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(amount)) return '';
  if (options.cents) amount = amount / 100;
  return (options.whole ? currencyWhole : currency).format(amount);
}

const integer = new Intl.NumberFormat(LOCALE);

/** "12 345". */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return integer.format(value);
}

/** "42 %" from 0.42. */
export function formatPercent(ratio: number | null | undefined, fractionDigits = 0): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '';
  return new Intl.NumberFormat(LOCALE, {
    style: 'percent',
    maximumFractionDigits: fractionDigits,
  }).format(ratio);
}

/**
 * French phone numbers in pairs: "01 47 29 50 50". Accepts "0147295050", "01.47.29.50.50",
 * "+33 1 47 29 50 50" and "0033147295050". Anything else is returned trimmed, as typed.
 */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  const trimmed = value.trim();
  let digits = trimmed.replace(/[\s.\-()/]/g, '');
  if (/^\+33\d{9}$/.test(digits)) digits = `0${digits.slice(3)}`;
  else if (/^0033\d{9}$/.test(digits)) digits = `0${digits.slice(4)}`;
  if (!/^0\d{9}$/.test(digits)) return trimmed;
  return digits.match(/\d{2}/g)?.join(' ') ?? trimmed;
}

/** "1 personne", "3 personnes": naive French plural for counters. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${Math.abs(count) >= 2 ? pluralForm : singular}`;
}
