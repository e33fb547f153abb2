/**
 * When a timeline entry happened, as typed: a date JJ/MM/AAAA and an optional time HH:MM, in
 * Paris time. Empty date: now (the API's default).
 */
export function parisDateTime(
  typedDate: string,
  typedTime: string,
): { date?: Date; error?: undefined; field?: undefined } | { error: string; field: string; date?: undefined } {
  const d = typedDate.trim();
  const t = typedTime.trim();
  if (!d && !t) return {};
  const dm = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(d);
  if (!dm) return { field: 'occurredOn', error: 'Indiquez la date au format JJ/MM/AAAA, par exemple 23/11/2026.' };
  const [day, month, year] = [Number(dm[1]), Number(dm[2]), Number(dm[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return { field: 'occurredOn', error: 'Cette date n’existe pas.' };
  }
  let hours = 12;
  let minutes = 0;
  if (t) {
    const tm = /^(\d{1,2})\s*(?:h|:)\s*(\d{2})?$/i.exec(t);
    if (!tm || Number(tm[1]) > 23 || Number(tm[2] ?? 0) > 59) {
      return { field: 'occurredTime', error: 'Indiquez l’heure au format HH:MM, par exemple 14:30.' };
    }
    hours = Number(tm[1]);
    minutes = Number(tm[2] ?? 0);
  }
  // Paris wall-clock time → UTC: guess, then correct by the offset Paris had at that instant.
  const guess = Date.UTC(year, month - 1, day, hours, minutes);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(guess))
      .map((p) => [p.type, p.value]),
  );
  const asParis = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  let date = new Date(guess - (asParis - guess));
  // Today without a time: now rather than noon (so an entry typed in the morning is not "future").
  if (!t && date.getTime() > Date.now()) date = new Date();
  return { date };
}
