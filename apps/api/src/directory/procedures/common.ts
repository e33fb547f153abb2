import { STALE_AFTER_MONTHS, type CapacityStatus } from '@ensemblier/shared';

/** The date before which a service's `date_maj` makes it stale (STALE_AFTER_MONTHS ago). */
export function staleBefore(now: Date): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - STALE_AFTER_MONTHS);
  return d;
}

/** Truncates a description for result lists, on a word boundary, with an ellipsis. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

export interface CapacityDto {
  status: CapacityStatus;
  delayDays: number | null;
  confirmedAt: Date | null;
}

export const capacityOf = (r: {
  capacity_status: string;
  capacity_delay_days: number | null;
  capacity_confirmed_at: Date | null;
}): CapacityDto => ({
  status: r.capacity_status as CapacityStatus,
  delayDays: r.capacity_delay_days,
  confirmedAt: r.capacity_confirmed_at,
});

/** French words too common to filter on (free-text search ignores them). */
export const STOP_WORDS = new Set([
  'a',
  'au',
  'aux',
  'avec',
  'ce',
  'ces',
  'd',
  'dans',
  'de',
  'des',
  'du',
  'en',
  'et',
  'l',
  'la',
  'le',
  'les',
  'leur',
  'ou',
  'par',
  'pour',
  'sur',
  'un',
  'une',
]);

/** The words of a free-text query, lower-case and unaccented, stop words removed. */
export function queryWords(q: string | undefined): string[] {
  if (!q) return [];
  const words = q
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
  return [...new Set(words)].slice(0, 8);
}
