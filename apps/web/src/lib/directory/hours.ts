/**
 * Opening hours in plain French, from the OpenStreetMap `opening_hours` syntax the directory
 * stores ("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"). Only the common, simple forms are
 * read; anything else returns null and the page shows the text as recorded.
 */

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export interface HoursLine {
  /** "Du lundi au vendredi", "Samedi", "Jours fériés". */
  days: string;
  /** "9 h – 12 h et 14 h – 17 h", or "fermé". */
  hours: string;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "9 h", "14 h 30". */
export function formatClock(hhmm: string): string | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (h > 24 || m > 59) return null;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

function readDays(selector: string): string | null {
  if (selector === 'PH') return 'Jours fériés';
  const parts: string[] = [];
  for (const part of selector.split(',')) {
    const range = /^([A-Z][a-z])(?:-([A-Z][a-z]))?$/.exec(part);
    if (!range) return null;
    const from = DAYS.indexOf(range[1] as (typeof DAYS)[number]);
    const to = range[2] ? DAYS.indexOf(range[2] as (typeof DAYS)[number]) : from;
    if (from < 0 || to < 0) return null;
    if (to === from) parts.push(DAY_NAMES[from]!);
    else if (to === from + 1) parts.push(`${DAY_NAMES[from]} et ${DAY_NAMES[to]}`);
    else parts.push(`du ${DAY_NAMES[from]} au ${DAY_NAMES[to]}`);
  }
  if (parts.length === 0) return null;
  const last = parts.pop()!;
  return capitalise(parts.length ? `${parts.join(', ')} et ${last}` : last);
}

function readHours(spec: string): string | null {
  if (/^(off|closed)$/i.test(spec)) return 'fermé';
  const ranges: string[] = [];
  for (const part of spec.split(',')) {
    const range = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(part.trim());
    if (!range) return null;
    const from = formatClock(range[1]!);
    const to = formatClock(range[2]!);
    if (!from || !to) return null;
    ranges.push(`${from} – ${to}`);
  }
  if (ranges.length === 0) return null;
  const last = ranges.pop()!;
  return ranges.length ? `${ranges.join(', ')} et ${last}` : last;
}

/** The opening hours as lines, or null when the text is not in a form we read. */
export function readOpeningHours(text: string | null | undefined): HoursLine[] | null {
  const source = text?.trim();
  if (!source) return null;
  if (source === '24/7') return [{ days: 'Tous les jours', hours: '24 h sur 24' }];
  const lines: HoursLine[] = [];
  for (const rule of source.split(';')) {
    const trimmed = rule.trim();
    if (!trimmed) continue;
    const match = /^([A-Za-z,-]+)\s+(.+)$/.exec(trimmed);
    if (!match) return null;
    const days = readDays(match[1]!);
    const hours = readHours(match[2]!.trim());
    if (!days || !hours) return null;
    lines.push({ days, hours });
  }
  return lines.length ? lines : null;
}
