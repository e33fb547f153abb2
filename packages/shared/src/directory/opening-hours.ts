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

const DAY_NAMES: Record<string, string> = {
  MO: 'lundi',
  TU: 'mardi',
  WE: 'mercredi',
  TH: 'jeudi',
  FR: 'vendredi',
  SA: 'samedi',
  SU: 'dimanche',
};

export interface HoursLine {
  /** "Du lundi au vendredi", "Samedi". */
  days: string;
  /** "9 h – 12 h et 14 h – 17 h 30". */
  hours: string;
}

/** "9 h", "14 h 30" (French style); "23:59" reads as midnight. */
export function formatClock(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  if (h === 23 && m === 59) return '24 h';
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

/** "Du lundi au vendredi", "Lundi et mercredi", "Lundi, mercredi et vendredi". */
function daysLabel(byday: string): string {
  const days = byday.split(',');
  const runs: string[][] = [];
  for (const d of days) {
    const last = runs.at(-1);
    if (last && ORDER.indexOf(d) === ORDER.indexOf(last.at(-1)!) + 1) last.push(d);
    else runs.push([d]);
  }
  const parts = runs.map((r) =>
    r.length >= 3 ? `du ${DAY_NAMES[r[0]!]} au ${DAY_NAMES[r.at(-1)!]}` : r.map((d) => DAY_NAMES[d]).join(' et '),
  );
  const last = parts.pop()!;
  const text = parts.length ? `${parts.join(', ')} et ${last}` : last;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Opening hours in plain French, from the OSM `opening_hours` value (parsed and evaluated
 * by the opening_hours library through weeklyRules). Null when the value is not a weekly
 * schedule: the page then shows the text as recorded.
 */
export function openingHoursLines(value: string | null | undefined): HoursLine[] | null {
  const rules = weeklyRules(value ?? null);
  if (!rules) return null;
  if (
    rules.length === 1 &&
    rules[0]!.byday.split(',').length === 7 &&
    rules[0]!.opens_at === '00:00' &&
    rules[0]!.closes_at === '23:59'
  ) {
    return [{ days: 'Tous les jours', hours: '24 h sur 24' }];
  }
  // Per day, its ranges in time order; then days with the same ranges share a line.
  const perDay = new Map<string, { opens: string; text: string }[]>();
  for (const r of rules) {
    const text = `${formatClock(r.opens_at)} – ${formatClock(r.closes_at)}${r.comment ? ` (${r.comment})` : ''}`;
    for (const day of r.byday.split(',')) perDay.set(day, [...(perDay.get(day) ?? []), { opens: r.opens_at, text }]);
  }
  const groups = new Map<string, string[]>();
  for (const day of ORDER) {
    const ranges = perDay.get(day);
    if (!ranges) continue;
    const key = ranges
      .sort((a, b) => a.opens.localeCompare(b.opens))
      .map((x) => x.text)
      .join('|');
    groups.set(key, [...(groups.get(key) ?? []), day]);
  }
  return [...groups].map(([key, days]) => {
    const ranges = key.split('|');
    const last = ranges.pop()!;
    return { days: daysLabel(days.join(',')), hours: ranges.length ? `${ranges.join(', ')} et ${last}` : last };
  });
}
