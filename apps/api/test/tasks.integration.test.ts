import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisTime } from '../src/notifications/delivery.task.ts';
import { inactivityAlertsTask } from '../src/persons/inactivity.task.ts';
import { taskRemindersTask } from '../src/tasks/reminders.task.ts';
import { codeOf, failure, inTerritory, type Browser } from './harness.ts';
import {
  CLIC_SERVICE,
  ENTRAIDE_ORG,
  newPerson,
  sendReferral,
  setupWorld,
  SSIAD_ORG,
  SSIAD_SERVICE,
  taskOf,
  type World,
} from './referrals-helpers.ts';

const CLIC_ORG = 'CLIC Est Héraultais';
const CIAS_ORG = 'CIAS du Pays de Lunel';
const EVAL = ['autonomie-domicile--evaluation-plan-daide'];
const SOINS = ['autonomie-domicile--soins-infirmiers-a-domicile'];
const DAY = 86_400_000;

let w: World;
let users: Record<string, string>;
let today: string;

/** AAAA-MM-JJ plus n days. */
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** The instant of 7 h in Paris on that day (the daily jobs' hour). */
function sevenInParis(iso: string): Date {
  for (let h = 3; h <= 8; h++) {
    const d = new Date(`${iso}T0${h}:00:00Z`);
    const p = parisTime(d);
    if (p.date === iso && p.hour === 7) return d;
  }
  throw new Error(`no 7 h in Paris on ${iso}`);
}
/** The same instant, months later (calendar months, like PostgreSQL's interval). */
function plusMonths(at: Date, months: number): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
const userId = (email: string) => users[`${email}@demo.ensemblier.fr`]!;

/** A person created by Entraide, referred to the CLIC, which accepts (both in the group). */
async function personFollowedByEntraideAndClic(): Promise<string> {
  const personId = await newPerson(w.entraide);
  const referralId = await sendReferral(w.entraide, personId, w.services[CLIC_SERVICE]!, EVAL);
  const task = await taskOf(w.clic, referralId);
  await w.clic.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'accept' });
  return personId;
}

async function notifications(kind: string, userIdFilter?: string) {
  return inTerritory(
    w.h,
    (tx) => tx`SELECT user_id, dedupe_key, title, body, link FROM notification WHERE kind = ${kind}
      AND (${userIdFilter ?? null}::uuid IS NULL OR user_id = ${userIdFilter ?? null}::uuid) ORDER BY created_at, id`,
  );
}

beforeAll(async () => {
  w = await setupWorld();
  // A little after the real time: every write of the tests is then the file's latest activity.
  w.h.clock.set(new Date(Date.now() + 60_000));
  today = parisTime(w.h.clock.now()).date;
  const rows = await inTerritory(w.h, (tx) => tx`SELECT id, email FROM app_user`);
  users = Object.fromEntries(rows.map((r) => [r.email as string, r.id as string]));
});
afterAll(() => w.h.close());

describe('the creator organisation and the référents', () => {
  let personId: string;
  beforeAll(async () => {
    personId = await personFollowedByEntraideAndClic();
  });

  it('the organisation that creates a file joins its group (reason createur), its user as référent', async () => {
    const group = await w.entraide.trpc.persons.group.list.query({ personId });
    // (Both joined at the same instant of the test clock: ordered by name.)
    expect(group.members.map((m) => [m.organisationName, m.reason, m.referent?.userId ?? null])).toEqual([
      [CLIC_ORG, 'referral', null],
      [ENTRAIDE_ORG, 'createur', userId('responsable.entraide')],
    ]);
    expect(group.myOrganisationIsMember).toBe(true);
    // Entraide may name its own référent (among its professionals), not the CLIC's.
    const entraide = group.members.find((m) => m.organisationName === ENTRAIDE_ORG)!;
    const clic = group.members.find((m) => m.organisationName === CLIC_ORG)!;
    expect(entraide.canSetReferent).toBe(true);
    expect(entraide.referentCandidates.map((c) => c.userId)).toEqual(
      expect.arrayContaining([userId('responsable.entraide'), userId('intervenante.entraide')]),
    );
    expect(entraide.referentCandidates.map((c) => c.userId)).not.toContain(userId('commission'));
    expect(clic.canSetReferent).toBe(false);
    expect(clic.referentCandidates).toEqual([]);
    // The coordinator may name every member's.
    const seenByCcas = await w.coordination.trpc.persons.group.list.query({ personId });
    expect(seenByCcas.members.every((m) => m.canSetReferent)).toBe(true);
  });

  it('a member names its own référent among its professionals; audited', async () => {
    await w.entraide.trpc.persons.group.setReferent.mutate({
      personId,
      organisationId: w.orgs[ENTRAIDE_ORG]!,
      referentUserId: userId('intervenante.entraide'),
    });
    const group = await w.clic.trpc.persons.group.list.query({ personId });
    expect(group.members.find((m) => m.organisationName === ENTRAIDE_ORG)?.referent?.name).toBe('Sophie Intervenante');
    const [audit] = await inTerritory(
      w.h,
      (tx) => tx`SELECT object_id, details FROM audit_event WHERE action = 'person.group.referent'
        AND person_id = ${personId}`,
    );
    expect(audit?.object_id).toBe(w.orgs[ENTRAIDE_ORG]);
    expect(audit?.details).toMatchObject({ referentUserId: userId('intervenante.entraide') });
    // « Je suis le référent »: the CLIC worker names herself for the CLIC.
    await w.clic.trpc.persons.group.setReferent.mutate({
      personId,
      organisationId: w.orgs[CLIC_ORG]!,
      referentUserId: userId('evaluatrice.clic'),
    });
    const after = await w.entraide.trpc.persons.group.list.query({ personId });
    expect(after.members.find((m) => m.organisationName === CLIC_ORG)?.referent?.userId).toBe(
      userId('evaluatrice.clic'),
    );
  });

  it('the référent must be a professional of that organisation; others may not name it', async () => {
    const wrong = await failure(
      w.entraide.trpc.persons.group.setReferent.mutate({
        personId,
        organisationId: w.orgs[ENTRAIDE_ORG]!,
        referentUserId: userId('responsable.ssiad'),
      }),
    );
    expect(wrong.data?.fieldErrors?.referentUserId).toBe('Choisissez un professionnel de cette structure.');
    // A commission member of the organisation is not a référent either.
    const commission = await failure(
      w.entraide.trpc.persons.group.setReferent.mutate({
        personId,
        organisationId: w.orgs[ENTRAIDE_ORG]!,
        referentUserId: userId('commission'),
      }),
    );
    expect(commission.data?.fieldErrors?.referentUserId).toBeTruthy();
    // The CLIC may not name Entraide's référent.
    expect(
      await codeOf(
        w.clic.trpc.persons.group.setReferent.mutate({
          personId,
          organisationId: w.orgs[ENTRAIDE_ORG]!,
          referentUserId: userId('evaluatrice.clic'),
        }),
      ),
    ).toBe('FORBIDDEN');
    // Volunteers and commission members do not see the file.
    for (const b of [w.volunteer, w.commission]) {
      expect(
        await codeOf(
          b.trpc.persons.group.setReferent.mutate({
            personId,
            organisationId: w.orgs[ENTRAIDE_ORG]!,
            referentUserId: null,
          }),
        ),
      ).toBe('NOT_FOUND');
    }
    // An organisation outside the group has no référent to name.
    expect(
      await codeOf(
        w.coordination.trpc.persons.group.setReferent.mutate({
          personId,
          organisationId: w.orgs[SSIAD_ORG]!,
          referentUserId: userId('responsable.ssiad'),
        }),
      ),
    ).toBe('CONFLICT');
    // The CCAS clears the CLIC's référent.
    await w.coordination.trpc.persons.group.setReferent.mutate({
      personId,
      organisationId: w.orgs[CLIC_ORG]!,
      referentUserId: null,
    });
    const group = await w.clic.trpc.persons.group.list.query({ personId });
    expect(group.members.find((m) => m.organisationName === CLIC_ORG)?.referent).toBeNull();
  });
});

describe('tasks on a person’s file', () => {
  let personId: string;
  let forClic: { id: string };
  let forMe: { id: string };

  beforeAll(async () => {
    personId = await personFollowedByEntraideAndClic();
    // The SSIAD receives a referral it has not answered: it sees the file, outside the group.
    await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
  });

  it('the assignee picker lists the professionals of the organisations that see the file', async () => {
    const page = await w.entraide.trpc.tasks.listForPerson.query({ personId });
    expect(page.canCreate).toBe(true);
    expect(page.person.id).toBe(personId);
    expect(page.items).toEqual([]);
    const options = page.assignees.map((a) => `${a.userId}:${a.organisationName}`);
    expect(options).toEqual(
      expect.arrayContaining([
        `${userId('responsable.entraide')}:${ENTRAIDE_ORG}`,
        `${userId('intervenante.entraide')}:${ENTRAIDE_ORG}`,
        `${userId('evaluatrice.clic')}:${CLIC_ORG}`,
        `${userId('infirmier.ssiad')}:${SSIAD_ORG}`,
        `${userId('coordination')}:${CIAS_ORG}`,
      ]),
    );
    // Not the volunteer, the commission member, the technical admin, nor another organisation's user.
    for (const u of ['benevole', 'commission', 'admin']) {
      expect(page.assignees.map((a) => a.userId)).not.toContain(userId(u));
    }
    // Intervenante also works for the Épicerie, which does not see the file.
    expect(page.assignees.map((a) => a.organisationName)).not.toContain('Épicerie solidaire La Clé des Champs');
  });

  it('adds tasks; the inputs are checked with French messages; audited', async () => {
    forClic = await w.entraide.trpc.tasks.add.mutate({
      personId,
      title: 'Évaluer les besoins à domicile',
      detail: 'Prendre rendez-vous avec la fille.',
      dueOn: today,
      assigneeUserId: userId('evaluatrice.clic'),
      assigneeOrganisationId: w.orgs[CLIC_ORG]!,
    });
    forMe = await w.entraide.trpc.tasks.add.mutate({
      personId,
      title: 'Rappeler la personne',
      dueOn: addDays(today, 2),
      assigneeUserId: userId('responsable.entraide'),
      assigneeOrganisationId: w.orgs[ENTRAIDE_ORG]!,
    });
    const empty = await failure(
      w.entraide.trpc.tasks.add.mutate({
        personId,
        title: ' ',
        dueOn: '31/02/2026',
        assigneeUserId: '',
        assigneeOrganisationId: '',
      } as never),
    );
    expect(empty.data?.fieldErrors).toMatchObject({
      title: 'Indiquez ce qu’il faut faire.',
      dueOn: 'La date d’échéance doit être une date réelle, au format JJ/MM/AAAA.',
      assigneeUserId: 'Choisissez à qui confier la tâche.',
    });
    const past = await failure(
      w.entraide.trpc.tasks.add.mutate({
        personId,
        title: 'Trop tard',
        dueOn: addDays(today, -1),
        assigneeUserId: userId('responsable.entraide'),
        assigneeOrganisationId: w.orgs[ENTRAIDE_ORG]!,
      }),
    );
    expect(past.data?.fieldErrors?.dueOn).toBe('La date d’échéance ne peut pas être passée.');
    // A volunteer, or a user for an organisation they do not belong to, is refused.
    for (const [u, org] of [
      ['benevole', 'Visiteurs bénévoles du Lunellois'],
      ['evaluatrice.clic', ENTRAIDE_ORG],
      ['intervenante.entraide', 'Épicerie solidaire La Clé des Champs'],
    ] as const) {
      const refused = await failure(
        w.entraide.trpc.tasks.add.mutate({
          personId,
          title: 'Non',
          dueOn: today,
          assigneeUserId: userId(u),
          assigneeOrganisationId: w.orgs[org]!,
        }),
      );
      expect(refused.data?.fieldErrors?.assigneeUserId).toBe(
        'Choisissez un professionnel qui a accès au dossier de la personne.',
      );
    }
    const audits = await inTerritory(
      w.h,
      (tx) => tx`SELECT object_id FROM audit_event WHERE action = 'person.task.add' AND person_id = ${personId}`,
    );
    expect(audits.map((a) => a.object_id).sort()).toEqual([forClic.id, forMe.id].sort());
    // The assignee (someone else) is told, without person data.
    const [told] = await notifications('task_assigned', userId('evaluatrice.clic'));
    expect(told?.link).toBe(`/personnes/${personId}/taches`);
    expect(`${told?.title} ${told?.body}`).not.toMatch(/Personne|Test/);
    expect(await notifications('task_assigned', userId('responsable.entraide'))).toHaveLength(0);
  });

  it('visibility: author’s and assignee’s organisations and the CCAS; NOT_FOUND for volunteers', async () => {
    const titles = async (b: Browser) =>
      (await b.trpc.tasks.listForPerson.query({ personId })).items.map((t) => t.title).sort();
    expect(await titles(w.entraide)).toEqual(['Rappeler la personne', 'Évaluer les besoins à domicile'].sort());
    expect(await titles(w.coordination)).toEqual(['Rappeler la personne', 'Évaluer les besoins à domicile'].sort());
    expect(await titles(w.clic)).toEqual(['Évaluer les besoins à domicile']);
    // The SSIAD sees the file (a referral) but none of these tasks.
    expect(await titles(w.ssiad)).toEqual([]);
    for (const b of [w.volunteer, w.commission]) {
      expect(await codeOf(b.trpc.tasks.listForPerson.query({ personId }))).toBe('NOT_FOUND');
      expect(await codeOf(b.trpc.tasks.complete.mutate({ taskId: forClic.id, version: 1 }))).toBe('NOT_FOUND');
    }
    expect(await codeOf(w.volunteer.trpc.tasks.mine.query({}))).toBe('FORBIDDEN');
    expect(await codeOf(w.clic.trpc.tasks.listForPerson.query({ personId: crypto.randomUUID() }))).toBe('NOT_FOUND');
    // A task the SSIAD does not see is NOT_FOUND to it, not FORBIDDEN.
    expect(await codeOf(w.ssiad.trpc.tasks.complete.mutate({ taskId: forClic.id, version: 1 }))).toBe('NOT_FOUND');
    // Each read is audited with the person.
    const [n] = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.task.read' AND person_id = ${personId}`,
    );
    expect(n!.n).toBeGreaterThanOrEqual(5);
  });

  it('« mes tâches »: the user’s open tasks with the person, overdue first', async () => {
    const mine = await w.clic.trpc.tasks.mine.query({});
    expect(mine.items.map((t) => [t.id, t.person.id, t.dueToday, t.overdue])).toEqual([
      [forClic.id, personId, true, false],
    ]);
    expect(mine.total).toBe(1);
    expect((await w.clic.trpc.tasks.openCount.query()).count).toBe(1);
    const entraide = await w.entraide.trpc.tasks.mine.query({});
    expect(entraide.items.map((t) => t.id)).toEqual([forMe.id]);
    // Intervenante (Entraide and Épicerie) has none.
    const sophie = await w.h.as('intervenante.entraide@demo.ensemblier.fr');
    expect((await sophie.trpc.tasks.mine.query({})).items).toEqual([]);
  });

  it('complete, reopen, cancel: who may, versions, activity on the file', async () => {
    const before = await w.clic.trpc.tasks.listForPerson.query({ personId });
    const task = before.items[0]!;
    expect(task.allowedActions).toEqual(['complete', 'cancel']);
    w.h.clock.advance(60_000);
    const done = await w.clic.trpc.tasks.complete.mutate({ taskId: task.id, version: task.version });
    expect(done.status).toBe('faite');
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT t.status, t.closed_at, t.closed_by_user_id, p.last_activity_at FROM person_task t
        JOIN person p ON p.id = t.person_id WHERE t.id = ${task.id}`,
    );
    expect(row).toMatchObject({ status: 'faite', closed_by_user_id: userId('evaluatrice.clic') });
    // Completing is an activity on the file.
    expect((row!.last_activity_at as Date).getTime()).toBe(w.h.clock.now().getTime());
    // A stale version or a second completion: CONFLICT.
    expect(await codeOf(w.clic.trpc.tasks.complete.mutate({ taskId: task.id, version: task.version }))).toBe(
      'CONFLICT',
    );
    expect((await w.clic.trpc.tasks.mine.query({})).items).toEqual([]);
    const all = await w.entraide.trpc.tasks.listForPerson.query({ personId, status: 'all' });
    const closed = all.items.find((t) => t.id === task.id)!;
    expect(closed).toMatchObject({ status: 'faite', closedByName: expect.any(String), allowedActions: ['reopen'] });
    expect((await w.entraide.trpc.tasks.listForPerson.query({ personId })).items.map((t) => t.id)).toEqual([forMe.id]);
    const reopened = await w.entraide.trpc.tasks.reopen.mutate({ taskId: task.id, version: done.version });
    expect(reopened.status).toBe('a_faire');
    // The assignee may cancel it too (it no longer applies).
    await w.clic.trpc.tasks.cancel.mutate({ taskId: task.id, version: reopened.version });
    const audits = await inTerritory(
      w.h,
      (tx) => tx`SELECT action FROM audit_event WHERE object_id = ${task.id} ORDER BY seq`,
    );
    expect(audits.map((a) => a.action)).toEqual([
      'person.task.add',
      'person.task.complete',
      'person.task.reopen',
      'person.task.cancel',
    ]);
  });

  it('cancelling is for the author’s organisation, the assignee and the coordinators', async () => {
    // The CLIC asks the SSIAD nurse; the SSIAD manager sees it (assignee’s organisation) but may not cancel it.
    const t = await w.clic.trpc.tasks.add.mutate({
      personId,
      title: 'Passage infirmier',
      dueOn: today,
      assigneeUserId: userId('infirmier.ssiad'),
      assigneeOrganisationId: w.orgs[SSIAD_ORG]!,
    });
    const seen = (await w.ssiad.trpc.tasks.listForPerson.query({ personId })).items;
    expect(seen.map((x) => [x.id, x.allowedActions])).toEqual([[t.id, ['complete']]]);
    expect(await codeOf(w.ssiad.trpc.tasks.cancel.mutate({ taskId: t.id, version: 1 }))).toBe('FORBIDDEN');
    await w.coordination.trpc.tasks.cancel.mutate({ taskId: t.id, version: 1 });
  });
});

describe('the reminder job', () => {
  let personId: string;
  let dueToday: string;
  let dueLater: string;
  let gone: string;

  beforeAll(async () => {
    personId = await personFollowedByEntraideAndClic();
    dueToday = (
      await w.entraide.trpc.tasks.add.mutate({
        personId,
        title: 'À faire aujourd’hui',
        dueOn: today,
        assigneeUserId: userId('evaluatrice.clic'),
        assigneeOrganisationId: w.orgs[CLIC_ORG]!,
      })
    ).id;
    dueLater = (
      await w.entraide.trpc.tasks.add.mutate({
        personId,
        title: 'Dans deux jours',
        dueOn: addDays(today, 2),
        assigneeUserId: userId('intervenante.entraide'),
        assigneeOrganisationId: w.orgs[ENTRAIDE_ORG]!,
      })
    ).id;
    const done = await w.entraide.trpc.tasks.add.mutate({
      personId,
      title: 'Déjà faite',
      dueOn: today,
      assigneeUserId: userId('responsable.entraide'),
      assigneeOrganisationId: w.orgs[ENTRAIDE_ORG]!,
    });
    await w.entraide.trpc.tasks.complete.mutate({ taskId: done.id, version: 1 });
    // A task on a file the CLIC then leaves: no reminder, and gone from « mes tâches ».
    const left = await personFollowedByEntraideAndClic();
    gone = (
      await w.entraide.trpc.tasks.add.mutate({
        personId: left,
        title: 'Dossier quitté',
        dueOn: today,
        assigneeUserId: userId('evaluatrice.clic'),
        assigneeOrganisationId: w.orgs[CLIC_ORG]!,
      })
    ).id;
    await w.clic.trpc.persons.group.leave.mutate({ personId: left });
  });

  it('acts at 7 h Paris only', async () => {
    const r = await taskRemindersTask(w.h.db.app, new Date(sevenInParis(today).getTime() + 3_600_000));
    expect(r.skipped).toBe(true);
  });

  it('reminds the assignee of a task due today, once; the overdue ones later; mail without person data', async () => {
    const before = (await notifications('task_due')).length;
    await taskRemindersTask(w.h.db.app, sevenInParis(today));
    const clic = (await notifications('task_due', userId('evaluatrice.clic'))).filter((n) =>
      (n.dedupe_key as string).includes(dueToday),
    );
    expect(clic).toHaveLength(1);
    expect(clic[0]).toMatchObject({
      dedupe_key: `task_due:${dueToday}:${today}`,
      title: 'Une tâche est à faire aujourd’hui',
      link: `/personnes/${personId}/taches`,
    });
    const all = await notifications('task_due');
    // Not the completed task, not the one due later, not the file the CLIC left.
    expect(all.some((n) => (n.dedupe_key as string).includes(gone))).toBe(false);
    expect(all.some((n) => (n.dedupe_key as string).includes(dueLater))).toBe(false);
    expect(all.some((n) => n.user_id === userId('responsable.entraide'))).toBe(false);
    expect((await w.clic.trpc.tasks.mine.query({})).items.map((t) => t.id)).toEqual([dueToday]);
    // Run again the same day (a retried job): nothing more.
    await taskRemindersTask(w.h.db.app, sevenInParis(today));
    expect(await notifications('task_due')).toHaveLength(all.length);
    expect(all.length).toBeGreaterThan(before);
    // Mailed (immediate preference) without the person's name nor the task's title.
    await w.h.runJobs();
    const mails = await inTerritory(
      w.h,
      (tx) => tx`SELECT subject, text_body FROM outbox_mail WHERE to_address = 'evaluatrice.clic@demo.ensemblier.fr'
        AND subject = 'Une tâche qui vous est confiée arrive à échéance'`,
    );
    expect(mails.length).toBeGreaterThanOrEqual(1);
    for (const m of mails) expect(m.text_body).not.toMatch(/aujourd’hui »|Personne[a-z]|Test\d/);
    // Three days later: the task due in two days is overdue and reminded once; today's is not reminded again.
    await taskRemindersTask(w.h.db.app, sevenInParis(addDays(today, 3)));
    const later = await notifications('task_due', userId('intervenante.entraide'));
    expect(later.map((n) => [n.dedupe_key, n.title])).toEqual([
      [`task_due:${dueLater}:${addDays(today, 2)}`, 'Une tâche qui vous est confiée est en retard'],
    ]);
    expect(
      (await notifications('task_due', userId('evaluatrice.clic'))).filter((n) =>
        (n.dedupe_key as string).includes(dueToday),
      ),
    ).toHaveLength(1);
  });
});

describe('the inactivity alert (6 months)', () => {
  let personId: string;
  let noReferent: string;
  let last: Date;

  const alertsFor = async (id: string) =>
    (await notifications('person_inactive')).filter((n) =>
      (n.dedupe_key as string).startsWith(`person_inactive:${id}:`),
    );

  beforeAll(async () => {
    personId = await newPerson(w.entraide);
    // A file whose référent was cleared: the managers of the group's organisations are told.
    noReferent = await newPerson(w.entraide);
    await w.entraide.trpc.persons.group.setReferent.mutate({
      personId: noReferent,
      organisationId: w.orgs[ENTRAIDE_ORG]!,
      referentUserId: null,
    });
    const [p] = await inTerritory(w.h, (tx) => tx`SELECT last_activity_at FROM person WHERE id = ${personId}`);
    last = p!.last_activity_at as Date;
  });

  it('5 months: nothing; 7 months: one alert to the référent, not an activity; again: nothing', async () => {
    const day = (at: Date) => parisTime(at).date;
    await inactivityAlertsTask(w.h.db.app, sevenInParis(day(plusMonths(last, 5))));
    expect(await alertsFor(personId)).toHaveLength(0);

    await inactivityAlertsTask(w.h.db.app, sevenInParis(day(plusMonths(last, 7))));
    const alerts = await alertsFor(personId);
    expect(alerts.map((a) => [a.user_id, a.link])).toEqual([
      [userId('responsable.entraide'), `/personnes/${personId}`],
    ]);
    const [p] = await inTerritory(
      w.h,
      (tx) => tx`SELECT last_activity_at, inactivity_alerted_at,
        (SELECT count(*)::int FROM timeline_entry t WHERE t.person_id = person.id) AS entries
        FROM person WHERE id = ${personId}`,
    );
    expect((p!.last_activity_at as Date).getTime()).toBe(last.getTime());
    expect(p!.inactivity_alerted_at).not.toBeNull();
    expect(p!.entries).toBe(0);
    // No référent: the organisation's managers (responsable), not its workers.
    const fallback = await alertsFor(noReferent);
    expect(fallback.map((a) => a.user_id)).toEqual([userId('responsable.entraide')]);

    await inactivityAlertsTask(w.h.db.app, sevenInParis(addDays(day(plusMonths(last, 7)), 1)));
    expect(await alertsFor(personId)).toHaveLength(1);
  });

  it('a new activity, then 7 more months: a new alert', async () => {
    const activityAt = plusMonths(last, 8);
    w.h.clock.set(activityAt);
    const entraide = await w.h.as('responsable.entraide@demo.ensemblier.fr');
    await entraide.trpc.persons.timeline.add.mutate({ personId, type: 'appel', title: 'Appel de suivi' });
    const [p] = await inTerritory(w.h, (tx) => tx`SELECT last_activity_at FROM person WHERE id = ${personId}`);
    expect((p!.last_activity_at as Date).getTime()).toBe(activityAt.getTime());
    const day = (at: Date) => parisTime(at).date;
    await inactivityAlertsTask(w.h.db.app, sevenInParis(day(plusMonths(activityAt, 3))));
    expect(await alertsFor(personId)).toHaveLength(1);
    await inactivityAlertsTask(w.h.db.app, sevenInParis(day(plusMonths(activityAt, 7))));
    const alerts = await alertsFor(personId);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]!.dedupe_key).toBe(`person_inactive:${personId}:${activityAt.toISOString()}`);
  });

  it('an archived file is not alerted', async () => {
    const archived = await newPersonAt();
    const [p] = await inTerritory(w.h, (tx) => tx`SELECT last_activity_at FROM person WHERE id = ${archived}`);
    await inTerritory(
      w.h,
      (tx) => tx`UPDATE person SET status = 'archived', archived_at = now() WHERE id = ${archived}`,
    );
    await inactivityAlertsTask(w.h.db.app, sevenInParis(parisTime(plusMonths(p!.last_activity_at as Date, 7)).date));
    expect(await alertsFor(archived)).toHaveLength(0);
  });
});

/** A person created now (the clock may have moved: log in again). */
async function newPersonAt(): Promise<string> {
  const b = await w.h.as('responsable.entraide@demo.ensemblier.fr');
  return newPerson(b);
}

describe('demo tasks', () => {
  it('the demo seed gives a few tasks to users who see the files (one overdue, one done)', async () => {
    const { setupApi } = await import('./harness.ts');
    const { seedDemoReferrals } = await import('../src/seed/referrals.ts');
    const { seedDemoTasks } = await import('../src/seed/tasks.ts');
    const h = await setupApi();
    try {
      const now = h.clock.now();
      await seedDemoReferrals(h.db.owner, h.territoryId, { now });
      expect(await seedDemoTasks(h.db.owner, h.territoryId, { now })).toBe(5);
      // Run again: nothing more.
      expect(await seedDemoTasks(h.db.owner, h.territoryId, { now })).toBe(0);
      const coordination = await h.as('coordination@demo.ensemblier.fr');
      const mine = await coordination.trpc.tasks.mine.query({});
      expect(mine.items.map((t) => [t.title, t.person.nom])).toContainEqual(['Faire le point avec le CLIC', 'Fabre']);
      // Every open task's assignee sees it in « Mes tâches ».
      const open = await inTerritory(
        h,
        (tx) => tx`SELECT DISTINCT u.email FROM person_task t JOIN app_user u ON u.id = t.assignee_user_id
          WHERE t.status = 'a_faire'`,
      );
      for (const { email } of open) {
        const b = await h.as(email as string);
        expect((await b.trpc.tasks.mine.query({})).total, email as string).toBeGreaterThan(0);
      }
      const rows = await inTerritory(h, (tx) => tx`SELECT status, due_on < current_date AS late FROM person_task`);
      expect(rows.filter((r) => r.status === 'faite')).toHaveLength(1);
      expect(rows.some((r) => r.status === 'a_faire' && r.late)).toBe(true);
    } finally {
      await h.close();
    }
  });
});
