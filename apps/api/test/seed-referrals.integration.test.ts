import { createTestDatabase, type TestDatabase } from '@ensemblier/db/testing';
import { withTerritory } from '@ensemblier/db';
import {
  nextState,
  overallState,
  REFERRAL_STATES,
  type ReferralAction,
  type ReferralRelation,
  type ReferralState,
} from '@ensemblier/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedScale } from '../src/seed/demo.ts';
import { DEMO_PERSONS, DEMO_REFERRALS, seedDemoReferrals, seedScaleReferrals } from '../src/seed/referrals.ts';

interface TaskRow {
  id: string;
  referral_id: string;
  state: ReferralState;
  sent_at: Date | null;
  answered_at: Date | null;
  closed_at: Date | null;
  refusal_reason: string | null;
  outcome: string | null;
  to_route: boolean;
  previous_task_id: string | null;
  version: number;
}
const CLOSED: ReferralState[] = ['refusee', 'expiree', 'annulee', 'terminee', 'echec'];

/** The consistency rules every seeded task and referral must follow. */
async function checkConsistency(db: TestDatabase, territoryId: string) {
  return withTerritory(db.owner, territoryId, async (tx) => {
    const tasks = await tx<TaskRow[]>`
      SELECT id, referral_id, state, sent_at, answered_at, closed_at, refusal_reason, outcome, to_route,
        previous_task_id, version FROM referral_task`;
    const referrals = await tx<{ id: string; overall_state: ReferralState; sent_at: Date | null }[]>`
      SELECT id, overall_state, sent_at FROM referral`;
    const byReferral = new Map<string, TaskRow[]>();
    for (const t of tasks) byReferral.set(t.referral_id, [...(byReferral.get(t.referral_id) ?? []), t]);
    const now = Date.now() + 1000;
    for (const t of tasks) {
      const where = `task ${t.id} (${t.state})`;
      if (CLOSED.includes(t.state)) expect(t.closed_at, where).not.toBeNull();
      else expect(t.closed_at, where).toBeNull();
      if (t.state === 'refusee') expect(t.refusal_reason, where).not.toBeNull();
      else expect(t.refusal_reason, where).toBeNull();
      if (t.state === 'terminee') expect(t.outcome, where).not.toBeNull();
      if (['acceptee', 'en_cours', 'refusee'].includes(t.state)) expect(t.answered_at, where).not.toBeNull();
      if (['envoyee', 'vue', 'brouillon'].includes(t.state)) expect(t.answered_at, where).toBeNull();
      if (t.state === 'brouillon') expect(t.sent_at, where).toBeNull();
      else expect(t.sent_at, where).not.toBeNull();
      if (t.answered_at) expect(t.answered_at.getTime(), where).toBeGreaterThanOrEqual(t.sent_at!.getTime());
      if (t.closed_at) {
        expect(t.closed_at.getTime(), where).toBeGreaterThanOrEqual((t.answered_at ?? t.sent_at)!.getTime());
        expect(t.closed_at.getTime(), where).toBeLessThanOrEqual(now);
      }
      if (t.state === 'expiree')
        expect(t.closed_at!.getTime() - t.sent_at!.getTime()).toBeGreaterThanOrEqual(29 * 86_400_000);
      if (['envoyee', 'vue'].includes(t.state))
        expect(Date.now() - t.sent_at!.getTime(), `${where} waits less than the expiry`).toBeLessThan(30 * 86_400_000);
      if (t.outcome === 'reorientee') expect(t.to_route || t.previous_task_id === null).toBe(true);
      expect(t.version).toBeGreaterThanOrEqual(1);
    }
    for (const r of referrals) {
      const states = (byReferral.get(r.id) ?? []).map((t) => t.state);
      expect(states.length, `referral ${r.id} has tasks`).toBeGreaterThan(0);
      expect(r.overall_state, `referral ${r.id}: ${states.join(',')}`).toBe(overallState(states));
    }
    // History rows replay through the state machine, task by task.
    const events = await tx<
      { task_id: string; action: ReferralAction; from_state: ReferralState | null; to_state: ReferralState }[]
    >`
      SELECT task_id, action, from_state, to_state FROM referral_event WHERE task_id IS NOT NULL ORDER BY at, id`;
    const relation: Record<string, ReferralRelation> = {
      send: 'sender',
      view: 'recipient',
      accept: 'recipient',
      refuse: 'recipient',
      start: 'recipient',
      complete: 'recipient',
      fail: 'recipient',
      cancel: 'sender',
      expire: 'system',
      reorient: 'coordinator',
    };
    const replayed = new Map<string, ReferralState>();
    for (const e of events) {
      if (e.action === 'send') {
        replayed.set(e.task_id, 'envoyee');
        continue;
      }
      const from = replayed.get(e.task_id);
      expect(from, `event ${e.action} follows the task's state`).toBe(e.from_state);
      expect(nextState(from!, e.action, relation[e.action]!)).toBe(e.to_state);
      replayed.set(e.task_id, e.to_state);
    }
    const taskState = new Map(tasks.map((t) => [t.id, t.state]));
    for (const [id, state] of replayed) expect(state, `history of ${id} ends in its state`).toBe(taskState.get(id));
    return { tasks, referrals, replayed: replayed.size };
  });
}

describe('demo referrals', () => {
  let db: TestDatabase;
  let territoryId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    ({ territoryId } = await seedDemo(db.owner));
  });
  afterAll(() => db.drop());

  it('tells a consistent story in every state, once', async () => {
    const first = await seedDemoReferrals(db.owner, territoryId);
    expect(first).toMatchObject({ persons: DEMO_PERSONS.length, referrals: DEMO_REFERRALS.length, skipped: false });
    const again = await seedDemoReferrals(db.owner, territoryId);
    expect(again.skipped).toBe(true);

    const { tasks, referrals, replayed } = await checkConsistency(db, territoryId);
    expect(referrals).toHaveLength(DEMO_REFERRALS.length);
    expect(new Set(tasks.map((t) => t.state))).toEqual(new Set(REFERRAL_STATES));
    // Every sent task has its full history.
    expect(replayed).toBe(tasks.filter((t) => t.state !== 'brouillon').length);
    await withTerritory(db.owner, territoryId, async (tx) => {
      const [waiting] =
        await tx`SELECT count(*)::int AS n FROM referral_task WHERE to_route AND state IN ('envoyee', 'vue')`;
      expect(waiting!.n).toBeGreaterThanOrEqual(2);
      // As the API writes it: one « create » per referral, then one « send » per task sent.
      const [created] =
        await tx`SELECT count(*)::int AS n FROM referral_event WHERE action = 'create' AND task_id IS NULL`;
      expect(created!.n).toBe(DEMO_REFERRALS.length);
      const [urgent] = await tx`SELECT count(*)::int AS n FROM referral WHERE urgency = 'urgente'`;
      expect(urgent!.n).toBeGreaterThan(0);
      const [routed] = await tx`SELECT count(*)::int AS n FROM referral_task WHERE previous_task_id IS NOT NULL`;
      expect(routed!.n).toBeGreaterThanOrEqual(2);
      const [threads] = await tx`SELECT count(DISTINCT task_id)::int AS n FROM referral_message`;
      expect(threads!.n).toBeGreaterThanOrEqual(3);
      // Every sender and recipient organisation may see the person, except after an objection.
      const missing = await tx`
        SELECT t.id FROM referral_task t JOIN referral r ON r.id = t.referral_id
        WHERE NOT EXISTS (SELECT 1 FROM person_access pa WHERE pa.person_id = r.person_id
          AND pa.organisation_id = t.recipient_organisation_id)
          OR NOT EXISTS (SELECT 1 FROM person_access pa WHERE pa.person_id = r.person_id
          AND pa.organisation_id = r.sender_organisation_id)`;
      expect(missing).toHaveLength(0);
      const [objection] = await tx`
        SELECT count(*)::int AS n FROM consent_event ce
        JOIN consent_event_organisation ceo ON ceo.consent_event_id = ce.id
        JOIN person_access pa ON pa.person_id = ce.person_id AND pa.organisation_id = ceo.organisation_id
        WHERE ce.kind = 'objection' AND pa.revoked_at IS NOT NULL`;
      expect(objection!.n).toBe(1);
      // No demo person looks like an end-to-end test's person.
      const names = await tx<{ nom: string; prenom: string }[]>`SELECT nom, prenom FROM person`;
      expect(names.filter((p) => /^(test|e2e)/i.test(p.nom) || /^(test|e2e)/i.test(p.prenom))).toHaveLength(0);
      const notifications = await tx<{ email: string; n: number }[]>`
        SELECT u.email, count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.user_id GROUP BY u.email`;
      const count = (email: string) => notifications.find((x) => x.email === email)?.n ?? 0;
      expect(count('infirmier.ssiad@demo.ensemblier.fr')).toBeGreaterThan(0);
      expect(count('coordination@demo.ensemblier.fr')).toBeGreaterThan(0);
    });
  });
});

describe('scale referrals (small)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db.owner);
  });
  afterAll(() => db.drop());

  it('generates every state with consistent tasks, history and access', async () => {
    const { territoryId } = await seedScale(db.owner, 1, 'Territoire de charge (test)');
    const r = await seedScaleReferrals(db.owner, territoryId, { persons: 200, referrals: 2000, batchSize: 700 });
    expect(r.referrals).toBe(2000);
    expect(r.tasks).toBeGreaterThan(2000);
    expect(Object.keys(r.states).sort()).toEqual([...REFERRAL_STATES].sort());

    const { tasks, referrals, replayed } = await checkConsistency(db, territoryId);
    expect(referrals).toHaveLength(2000);
    expect(replayed).toBeGreaterThan(0);
    const share = (pred: (t: TaskRow) => boolean) => tasks.filter(pred).length / tasks.length;
    expect(share((t) => t.state === 'terminee' || t.state === 'echec')).toBeGreaterThan(0.55);
    expect(share((t) => t.state === 'refusee')).toBeGreaterThan(0.06);
    expect(share((t) => t.to_route)).toBeGreaterThan(0.02);

    await withTerritory(db.owner, territoryId, async (tx) => {
      const [persons] = await tx`SELECT count(*)::int AS n FROM person`;
      expect(persons!.n).toBe(200);
      const [consents] = await tx`SELECT count(*)::int AS n, count(DISTINCT person_id)::int AS p FROM consent_event`;
      expect(consents).toMatchObject({ n: 200, p: 200 });
      // A person is only referred after their file exists and their consent was recorded.
      const [early] = await tx`
        SELECT count(*)::int AS n FROM referral r JOIN consent_event ce ON ce.id = r.consent_event_id
        WHERE ce.person_id <> r.person_id OR ce.recorded_at > r.created_at`;
      expect(early!.n).toBe(0);
      const [noAccess] = await tx`
        SELECT count(*)::int AS n FROM referral_task t JOIN referral r ON r.id = t.referral_id
        WHERE NOT EXISTS (SELECT 1 FROM person_access pa WHERE pa.person_id = r.person_id
          AND pa.organisation_id = t.recipient_organisation_id)`;
      expect(noAccess!.n).toBe(0);
      // The busiest partner receives about a tenth of the tasks.
      const [busy] =
        await tx`SELECT count(*)::int AS n FROM referral_task WHERE recipient_organisation_id = ${r.busyOrganisationIds[0]!}`;
      expect(busy!.n / tasks.length).toBeGreaterThan(0.07);
      const [coordinator] = await tx`
        SELECT count(*)::int AS n FROM app_user u JOIN membership m ON m.user_id = u.id
        WHERE u.email = ${r.coordinatorEmail} AND m.role = 'coordinator'`;
      expect(coordinator!.n).toBe(1);
    });
  });
});
