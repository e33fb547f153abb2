import { describe, expect, it } from 'vitest';
import {
  countsForProgramme,
  daysOverdue,
  DUE_STATUS_LABELS,
  DUE_STATUSES,
  dueStatus,
  isOverdue,
  lastVisitOn,
  nextDueDate,
  PROGRAMME_STATUS_LABELS,
  PROGRAMME_STATUSES,
  programmeDueDate,
  programmeInput,
  programmeUpdateInput,
  RECURRENCE_LABELS,
  RECURRENCES,
  visitAgenda,
  visitorLoads,
  type ProgrammeLike,
} from './programmes.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** Noon in Paris on that day (winter, UTC+1). */
const parisNoon = (day: string) => new Date(`${day}T11:00:00Z`);

describe('programme vocabulary and input', () => {
  it('labels every recurrence, status and due status', () => {
    for (const r of RECURRENCES) expect(RECURRENCE_LABELS[r]).toMatch(/\S/);
    for (const s of PROGRAMME_STATUSES) expect(PROGRAMME_STATUS_LABELS[s]).toMatch(/\S/);
    for (const s of DUE_STATUSES) expect(DUE_STATUS_LABELS[s]).toMatch(/\S/);
    expect(RECURRENCE_LABELS.deux_semaines).toBe('Toutes les deux semaines');
  });
  it('validates a pairing: one to three distinct visitors, a known recurrence, a real start date', () => {
    const ok = programmeInput.parse({
      personId: uuid(1),
      visitorUserIds: [uuid(2), uuid(3)],
      recurrence: 'semaine',
      startsOn: '02/11/2026',
    });
    expect(ok.startsOn).toBe('2026-11-02');
    const issue = (v: unknown) => programmeInput.safeParse(v).error?.issues[0];
    const base = { personId: uuid(1), visitorUserIds: [uuid(2)], recurrence: 'mois', startsOn: '2026-11-02' };
    expect(issue({ ...base, visitorUserIds: [] })!.message).toBe('Choisissez au moins un bénévole ou agent.');
    expect(issue({ ...base, visitorUserIds: [uuid(2), uuid(2)] })!.message).toMatch(/qu’une fois/);
    expect(issue({ ...base, visitorUserIds: [uuid(2), uuid(3), uuid(4), uuid(5)] })!.path).toEqual(['visitorUserIds']);
    expect(issue({ ...base, recurrence: 'trimestre' })!.message).toBe('Choisissez la fréquence des visites.');
    expect(issue({ ...base, startsOn: '31/02/2026' })!.path).toEqual(['startsOn']);
    expect(
      programmeUpdateInput.safeParse({ ...base, programmeId: uuid(9), version: 1, status: 'suspendue' }).success,
    ).toBe(true);
  });
});

describe('nextDueDate', () => {
  it('one week, two weeks or one month after the last visit', () => {
    expect(nextDueDate('2026-11-23', 'semaine')).toBe('2026-11-30');
    expect(nextDueDate('2026-11-23', 'deux_semaines')).toBe('2026-12-07');
    expect(nextDueDate('2026-11-23', 'mois')).toBe('2026-12-23');
    expect(nextDueDate('2026-12-28', 'semaine')).toBe('2027-01-04');
  });
  it('monthly: the last day of a shorter month', () => {
    expect(nextDueDate('2027-01-31', 'mois')).toBe('2027-02-28');
    expect(nextDueDate('2028-01-30', 'mois')).toBe('2028-02-29');
  });
  it('an instant counts on the Paris calendar: a visit logged at 00:30 Paris time (23:30 UTC the day before)', () => {
    expect(nextDueDate(new Date('2026-11-22T23:30:00Z'), 'semaine')).toBe('2026-11-30');
    // Summer: 22:30 UTC is 00:30 the next day in Paris.
    expect(nextDueDate(new Date('2026-07-01T22:30:00Z'), 'semaine')).toBe('2026-07-09');
  });
  it('across the daylight-saving change, a week is still seven calendar days', () => {
    expect(nextDueDate(new Date('2026-03-24T23:30:00Z'), 'semaine')).toBe('2026-04-01');
    expect(nextDueDate(new Date('2026-10-21T22:30:00Z'), 'semaine')).toBe('2026-10-29');
  });
});

describe('lastVisitOn and programmeDueDate', () => {
  it('only a visit that took place resets the clock', () => {
    expect(countsForProgramme('realisee')).toBe(true);
    expect(countsForProgramme('absente')).toBe(false);
    expect(countsForProgramme('refusee')).toBe(false);
    expect(
      lastVisitOn([
        { occurredAt: new Date('2026-11-02T10:00:00Z'), outcome: 'realisee' },
        { occurredAt: new Date('2026-11-09T10:00:00Z'), outcome: 'absente' },
        { occurredAt: new Date('2026-11-01T10:00:00Z'), outcome: 'realisee' },
      ]),
    ).toBe('2026-11-02');
    expect(lastVisitOn([{ occurredAt: new Date('2026-11-09T10:00:00Z'), outcome: 'refusee' }])).toBeNull();
  });
  it('due on the start date before the first visit; never before the start date', () => {
    expect(programmeDueDate({ recurrence: 'semaine', startsOn: '2026-11-02', lastVisitOn: null })).toBe('2026-11-02');
    expect(programmeDueDate({ recurrence: 'semaine', startsOn: '2026-11-02', lastVisitOn: '2026-11-03' })).toBe(
      '2026-11-10',
    );
    // Re-paired on 1 December after a visit on 3 November: due on 1 December, not 10 November.
    expect(programmeDueDate({ recurrence: 'semaine', startsOn: '2026-12-01', lastVisitOn: '2026-11-03' })).toBe(
      '2026-12-01',
    );
  });
});

describe('isOverdue', () => {
  const weekly: ProgrammeLike = {
    recurrence: 'semaine',
    status: 'active',
    startsOn: '2026-11-01',
    lastVisitOn: '2026-11-16',
  };
  it('late from the Paris day after the due date', () => {
    expect(isOverdue(weekly, parisNoon('2026-11-22'))).toBe(false);
    expect(isOverdue(weekly, parisNoon('2026-11-23'))).toBe(false); // due today
    expect(isOverdue(weekly, parisNoon('2026-11-24'))).toBe(true);
    expect(daysOverdue(weekly, parisNoon('2026-11-26'))).toBe(3);
  });
  it('uses Paris midnight, not UTC midnight', () => {
    // 23:30 UTC on 23 November is already 24 November in Paris.
    expect(isOverdue(weekly, new Date('2026-11-23T22:59:00Z'))).toBe(false);
    expect(isOverdue(weekly, new Date('2026-11-23T23:00:00Z'))).toBe(true);
  });
  it('a suspended or ended programme is never late', () => {
    expect(isOverdue({ ...weekly, status: 'suspendue' }, parisNoon('2026-12-30'))).toBe(false);
    expect(daysOverdue({ ...weekly, status: 'terminee' }, parisNoon('2026-12-30'))).toBe(0);
  });
  it('a programme never visited is late from the day after its start', () => {
    const fresh: ProgrammeLike = { ...weekly, lastVisitOn: null, startsOn: '2026-11-20' };
    expect(isOverdue(fresh, parisNoon('2026-11-20'))).toBe(false);
    expect(isOverdue(fresh, parisNoon('2026-11-21'))).toBe(true);
  });
});

describe('dueStatus and the volunteer’s agenda', () => {
  it('late, today, this week (to Sunday), later', () => {
    const today = '2026-11-25'; // Wednesday
    expect(dueStatus('2026-11-24', today)).toBe('en_retard');
    expect(dueStatus('2026-11-25', today)).toBe('aujourdhui');
    expect(dueStatus('2026-11-29', today)).toBe('cette_semaine');
    expect(dueStatus('2026-11-30', today)).toBe('plus_tard');
  });
  it('« Mes visites » lists what is late, today and this week, in due order, active programmes only', () => {
    const p = (id: number, lastVisitOn: string | null, status: ProgrammeLike['status'] = 'active') => ({
      id: uuid(id),
      recurrence: 'semaine' as const,
      status,
      startsOn: '2026-11-01',
      lastVisitOn,
    });
    const agenda = visitAgenda(
      [
        p(1, '2026-11-20'), // due 27/11: this week
        p(2, '2026-11-10'), // due 17/11: late
        p(3, '2026-11-25'), // due 02/12: later
        p(4, '2026-11-18'), // due 25/11: today
        p(5, '2026-11-10', 'suspendue'),
        p(6, '2026-11-20'), // same day as 1
      ],
      parisNoon('2026-11-25'),
    );
    expect(agenda.map((a) => [a.programme.id, a.due, a.status])).toEqual([
      [uuid(2), '2026-11-17', 'en_retard'],
      [uuid(4), '2026-11-25', 'aujourdhui'],
      [uuid(1), '2026-11-27', 'cette_semaine'],
      [uuid(6), '2026-11-27', 'cette_semaine'],
    ]);
    // With the later ones (an extra visit can be logged): they follow, still active only.
    const all = visitAgenda(
      [p(3, '2026-11-25'), p(2, '2026-11-10'), p(5, '2026-11-25', 'terminee')],
      parisNoon('2026-11-25'),
      { includeLater: true },
    );
    expect(all.map((a) => [a.programme.id, a.due, a.status])).toEqual([
      [uuid(2), '2026-11-17', 'en_retard'],
      [uuid(3), '2026-12-02', 'plus_tard'],
    ]);
  });
});

describe('visitorLoads', () => {
  it('counts active programmes, expected visits per month and late ones per visitor', () => {
    const now = parisNoon('2026-11-25');
    const loads = visitorLoads(
      [
        {
          visitorUserIds: ['a', 'b'],
          recurrence: 'semaine',
          status: 'active',
          startsOn: '2026-11-01',
          lastVisitOn: '2026-11-10',
        },
        {
          visitorUserIds: ['a'],
          recurrence: 'deux_semaines',
          status: 'active',
          startsOn: '2026-11-01',
          lastVisitOn: '2026-11-20',
        },
        {
          visitorUserIds: ['b'],
          recurrence: 'mois',
          status: 'active',
          startsOn: '2026-11-01',
          lastVisitOn: '2026-11-20',
        },
        { visitorUserIds: ['c'], recurrence: 'semaine', status: 'terminee', startsOn: '2026-11-01', lastVisitOn: null },
      ],
      now,
      ['c', 'd'],
    );
    expect(loads).toEqual([
      { userId: 'a', programmes: 2, visitsPerMonth: 6.5, overdue: 1 },
      { userId: 'b', programmes: 2, visitsPerMonth: 5.3, overdue: 1 },
      { userId: 'c', programmes: 0, visitsPerMonth: 0, overdue: 0 },
      { userId: 'd', programmes: 0, visitsPerMonth: 0, overdue: 0 },
    ]);
  });
  it('a visitor listed twice in one programme counts once', () => {
    const loads = visitorLoads(
      [{ visitorUserIds: ['a', 'a'], recurrence: 'mois', status: 'active', startsOn: '2026-11-01', lastVisitOn: null }],
      parisNoon('2026-11-01'),
    );
    expect(loads).toEqual([{ userId: 'a', programmes: 1, visitsPerMonth: 1, overdue: 0 }]);
  });
});
