import { parisDate, VISIT_CARD_FIELDS } from '@ensemblier/shared';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, inTerritory, type Browser } from './harness.ts';
import { CIAS_ORG, newPerson, setupWorld, type World } from './referrals-helpers.ts';

/** Visit programmes and the visit log (issue 7): the volunteer's restricted view, idempotent sync, alerts. */

let w: World;
let volunteer2: Browser;
let volunteer2Id: string;
let volunteerId: string;
let jeanneId: string;
let marcelId: string;
let programmeJeanne: string;
let programmeMarcel: string;

const DAY = 86_400_000;

const REGISTRATION = {
  requestedBy: 'personne' as const,
  consentMode: 'oral' as const,
  consentOn: '2026-01-12',
  situation: 'age_65' as const,
  isole: true,
  adresse: '12 rue des Tilleuls',
  communeInsee: '34145',
  secteur: 'Centre',
  batiment: 'B',
  etage: '3',
  digicode: '4512A',
  cles: 'Clé chez Mme Voisine-Secrète',
  accesNotes: 'Sonner longtemps',
  telephones: [{ numero: '0467112233', type: 'fixe' as const }],
  contactsUrgence: [{ nom: 'Fille Urgence-Secrète', lien: 'fille', telephone: '0698765432' }],
  medecin: { nom: 'Dr Médecin-Secret', telephone: '0467000000' },
  servicesDomicile: [],
};

const visitsOf = (clientId: string) =>
  inTerritory(w.h, (tx) => tx<{ id: string }[]>`SELECT id FROM visit WHERE client_id = ${clientId}`);

function visit(personId: string, overrides: Record<string, unknown> = {}) {
  return {
    clientId: randomUUID(),
    personId,
    kind: 'visite' as const,
    outcome: 'realisee' as const,
    occurredAt: w.h.clock.now(),
    durationMinutes: 30,
    mood: 4 as const,
    needs: [],
    note: null,
    situationPreoccupante: false,
    ...overrides,
  };
}

beforeAll(async () => {
  w = await setupWorld();
  const admin = await w.h.as('admin@demo.ensemblier.fr');
  await admin.trpc.admin.members.invite.mutate({
    organisationId: w.orgs[CIAS_ORG]!,
    email: 'second.benevole@exemple.fr',
    name: 'Second Bénévole',
    role: 'volunteer',
  });
  await w.h.runJobs();
  const [mail] = await w.h.db
    .app`SELECT text_body FROM dev_mail WHERE to_address = 'second.benevole@exemple.fr' ORDER BY id DESC`;
  const token = /\/invitation\/([a-z2-7]+)/.exec(mail!.text_body)![1]!;
  const anonymous = w.h.browser();
  await anonymous.trpc.auth.acceptInvitation.mutate({
    token,
    password: 'un mot de passe long',
    passwordConfirmation: 'un mot de passe long',
  });
  volunteer2 = w.h.browser();
  await volunteer2.login('second.benevole@exemple.fr', 'un mot de passe long');
  const users = await inTerritory(
    w.h,
    (tx) => tx<{ id: string; email: string }[]>`SELECT id, email FROM app_user
      WHERE email IN ('benevole@demo.ensemblier.fr', 'second.benevole@exemple.fr')`,
  );
  volunteerId = users.find((u) => u.email === 'benevole@demo.ensemblier.fr')!.id;
  volunteer2Id = users.find((u) => u.email === 'second.benevole@exemple.fr')!.id;

  jeanneId = await newPerson(w.coordination, { nom: 'Visitenom', prenom: 'Jeanne' });
  marcelId = await newPerson(w.coordination, { nom: 'Autrevisite', prenom: 'Marcel' });
  for (const personId of [jeanneId, marcelId])
    await w.coordination.trpc.visits.register.create.mutate({ ...REGISTRATION, personId });
  const today = parisDate(w.h.clock.now());
  ({ programmeId: programmeJeanne } = await w.coordination.trpc.visits.programmes.create.mutate({
    personId: jeanneId,
    visitorUserIds: [volunteerId],
    recurrence: 'semaine',
    startsOn: today,
  }));
  ({ programmeId: programmeMarcel } = await w.coordination.trpc.visits.programmes.create.mutate({
    personId: marcelId,
    visitorUserIds: [volunteer2Id],
    recurrence: 'deux_semaines',
    startsOn: today,
  }));
});

afterAll(async () => {
  await w?.h.close();
});

describe('the volunteer reads only the persons assigned to them, and only the logistics card', () => {
  it('« Mes visites » holds exactly the card keys of the assigned person, nothing else', async () => {
    const mine = await w.volunteer.trpc.visits.mine.query();
    const items = mine.items.filter((i) => i.card.personId === jeanneId || i.card.personId === marcelId);
    expect(items.map((i) => i.card.personId)).toEqual([jeanneId]);
    const card = items[0]!.card;
    expect(Object.keys(card).sort()).toEqual([...VISIT_CARD_FIELDS].sort());
    expect(card).toMatchObject({
      nom: 'Visitenom',
      prenom: 'Jeanne',
      digicode: '4512A',
      accesNotes: 'Sonner longtemps',
    });
    expect(card.telephones).toEqual([{ numero: '0467112233', type: 'fixe' }]);
    const json = JSON.stringify(mine);
    for (const secret of ['Voisine-Secrète', 'Urgence-Secrète', 'Médecin-Secret', 'age_65', 'isole'])
      expect(json).not.toContain(secret);
    expect(items[0]).toMatchObject({ programmeId: programmeJeanne, status: 'aujourdhui' });

    const mine2 = await volunteer2.trpc.visits.mine.query();
    expect(mine2.items.map((i) => i.card.personId)).toEqual([marcelId]);

    const [audit] = await inTerritory(
      w.h,
      (tx) => tx<{ person_id: string }[]>`SELECT person_id FROM audit_event
        WHERE action = 'visits.card.read' AND user_id = ${volunteerId} AND person_id = ${jeanneId}`,
    );
    expect(audit?.person_id).toBe(jeanneId);
  });

  it('through every other procedure the volunteer gets NOT_FOUND or FORBIDDEN, even for their own person', async () => {
    const t = w.volunteer.trpc;
    for (const personId of [jeanneId, marcelId]) {
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(await codeOf(t.persons.get.query({ personId })));
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(await codeOf(t.persons.timeline.list.query({ personId })));
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(await codeOf(t.persons.situation.get.query({ personId })));
      expect(await codeOf(t.visits.register.forPerson.query({ personId }))).toBe('FORBIDDEN');
    }
    expect(await codeOf(t.visits.register.list.query({}))).toBe('FORBIDDEN');
    expect(await codeOf(t.visits.programmes.list.query({}))).toBe('FORBIDDEN');
    expect(await codeOf(t.visits.programmes.get.query({ programmeId: programmeJeanne }))).toBe('FORBIDDEN');
  });

  it('a volunteer of another programme gets NOT_FOUND when logging a visit for a person not assigned to them', async () => {
    expect(await codeOf(volunteer2.trpc.visits.log.mutate(visit(jeanneId)))).toBe('NOT_FOUND');
    expect(await codeOf(w.volunteer.trpc.visits.log.mutate(visit(marcelId)))).toBe('NOT_FOUND');
    expect(await codeOf(w.volunteer.trpc.visits.log.mutate(visit(jeanneId, { programmeId: programmeMarcel })))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('the visit log is idempotent by client id', () => {
  it('logging twice with the same client id leaves one row and answers the same record', async () => {
    const input = visit(jeanneId, { kind: 'appel', outcome: 'absente', mood: null });
    const first = await w.volunteer.trpc.visits.log.mutate(input);
    const second = await w.volunteer.trpc.visits.log.mutate(input);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ visitId: first.visitId, duplicate: true });
    expect(await visitsOf(input.clientId)).toHaveLength(1);
  });

  it('concurrent retries of the same record leave one row', async () => {
    const input = visit(jeanneId, { outcome: 'absente', mood: null });
    const results = await Promise.all([1, 2, 3, 4].map(() => w.volunteer.trpc.visits.log.mutate(input)));
    expect(new Set(results.map((r) => r.visitId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await visitsOf(input.clientId)).toHaveLength(1);
  });

  it('the same client id from another author is rejected and changes nothing', async () => {
    const input = visit(jeanneId, { outcome: 'absente', mood: null });
    await w.volunteer.trpc.visits.log.mutate(input);
    expect(await codeOf(volunteer2.trpc.visits.log.mutate({ ...input, personId: marcelId }))).toBe('CONFLICT');
    expect(await visitsOf(input.clientId)).toHaveLength(1);
  });
});

describe('a « situation préoccupante » alert', () => {
  it('reaches the coordinator at once (bell and mail without person data) and the timeline with CCAS visibility, once', async () => {
    const input = visit(jeanneId, {
      outcome: 'absente',
      mood: null,
      needs: ['chute'],
      note: 'Volets fermés depuis deux jours',
      situationPreoccupante: true,
    });
    await inTerritory(
      w.h,
      (tx) => tx`UPDATE app_user SET notification_pref = 'immediate' WHERE email = 'coordination@demo.ensemblier.fr'`,
    );
    await w.volunteer.trpc.visits.log.mutate(input);
    await w.volunteer.trpc.visits.log.mutate(input); // a retried sync: no second notification

    const notes = await w.coordination.trpc.notifications.list.query({});
    const alerts = notes.items.filter((n) => n.kind === 'visit_alert' && n.link === `/personnes/${jeanneId}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('Situation préoccupante signalée');
    expect(`${alerts[0]!.title} ${alerts[0]!.body}`).not.toContain('Visitenom');

    await w.h.runJobs(); // deliver_notifications queues send_mail…
    await w.h.runJobs(); // …which a second pass sends
    const mails = await w.h.db.app<{ subject: string; text_body: string }[]>`
      SELECT subject, text_body FROM dev_mail WHERE to_address = 'coordination@demo.ensemblier.fr'`;
    const alertMails = mails.filter((m) => m.text_body.includes('situation préoccupante'));
    expect(alertMails).toHaveLength(1);
    for (const m of alertMails) {
      expect(m.subject + m.text_body).not.toContain('Visitenom');
      expect(m.subject + m.text_body).not.toContain('Volets fermés');
    }

    const entries = await inTerritory(
      w.h,
      (tx) => tx<{ type: string; visibility: string; sensitive_category: string | null; body: string }[]>`
        SELECT type, visibility, sensitive_category, body FROM timeline_entry
        WHERE person_id = ${jeanneId} AND type = 'alerte'`,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ visibility: 'ccas', sensitive_category: 'sante' });
    expect(entries[0]!.body).toContain('Volets fermés depuis deux jours');
    const timeline = await w.coordination.trpc.persons.timeline.list.query({ personId: jeanneId });
    expect(JSON.stringify(timeline)).toContain('Situation préoccupante signalée');
  });
});

describe('programmes: who was visited when, who is overdue, each visitor’s load', () => {
  /** Sessions expire when the manual clock jumps: log in again. */
  async function relogin() {
    w.coordination = await w.h.as('coordination@demo.ensemblier.fr');
    w.volunteer = await w.h.as('benevole@demo.ensemblier.fr');
    volunteer2 = w.h.browser();
    await volunteer2.login('second.benevole@exemple.fr', 'un mot de passe long');
  }

  it('overdue follows the manual clock; an absence does not reset it, a visit done does', async () => {
    const start = w.h.clock.now();
    const find = async () => {
      const list = await w.coordination.trpc.visits.programmes.list.query({});
      return {
        jeanne: list.items.find((p) => p.id === programmeJeanne)!,
        marcel: list.items.find((p) => p.id === programmeMarcel)!,
        load: (id: string) => list.loads.find((l) => l.userId === id)!,
      };
    };
    let l = await find();
    // Only absences so far: due on the start date, not late on that day.
    expect(l.jeanne).toMatchObject({ lastVisitOn: null, overdue: false, dueOn: parisDate(start) });
    w.h.clock.advance(DAY);
    await relogin();
    l = await find();
    expect(l.jeanne).toMatchObject({ overdue: true, daysOverdue: 1 });
    expect(l.load(volunteerId)).toMatchObject({ programmes: 1, overdue: 1 });

    await w.volunteer.trpc.visits.log.mutate(visit(jeanneId));
    l = await find();
    expect(l.jeanne).toMatchObject({ lastVisitOn: parisDate(w.h.clock.now()), overdue: false });
    expect(l.load(volunteerId)).toMatchObject({ programmes: 1, overdue: 0, visitsPerMonth: 4.3 });
    expect(l.load(volunteer2Id)).toMatchObject({ programmes: 1, visitsPerMonth: 2.2 });

    w.h.clock.advance(8 * DAY);
    await relogin();
    l = await find();
    expect(l.jeanne).toMatchObject({ overdue: true, daysOverdue: 1 });

    const detail = await w.coordination.trpc.visits.programmes.get.query({ programmeId: programmeJeanne });
    expect(detail.visits.filter((v) => v.outcome === 'realisee')).toHaveLength(1);
    expect(detail.visits[0]!.visitor).toBeTruthy();
  });

  it('a coordinator suspends a programme: it leaves « Mes visites » and is never late', async () => {
    const { programme } = await w.coordination.trpc.visits.programmes.get.query({ programmeId: programmeJeanne });
    await w.coordination.trpc.visits.programmes.update.mutate({
      programmeId: programmeJeanne,
      version: programme.version,
      visitorUserIds: [volunteerId],
      recurrence: 'semaine',
      status: 'suspendue',
    });
    const list = await w.coordination.trpc.visits.programmes.list.query({});
    expect(list.items.find((p) => p.id === programmeJeanne)).toMatchObject({ status: 'suspendue', overdue: false });
    const mine = await w.volunteer.trpc.visits.mine.query();
    expect(mine.items.map((i) => i.card.personId)).not.toContain(jeanneId);
    expect(await codeOf(w.volunteer.trpc.visits.log.mutate(visit(jeanneId)))).toBe('NOT_FOUND');
  });

  it('a radiation from the register ends the person’s programmes: the visitor loses the card at once', async () => {
    expect((await volunteer2.trpc.visits.mine.query()).items.map((i) => i.card.personId)).toEqual([marcelId]);
    const { registrations } = await w.coordination.trpc.visits.register.forPerson.query({ personId: marcelId });
    const registration = registrations.find((r) => r.status === 'inscrite')!;
    await w.coordination.trpc.visits.register.optOut.mutate({
      registrationId: registration.id,
      reason: 'demenagement',
      on: registration.registeredOn,
    });
    const { programme } = await w.coordination.trpc.visits.programmes.get.query({ programmeId: programmeMarcel });
    expect(programme.status).toBe('terminee');
    expect((await volunteer2.trpc.visits.mine.query()).items).toEqual([]);
    expect(await codeOf(volunteer2.trpc.visits.log.mutate(visit(marcelId)))).toBe('NOT_FOUND');
  });

  it('only registered persons get a programme', async () => {
    const other = await newPerson(w.coordination, { nom: 'Noninscrit', prenom: 'Paul' });
    expect(
      await codeOf(
        w.coordination.trpc.visits.programmes.create.mutate({
          personId: other,
          visitorUserIds: [volunteerId],
          recurrence: 'mois',
          startsOn: parisDate(w.h.clock.now()),
        }),
      ),
    ).toBe('CONFLICT');
  });
});

describe('« Mes visites » also holds the persons not due yet', () => {
  it('a monthly programme visited today is « plus tard » and an extra visit can still be logged', async () => {
    const personId = await newPerson(w.coordination, { nom: 'Visiteplustard', prenom: 'Irène' });
    await w.coordination.trpc.visits.register.create.mutate({ ...REGISTRATION, personId });
    const { programmeId } = await w.coordination.trpc.visits.programmes.create.mutate({
      personId,
      visitorUserIds: [volunteer2Id],
      recurrence: 'mois',
      startsOn: parisDate(w.h.clock.now()),
    });
    await volunteer2.trpc.visits.log.mutate({ ...visit(personId), programmeId });
    const mine = await volunteer2.trpc.visits.mine.query();
    const item = mine.items.find((i) => i.card.personId === personId);
    expect(item).toMatchObject({ status: 'plus_tard', lastVisitOn: parisDate(w.h.clock.now()) });
    // Due ones come first.
    expect(mine.items.at(-1)?.status).toBe('plus_tard');
    const extra = await volunteer2.trpc.visits.log.mutate({ ...visit(personId), programmeId, kind: 'appel' });
    expect(extra.duplicate).toBe(false);
  });
});

describe('who is given visits (the menu shows « Visites » to them)', () => {
  it('counts the active programmes and open campaigns of the user, nothing for others', async () => {
    // Fresh sessions: the clock moved on in the tests above.
    const visitor = w.h.browser();
    await visitor.login('second.benevole@exemple.fr', 'un mot de passe long');
    const counts = await visitor.trpc.visits.assigned.query();
    expect(counts.programmes).toBeGreaterThanOrEqual(1);
    expect(counts.campaigns).toBe(0);
    const partner = await w.h.as('responsable.entraide@demo.ensemblier.fr');
    expect(await partner.trpc.visits.assigned.query()).toEqual({ programmes: 0, campaigns: 0 });
  });
});
