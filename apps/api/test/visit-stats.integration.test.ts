import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory } from './harness.ts';
import { newPerson, setupWorld, type World } from './referrals-helpers.ts';

/**
 * Visit statistics (issue 7). Visits are logged through `visits.log` at instants placed by the
 * manual clock in January and February 2027 (Paris calendar; one visit at 00:30 Paris on 1 February
 * falls in February although it is 31 January in UTC), alerts handled after a known delay; the
 * expected figures are counted by hand below.
 */

let w: World;
let volunteerId: string;
let coordinatorId: string;
let personA: string;
let personB: string;
const MIN = 60_000;

const REGISTRATION = {
  requestedBy: 'personne' as const,
  consentMode: 'oral' as const,
  consentOn: '2026-01-12',
  situation: 'age_65' as const,
  isole: true,
  adresse: '7 rue des Statistiques',
  communeInsee: '34145',
  telephones: [],
  contactsUrgence: [],
  servicesDomicile: [],
};

/** The manual clock jumps: sessions expire, log in again. */
async function at(instant: string) {
  w.h.clock.set(new Date(instant));
  w.coordination = await w.h.as('coordination@demo.ensemblier.fr');
  w.volunteer = await w.h.as('benevole@demo.ensemblier.fr');
}

function record(personId: string, overrides: Record<string, unknown>) {
  return {
    clientId: randomUUID(),
    personId,
    kind: 'visite' as const,
    outcome: 'realisee' as const,
    occurredAt: w.h.clock.now(),
    durationMinutes: null,
    mood: null,
    needs: [],
    note: null,
    situationPreoccupante: false,
    ...overrides,
  };
}

const zero = {
  visits: 0,
  calls: 0,
  absent: 0,
  refused: 0,
  minutes: 0,
  persons: 0,
  alerts: 0,
  alertsHandled: 0,
  medianMinutesToHandle: null,
};

beforeAll(async () => {
  w = await setupWorld();
  await at('2027-01-15T10:00:00Z');
  const users = await inTerritory(
    w.h,
    (tx) => tx<{ id: string; email: string }[]>`SELECT id, email FROM app_user
      WHERE email IN ('benevole@demo.ensemblier.fr', 'coordination@demo.ensemblier.fr')`,
  );
  volunteerId = users.find((u) => u.email.startsWith('benevole'))!.id;
  coordinatorId = users.find((u) => u.email.startsWith('coordination'))!.id;
  personA = await newPerson(w.coordination, { nom: 'Statnoma', prenom: 'Alice' });
  personB = await newPerson(w.coordination, { nom: 'Statnomb', prenom: 'Bernard' });
  for (const personId of [personA, personB])
    await w.coordination.trpc.visits.register.create.mutate({ ...REGISTRATION, personId });
  await w.coordination.trpc.visits.programmes.create.mutate({
    personId: personA,
    visitorUserIds: [volunteerId],
    recurrence: 'semaine',
    startsOn: '2027-01-15',
  });
  // The coordinator visits B herself, as a CCAS agent.
  await w.coordination.trpc.visits.programmes.create.mutate({
    personId: personB,
    visitorUserIds: [coordinatorId],
    recurrence: 'mois',
    startsOn: '2027-01-15',
  });

  // 15 January 2027, 11:00 Paris.
  const v = w.volunteer.trpc.visits.log;
  const c = w.coordination.trpc.visits.log;
  await v.mutate(record(personA, { durationMinutes: 45, mood: 4 }));
  await v.mutate(record(personA, { outcome: 'absente' }));
  await v.mutate(record(personA, { kind: 'appel', durationMinutes: 15, mood: 3 }));
  const { visitId: januaryAlert } = await c.mutate(
    record(personB, { durationMinutes: 60, mood: 2, needs: ['sante'], situationPreoccupante: true }),
  );
  // Handled two hours after it was received.
  await at('2027-01-15T12:00:00Z');
  await w.coordination.trpc.visits.alerts.handle.mutate({ visitId: januaryAlert, note: 'Médecin prévenu.' });

  // 10 February 2027: records synced late, on both sides of the Paris month boundary.
  await at('2027-02-10T10:00:00Z');
  // 31 January 23:30 Paris (22:30 UTC): January.
  await w.coordination.trpc.visits.log.mutate(
    record(personB, { durationMinutes: 30, mood: 4, occurredAt: new Date('2027-01-31T22:30:00Z') }),
  );
  // 1 February 00:30 Paris (31 January 23:30 UTC): February.
  await w.volunteer.trpc.visits.log.mutate(
    record(personA, { durationMinutes: 30, mood: 5, occurredAt: new Date('2027-01-31T23:30:00Z') }),
  );
  const { visitId: februaryAlert } = await w.volunteer.trpc.visits.log.mutate(
    record(personA, { outcome: 'absente', note: 'Volets fermés', situationPreoccupante: true }),
  );
  await w.coordination.trpc.visits.log.mutate(
    record(personB, { kind: 'appel', outcome: 'refusee', durationMinutes: 10 }),
  );
  // Handled thirty minutes after it was received.
  w.h.clock.advance(30 * MIN);
  await w.coordination.trpc.visits.alerts.handle.mutate({
    visitId: februaryAlert,
    note: 'Voisine passée, tout va bien.',
  });

  await at('2027-03-05T10:00:00Z');
});

afterAll(async () => {
  await w?.h.close();
});

const JANUARY = {
  visits: 3, // A 45 min, B 60 min (alert), B 30 min on 31 January 23:30 Paris
  calls: 1, // A 15 min
  absent: 1,
  refused: 0,
  minutes: 150, // 45 + 15 + 60 + 30
  persons: 2,
  alerts: 1,
  alertsHandled: 1,
  medianMinutesToHandle: 120,
};
const FEBRUARY = {
  visits: 1, // A 30 min on 1 February 00:30 Paris
  calls: 0,
  absent: 1, // the alert with no answer
  refused: 1, // B's call, 10 min
  minutes: 40,
  persons: 1, // A (B only refused)
  alerts: 1,
  alertsHandled: 1,
  medianMinutesToHandle: 30,
};

describe('visit statistics per month, in total and per visitor', () => {
  it('counts each month of the Paris calendar, with empty months at zero', async () => {
    const s = await w.coordination.trpc.visits.stats.query({ from: '2027-01', to: '2027-03' });
    expect(s.period).toEqual({ from: '2027-01', to: '2027-03' });
    expect(s.months).toEqual([
      { month: '2027-01', ...JANUARY },
      { month: '2027-02', ...FEBRUARY },
      { month: '2027-03', ...zero },
    ]);
  });

  it('totals the period: distinct persons over the period, the median time to handle over every handled alert', async () => {
    const s = await w.coordination.trpc.visits.stats.query({ from: '2027-01', to: '2027-03' });
    expect(s.total).toEqual({
      visits: 4,
      calls: 1,
      absent: 2,
      refused: 1,
      minutes: 190,
      persons: 2, // not 3 = 2 + 1
      alerts: 2,
      alertsHandled: 2,
      medianMinutesToHandle: 75, // median of 120 and 30
    });
  });

  it('gives each visitor’s totals', async () => {
    const s = await w.coordination.trpc.visits.stats.query({ from: '2027-01', to: '2027-03' });
    expect(s.visitors).toEqual([
      {
        userId: coordinatorId,
        name: 'Karim Coordinateur',
        visits: 2,
        calls: 0,
        absent: 0,
        refused: 1,
        minutes: 100, // 60 + 30 + 10
        persons: 1,
        alerts: 1,
        alertsHandled: 1,
        medianMinutesToHandle: 120,
      },
      {
        userId: volunteerId,
        name: 'Paul Bénévole',
        visits: 2,
        calls: 1,
        absent: 2,
        refused: 0,
        minutes: 90, // 45 + 15 + 30
        persons: 1,
        alerts: 1,
        alertsHandled: 1,
        medianMinutesToHandle: 30,
      },
    ]);
  });

  it('a period of one month counts only that month; the default is the last 12 months', async () => {
    const feb = await w.coordination.trpc.visits.stats.query({ from: '2027-02', to: '2027-02' });
    expect(feb.months).toEqual([{ month: '2027-02', ...FEBRUARY }]);
    expect(feb.total).toEqual(FEBRUARY);
    const def = await w.coordination.trpc.visits.stats.query({});
    expect(def.period).toEqual({ from: '2026-04', to: '2027-03' });
    expect(def.months).toHaveLength(12);
    expect(def.total.visits).toBe(4);
  });

  it('refuses a period that ends before it starts, or longer than 36 months (French error on the field)', async () => {
    const err = await failure(w.coordination.trpc.visits.stats.query({ from: '2027-03', to: '2027-01' }));
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.data?.fieldErrors?.to).toContain('après le mois de début');
    const long = await failure(w.coordination.trpc.visits.stats.query({ from: '2020-01', to: '2027-01' }));
    expect(long.data?.fieldErrors?.to).toContain('36 mois');
    const bad = await failure(w.coordination.trpc.visits.stats.query({ from: '2027-13' }));
    expect(bad.data?.fieldErrors?.from).toContain('AAAA-MM');
  });

  it('is for coordinators and admins only', async () => {
    const admin = await w.h.as('admin@demo.ensemblier.fr');
    expect((await admin.trpc.visits.stats.query({ from: '2027-01', to: '2027-01' })).total).toEqual(JANUARY);
    expect(await codeOf(w.volunteer.trpc.visits.stats.query({}))).toBe('FORBIDDEN');
    const ssiad = await w.h.as('responsable.ssiad@demo.ensemblier.fr');
    expect(await codeOf(ssiad.trpc.visits.stats.query({}))).toBe('FORBIDDEN');
    expect(await codeOf(ssiad.trpc.visits.statsCsv.query({}))).toBe('FORBIDDEN');
  });
});

describe('the CSV export', () => {
  it('per month: BOM, « ; », French headers, a total line; audited', async () => {
    const file = await w.coordination.trpc.visits.statsCsv.query({ from: '2027-01', to: '2027-03' });
    expect(file.fileName).toBe('statistiques-visites-mois-2027-01-2027-03.csv');
    expect(file.mimeType).toContain('text/csv');
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'Mois;Visites faites;Appels faits;Absences;Refus;Heures de visite;Personnes visitées;Alertes signalées;Alertes traitées;Délai médian de traitement (minutes)',
      'janvier 2027;3;1;1;0;2,5;2;1;1;120',
      'février 2027;1;0;1;1;0,7;1;1;1;30',
      'mars 2027;0;0;0;0;0;0;0;0;',
      'Total de la période;4;1;2;1;3,2;2;2;2;75',
    ]);
    const [audit] = await inTerritory(
      w.h,
      (tx) => tx<{ details: { from: string; table: string } }[]>`SELECT details FROM audit_event
        WHERE action = 'visits.stats.export' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit?.details).toMatchObject({ from: '2027-01', table: 'mois' });
  });

  it('per visitor', async () => {
    const file = await w.coordination.trpc.visits.statsCsv.query({
      from: '2027-01',
      to: '2027-03',
      table: 'visiteurs',
    });
    const lines = Buffer.from(file.contentBase64, 'base64').toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('Visiteur;Visites faites;')).toBe(true);
    expect(lines.slice(1)).toEqual(['Karim Coordinateur;2;0;0;1;1,7;1;1;1;120', 'Paul Bénévole;2;1;2;0;1,5;1;1;1;30']);
  });
});
