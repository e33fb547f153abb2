import { monthLabel, parisDate } from '@ensemblier/shared';

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** « mars 2026 » for `2026-03` (shared with the CSV). */
export { monthLabel };

/** The months a period can start or end with: the current Paris month and the 47 before, newest first. */
export function monthChoices(now: Date = new Date()): { value: string; label: string }[] {
  const [y, m] = parisDate(now).split('-').map(Number) as [number, number];
  const out: { value: string; label: string }[] = [];
  for (let i = 0; i < 48; i++) {
    const total = y * 12 + (m - 1) - i;
    const value = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
    out.push({ value, label: monthLabel(value) });
  }
  return out;
}

/** The period in the URL (`du`, `au`), each kept only when it is a month. */
export function periodParams(url: URL): { from?: string; to?: string } {
  const du = url.searchParams.get('du') ?? '';
  const au = url.searchParams.get('au') ?? '';
  return { ...(MONTH_PATTERN.test(du) ? { from: du } : {}), ...(MONTH_PATTERN.test(au) ? { to: au } : {}) };
}

/** « 2,5 h ». */
export const formatHours = (minutes: number) =>
  `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(minutes / 60)} h`;

/** « 35 min », « 2 h 15 », « 3 j 4 h ». */
export function formatDelay(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
  }
  const d = Math.floor(minutes / (24 * 60));
  const h = Math.floor((minutes % (24 * 60)) / 60);
  return h === 0 ? `${d} j` : `${d} j ${h} h`;
}
