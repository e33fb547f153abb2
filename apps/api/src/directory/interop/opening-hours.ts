import OpeningHours from 'opening_hours';

/**
 * OSM opening_hours (the format data·inclusion asks for `horaires_accueil`) → weekly rules
 * (HSDS schedules: days, opening and closing time). The opening_hours library parses the value
 * and evaluates it over ordinary weeks (no public holiday); the open intervals are grouped
 * by identical times. Anything that is not the same every week (dates, holidays only, a comment
 * alone such as « sur rendez-vous ») gives null: the caller keeps the raw text instead.
 */

export interface WeeklyRule {
  /** iCal days, e.g. "MO,TU,WE". */
  byday: string;
  /** HH:MM, local time. */
  opens_at: string;
  closes_at: string;
  /** The rule's comment (« sur rendez-vous »…). */
  comment?: string;
}

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const ORDER = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** Where the public holidays come from (France): needed to parse "PH off". */
const PLACE = { lat: 43.676, lon: 4.136, address: { country_code: 'fr', state: 'Occitanie' } };

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

export function weeklyRules(value: string | null): WeeklyRule[] | null {
  if (!value?.trim()) return null;
  let oh: OpeningHours;
  try {
    oh = new OpeningHours(value, PLACE as never, 0);
  } catch {
    return null;
  }
  // Three ordinary weeks of 2025 (winter, summer, autumn; no public holiday in them) must give
  // the same rules: otherwise the value depends on dates and is not a weekly schedule.
  const weeks = [new Date(2025, 0, 6), new Date(2025, 5, 16), new Date(2025, 9, 13)].map((monday) =>
    rulesOfWeek(oh, monday),
  );
  const [first] = weeks;
  if (!first || weeks.some((w) => w === null || JSON.stringify(w) !== JSON.stringify(first))) return null;
  return first;
}

function rulesOfWeek(oh: OpeningHours, monday: Date): WeeklyRule[] | null {
  const from = monday;
  const to = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 7);
  const groups = new Map<string, { opens: string; closes: string; comment?: string; days: Set<string> }>();
  for (const [start, end, unknown, comment] of oh.getOpenIntervals(from, to)) {
    // Split at midnight: one piece per day.
    for (let cursor = new Date(start); cursor < end;) {
      const midnight = new Date(cursor.getFullYear(), cursor.getMonth(), cursor.getDate() + 1);
      const pieceEnd = end < midnight ? end : midnight;
      const opens = hhmm(cursor);
      const closes = pieceEnd.getTime() === midnight.getTime() ? '23:59' : hhmm(pieceEnd);
      // A whole day "unknown" is a comment alone, not opening hours.
      if (unknown && opens === '00:00' && closes === '23:59') return null;
      const key = `${opens}|${closes}|${comment ?? ''}`;
      const group = groups.get(key) ?? { opens, closes, comment, days: new Set<string>() };
      group.days.add(DAYS[cursor.getDay()]!);
      groups.set(key, group);
      cursor = midnight;
    }
  }
  if (groups.size === 0) return null;
  return [...groups.values()].map((g) => ({
    byday: ORDER.filter((d) => g.days.has(d)).join(','),
    opens_at: g.opens,
    closes_at: g.closes,
    ...(g.comment ? { comment: g.comment } : {}),
  }));
}
