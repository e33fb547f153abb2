import { parisDate } from '@ensemblier/shared';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory } from './harness.ts';
import { newPerson, setupWorld, type World } from './referrals-helpers.ts';

/** The coordinator's programme screens (issue 7): filters, pagination, candidates, one programme per person. */

let w: World;
let volunteerId: string;
let coordinatorId: string;
let infirmierId: string;
const DAY = 86_400_000;

const REGISTRATION = {
  requestedBy: 'personne' as const,
  consentMode: 'oral' as const,
  consentOn: '2026-01-12',
  situation: 'age_65' as const,
  isole: true,
  adresse: '3 rue des Programmes',
  communeInsee: '34145',
  telephones: [{ numero: '0467112233', type: 'fixe' as const }],
  contactsUrgence: [],
  servicesDomicile: [],
};

async function registered(nom: string, prenom = 'Test'): Promise<string> {
  const personId = await newPerson(w.coordination, { nom, prenom });
  await w.coordination.trpc.visits.register.create.mutate({ ...REGISTRATION, personId });
  return personId;
}

const today = () => parisDate(w.h.clock.now());

beforeAll(async () => {
  w = await setupWorld();
  const users = await inTerritory(
    w.h,
    (tx) => tx<{ id: string; email: string }[]>`SELECT id, email FROM app_user WHERE email IN
      ('benevole@demo.ensemblier.fr', 'coordination@demo.ensemblier.fr', 'infirmier.ssiad@demo.ensemblier.fr')`,
  );
  const id = (e: string) => users.find((u) => u.email === `${e}@demo.ensemblier.fr`)!.id;
  volunteerId = id('benevole');
  coordinatorId = id('coordination');
  infirmierId = id('infirmier.ssiad');
});

afterAll(async () => {
  await w?.h.close();
});

describe('« Nouveau programme »: the candidates', () => {
  it('offers the registered persons without a programme in force, and the volunteers and the CCAS’s agents with their load', async () => {
    const free = await registered('Candidatelibre', 'Rose');
    const taken = await registered('Candidatepris', 'Louis');
    const unregistered = await newPerson(w.coordination, { nom: 'Noninscritcandidat', prenom: 'Léa' });
    await w.coordination.trpc.visits.programmes.create.mutate({
      personId: taken,
      visitorUserIds: [volunteerId],
      recurrence: 'semaine',
      startsOn: today(),
    });
    const c = await w.coordination.trpc.visits.programmes.candidates.query({});
    const ids = c.persons.map((p) => p.personId);
    expect(ids).toContain(free);
    expect(ids).not.toContain(taken);
    expect(ids).not.toContain(unregistered);
    expect(c.persons.find((p) => p.personId === free)).toMatchObject({ nom: 'Candidatelibre', prenom: 'Rose' });

    const volunteer = c.visitors.find((v) => v.userId === volunteerId);
    expect(volunteer).toMatchObject({ name: 'Paul Bénévole', volunteer: true, programmes: 1, visitsPerMonth: 4.3 });
    expect(c.visitors.find((v) => v.userId === coordinatorId)).toMatchObject({ volunteer: false, programmes: 0 });
    // A partner's worker is not one of the CCAS's agents.
    expect(c.visitors.map((v) => v.userId)).not.toContain(infirmierId);
    // Volunteers first.
    expect(c.visitors[0]!.volunteer).toBe(true);
  });

  it('refuses as a visitor a partner’s worker the candidates do not offer (field error, nothing written)', async () => {
    const personId = await registered('Visiteurrefuse', 'Marthe');
    const f = await failure(
      w.coordination.trpc.visits.programmes.create.mutate({
        personId,
        visitorUserIds: [infirmierId],
        recurrence: 'semaine',
        startsOn: today(),
      }),
    );
    expect(f.data?.code).toBe('BAD_REQUEST');
    expect(f.data?.fieldErrors?.visitorUserIds).toBe('Choisissez des bénévoles ou agents actifs de votre territoire.');
    const rows = await inTerritory(w.h, (tx) => tx`SELECT 1 FROM visit_programme WHERE person_id = ${personId}`);
    expect(rows).toHaveLength(0);
  });

  it('with ?personne=: says whether the person is registered and gives their programme in force', async () => {
    const free = await registered('Prefillnom', 'Anne');
    let c = await w.coordination.trpc.visits.programmes.candidates.query({ personId: free });
    expect(c.person).toEqual({
      personId: free,
      nom: 'Prefillnom',
      prenom: 'Anne',
      registered: true,
      programmeId: null,
    });
    const { programmeId } = await w.coordination.trpc.visits.programmes.create.mutate({
      personId: free,
      visitorUserIds: [volunteerId, coordinatorId],
      recurrence: 'mois',
      startsOn: today(),
    });
    c = await w.coordination.trpc.visits.programmes.candidates.query({ personId: free });
    expect(c.person?.programmeId).toBe(programmeId);
    const unregistered = await newPerson(w.coordination, { nom: 'Pasinscrit', prenom: 'Jean' });
    c = await w.coordination.trpc.visits.programmes.candidates.query({ personId: unregistered });
    expect(c.person).toMatchObject({ registered: false, programmeId: null });
    expect(await codeOf(w.coordination.trpc.visits.programmes.candidates.query({ personId: randomUUID() }))).toBe(
      'NOT_FOUND',
    );
  });

  it('a second programme for a person who has one in force is refused', async () => {
    const personId = await registered('Doublonprog', 'Yves');
    const input = { personId, visitorUserIds: [volunteerId], recurrence: 'semaine' as const, startsOn: today() };
    await w.coordination.trpc.visits.programmes.create.mutate(input);
    const err = await failure(w.coordination.trpc.visits.programmes.create.mutate(input));
    expect(err.data?.code).toBe('CONFLICT');
    expect(err.message).toContain('déjà un programme');
    const rows = await inTerritory(w.h, (tx) => tx`SELECT id FROM visit_programme WHERE person_id = ${personId}`);
    expect(rows).toHaveLength(1);
  });

  it('nobody but a coordinator gets the candidates', async () => {
    expect(await codeOf(w.volunteer.trpc.visits.programmes.candidates.query({}))).toBe('FORBIDDEN');
    expect(await codeOf(w.ssiad.trpc.visits.programmes.candidates.query({}))).toBe('FORBIDDEN');
  });
});

describe('the programmes list: filters and pagination', () => {
  it('filters by visitor, status and lateness; late programmes come first', async () => {
    const late = await registered('Filtreretard', 'Eve');
    const onTime = await registered('Filtreheure', 'Max');
    const { programmeId: lateId } = await w.coordination.trpc.visits.programmes.create.mutate({
      personId: late,
      visitorUserIds: [coordinatorId],
      recurrence: 'semaine',
      startsOn: parisDate(new Date(w.h.clock.now().getTime() - 3 * DAY)),
    });
    const { programmeId: onTimeId } = await w.coordination.trpc.visits.programmes.create.mutate({
      personId: onTime,
      visitorUserIds: [coordinatorId],
      recurrence: 'mois',
      startsOn: today(),
    });
    const byCoordinator = await w.coordination.trpc.visits.programmes.list.query({ visitorUserId: coordinatorId });
    const ids = byCoordinator.items.map((p) => p.id);
    expect(ids).toContain(lateId);
    expect(ids).toContain(onTimeId);
    expect(byCoordinator.items.every((p) => p.visitors.some((v) => v.userId === coordinatorId))).toBe(true);
    expect(ids.indexOf(lateId)).toBeLessThan(ids.indexOf(onTimeId));
    expect(byCoordinator.items.find((p) => p.id === lateId)).toMatchObject({ overdue: true, daysOverdue: 3 });

    const overdue = await w.coordination.trpc.visits.programmes.list.query({ overdue: true });
    expect(overdue.items.map((p) => p.id)).toContain(lateId);
    expect(overdue.items.every((p) => p.overdue)).toBe(true);
    expect(overdue.total).toBe(overdue.items.length);

    const { programme } = await w.coordination.trpc.visits.programmes.get.query({ programmeId: onTimeId });
    await w.coordination.trpc.visits.programmes.update.mutate({
      programmeId: onTimeId,
      version: programme.version,
      visitorUserIds: [coordinatorId],
      recurrence: 'mois',
      status: 'terminee',
    });
    const ended = await w.coordination.trpc.visits.programmes.list.query({ status: 'terminee' });
    expect(ended.items.map((p) => p.id)).toEqual([onTimeId]);
    const active = await w.coordination.trpc.visits.programmes.list.query({ status: 'active' });
    expect(active.items.map((p) => p.id)).not.toContain(onTimeId);
    // A stale version is refused (optimistic locking).
    expect(
      await codeOf(
        w.coordination.trpc.visits.programmes.update.mutate({
          programmeId: onTimeId,
          version: programme.version,
          visitorUserIds: [coordinatorId],
          recurrence: 'semaine',
          status: 'active',
        }),
      ),
    ).toBe('CONFLICT');
    // Unknown visitor: an empty list, not an error.
    const none = await w.coordination.trpc.visits.programmes.list.query({ visitorUserId: randomUUID() });
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('paginates: page 2 holds what page 1 could not', async () => {
    const first = await w.coordination.trpc.visits.programmes.list.query({});
    const missing = first.pageSize + 1 - first.total;
    for (let i = 0; i < missing; i++) {
      const personId = await registered(`Paginationnom${'abcdefghijklmnopqrstuvwxyz'[i % 26]}`, `P${i}`);
      await w.coordination.trpc.visits.programmes.create.mutate({
        personId,
        visitorUserIds: [volunteerId],
        recurrence: 'deux_semaines',
        startsOn: today(),
      });
    }
    const page1 = await w.coordination.trpc.visits.programmes.list.query({ page: 1 });
    const page2 = await w.coordination.trpc.visits.programmes.list.query({ page: 2 });
    expect(page1.total).toBe(page1.pageSize + 1);
    expect(page1.items).toHaveLength(page1.pageSize);
    expect(page2.items).toHaveLength(1);
    expect(page1.items.map((p) => p.id)).not.toContain(page2.items[0]!.id);
  });
});
