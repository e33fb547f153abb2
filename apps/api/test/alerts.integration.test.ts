import { parisDate } from '@ensemblier/shared';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory } from './harness.ts';
import { newPerson, setupWorld, type World } from './referrals-helpers.ts';

/** The follow-up of « situation préoccupante » alerts (issue 7): list, mark handled with a note, once. */

let w: World;
let volunteerId: string;
let personId: string;
let programmeId: string;

const REGISTRATION = {
  requestedBy: 'personne' as const,
  consentMode: 'oral' as const,
  consentOn: '2026-01-12',
  situation: 'age_65' as const,
  isole: true,
  adresse: '5 rue des Alertes',
  communeInsee: '34145',
  telephones: [],
  contactsUrgence: [],
  servicesDomicile: [],
};

function visit(overrides: Record<string, unknown> = {}) {
  return {
    clientId: randomUUID(),
    personId,
    kind: 'visite' as const,
    outcome: 'realisee' as const,
    occurredAt: w.h.clock.now(),
    durationMinutes: 30,
    mood: 2 as const,
    needs: [],
    note: null,
    situationPreoccupante: false,
    ...overrides,
  };
}

const alertVisit = (note: string) =>
  visit({ outcome: 'absente', mood: null, needs: ['sante', 'courses'], note, situationPreoccupante: true });

beforeAll(async () => {
  w = await setupWorld();
  const [u] = await inTerritory(
    w.h,
    (tx) => tx<{ id: string }[]>`SELECT id FROM app_user WHERE email = 'benevole@demo.ensemblier.fr'`,
  );
  volunteerId = u!.id;
  personId = await newPerson(w.coordination, { nom: 'Alertenom', prenom: 'Simone' });
  await w.coordination.trpc.visits.register.create.mutate({ ...REGISTRATION, personId });
  ({ programmeId } = await w.coordination.trpc.visits.programmes.create.mutate({
    personId,
    visitorUserIds: [volunteerId],
    recurrence: 'semaine',
    startsOn: parisDate(w.h.clock.now()),
  }));
});

afterAll(async () => {
  await w?.h.close();
});

describe('the alerts list', () => {
  it('lists the open alerts with the person, the visitor, the date, the needs and the note — not the other visits', async () => {
    const { visitId } = await w.volunteer.trpc.visits.log.mutate(alertVisit('Volets fermés, pas de réponse'));
    const { visitId: plain } = await w.volunteer.trpc.visits.log.mutate(visit());
    const list = await w.coordination.trpc.visits.alerts.list.query({});
    const ids = list.items.map((a) => a.visitId);
    expect(ids).toContain(visitId);
    expect(ids).not.toContain(plain);
    expect(list.items.find((a) => a.visitId === visitId)).toMatchObject({
      personId,
      nom: 'Alertenom',
      prenom: 'Simone',
      programmeId,
      visitor: 'Paul Bénévole',
      outcome: 'absente',
      needs: ['courses', 'sante'],
      note: 'Volets fermés, pas de réponse',
      handledAt: null,
      handledBy: null,
    });
    expect(list.open).toBeGreaterThanOrEqual(1);
    const [audit] = await inTerritory(
      w.h,
      (tx) => tx<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'visits.alert.list'`,
    );
    expect(audit!.n).toBeGreaterThanOrEqual(1);
  });

  it('is for coordinators only', async () => {
    expect(await codeOf(w.volunteer.trpc.visits.alerts.list.query({}))).toBe('FORBIDDEN');
    expect(await codeOf(w.ssiad.trpc.visits.alerts.list.query({}))).toBe('FORBIDDEN');
  });
});

describe('marking an alert handled', () => {
  it('requires a note saying what was done (French error on the field)', async () => {
    const { visitId } = await w.volunteer.trpc.visits.log.mutate(alertVisit('Chute dans l’escalier'));
    const err = await failure(w.coordination.trpc.visits.alerts.handle.mutate({ visitId, note: '   ' }));
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.data?.fieldErrors?.note).toContain('Indiquez ce qui a été fait');
    const [row] = await inTerritory(w.h, (tx) => tx`SELECT alert_handled_at FROM visit WHERE id = ${visitId}`);
    expect(row!.alert_handled_at).toBeNull();
  });

  it('records who, when and the note, audited; the alert leaves the open list and appears with its follow-up', async () => {
    const { visitId } = await w.volunteer.trpc.visits.log.mutate(alertVisit('Ne mange plus'));
    const answer = await w.coordination.trpc.visits.alerts.handle.mutate({
      visitId,
      note: 'Appel à la fille, passage du SSIAD demandé.',
    });
    expect(new Date(answer.handledAt).getTime()).toBe(w.h.clock.now().getTime());
    const open = await w.coordination.trpc.visits.alerts.list.query({ state: 'ouvertes' });
    expect(open.items.map((a) => a.visitId)).not.toContain(visitId);
    const handled = await w.coordination.trpc.visits.alerts.list.query({ state: 'traitees' });
    expect(handled.items.find((a) => a.visitId === visitId)).toMatchObject({
      handledBy: 'Karim Coordinateur',
      followUpNote: 'Appel à la fille, passage du SSIAD demandé.',
    });
    expect(handled.items.every((a) => a.handledAt !== null)).toBe(true);
    const [audit] = await inTerritory(
      w.h,
      (tx) => tx<{ person_id: string }[]>`SELECT person_id FROM audit_event
        WHERE action = 'visits.alert.handle' AND object_id = ${visitId}`,
    );
    expect(audit?.person_id).toBe(personId);
    // The programme's history shows it handled.
    const detail = await w.coordination.trpc.visits.programmes.get.query({ programmeId });
    expect(detail.visits.find((v) => v.id === visitId)?.alertHandledAt).not.toBeNull();
  });

  it('only once: a second handling is refused and does not overwrite the first note', async () => {
    const { visitId } = await w.volunteer.trpc.visits.log.mutate(alertVisit('Semble désorientée'));
    await w.coordination.trpc.visits.alerts.handle.mutate({ visitId, note: 'Première note' });
    const err = await failure(w.coordination.trpc.visits.alerts.handle.mutate({ visitId, note: 'Seconde note' }));
    expect(err.data?.code).toBe('CONFLICT');
    expect(err.message).toContain('déjà été traitée par Karim Coordinateur');
    const [row] = await inTerritory(w.h, (tx) => tx`SELECT alert_follow_up_note FROM visit WHERE id = ${visitId}`);
    expect(row!.alert_follow_up_note).toBe('Première note');
  });

  it('two coordinators at the same time: one wins, the other gets CONFLICT', async () => {
    const { visitId } = await w.volunteer.trpc.visits.log.mutate(alertVisit('Fuite d’eau'));
    const second = await w.h.as('coordination@demo.ensemblier.fr');
    const results = await Promise.allSettled([
      w.coordination.trpc.visits.alerts.handle.mutate({ visitId, note: 'Note A' }),
      second.trpc.visits.alerts.handle.mutate({ visitId, note: 'Note B' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(await codeOf(Promise.reject(rejected.reason))).toBe('CONFLICT');
  });

  it('a visit without an alert, or an unknown id, is NOT_FOUND; a volunteer is FORBIDDEN', async () => {
    const { visitId } = await w.volunteer.trpc.visits.log.mutate(visit());
    expect(await codeOf(w.coordination.trpc.visits.alerts.handle.mutate({ visitId, note: 'x' }))).toBe('NOT_FOUND');
    expect(await codeOf(w.coordination.trpc.visits.alerts.handle.mutate({ visitId: randomUUID(), note: 'x' }))).toBe(
      'NOT_FOUND',
    );
    const { visitId: alert } = await w.volunteer.trpc.visits.log.mutate(alertVisit('Bruits'));
    expect(await codeOf(w.volunteer.trpc.visits.alerts.handle.mutate({ visitId: alert, note: 'x' }))).toBe('FORBIDDEN');
  });
});
