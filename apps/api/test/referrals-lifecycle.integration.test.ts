import { parseCrontab } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRONTAB } from '../src/worker/runner.ts';
import { inTerritory } from './harness.ts';
import { newPerson, sendReferral, setupWorld, SSIAD_SERVICE, type World } from './referrals-helpers.ts';

let w: World;
beforeAll(async () => {
  w = await setupWorld();
});
afterAll(() => w.h.close());

const DAY = 86_400_000;
const SOINS = ['autonomie-domicile--soins-infirmiers-a-domicile'];

/** Enqueues the cron task with the test clock's instant and runs the queue (as the worker would). */
async function runLifecycle() {
  await w.h.db.superuser`SELECT graphile_worker.add_job('referral_lifecycle',
    ${w.h.db.superuser.json({ now: w.h.clock.now().toISOString() })}::json)`;
  await w.h.runJobs();
}

const notificationsOf = (referralId: string, kind: string) =>
  inTerritory(
    w.h,
    (tx) => tx`SELECT u.email, n.dedupe_key FROM notification n JOIN app_user u ON u.id = n.user_id
      WHERE n.referral_id = ${referralId} AND n.kind = ${kind} ORDER BY u.email, n.dedupe_key`,
  );

describe('referral lifecycle job', () => {
  it('runs hourly', () => {
    const item = parseCrontab(CRONTAB).find((i) => i.task === 'referral_lifecycle');
    expect(item).toBeDefined();
    expect((item!.match as unknown as { parsedCronMatch: { hours: number[] } }).parsedCronMatch.hours).toHaveLength(24);
  });

  it('reminds the recipient every 10 days, once per reminder, then expires after 30 days', async () => {
    const personId = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
    const [{ id: taskId }] = (await inTerritory(
      w.h,
      (tx) => tx`SELECT id FROM referral_task WHERE referral_id = ${referralId}`,
    )) as unknown as [{ id: string }];

    w.h.clock.advance(9 * DAY);
    await runLifecycle();
    expect(await notificationsOf(referralId, 'referral_reminder')).toEqual([]);

    w.h.clock.advance(1 * DAY + 3_600_000);
    await runLifecycle();
    await runLifecycle(); // a retried or repeated run reminds nobody twice
    expect(await notificationsOf(referralId, 'referral_reminder')).toEqual([
      { email: 'infirmier.ssiad@demo.ensemblier.fr', dedupe_key: `referral_reminder:${taskId}:1` },
      { email: 'responsable.ssiad@demo.ensemblier.fr', dedupe_key: `referral_reminder:${taskId}:1` },
    ]);

    w.h.clock.advance(10 * DAY);
    await runLifecycle();
    expect((await notificationsOf(referralId, 'referral_reminder')).map((n) => n.dedupe_key)).toEqual([
      `referral_reminder:${taskId}:1`,
      `referral_reminder:${taskId}:2`,
      `referral_reminder:${taskId}:1`,
      `referral_reminder:${taskId}:2`,
    ]);
    const [still] = await inTerritory(w.h, (tx) => tx`SELECT state FROM referral_task WHERE id = ${taskId}`);
    expect(still!.state).toBe('envoyee');

    w.h.clock.advance(10 * DAY);
    await runLifecycle();
    const [task] = await inTerritory(
      w.h,
      (tx) => tx`SELECT t.state, t.closed_at IS NOT NULL AS closed, r.overall_state FROM referral_task t
        JOIN referral r ON r.id = t.referral_id WHERE t.id = ${taskId}`,
    );
    expect(task).toEqual({ state: 'expiree', closed: true, overall_state: 'expiree' });
    const [event] = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT from_state, to_state, actor_user_id FROM referral_event WHERE task_id = ${taskId} AND action = 'expire'`,
    );
    expect(event).toEqual({ from_state: 'envoyee', to_state: 'expiree', actor_user_id: null });
    expect((await notificationsOf(referralId, 'referral_expired')).map((n) => n.email)).toEqual([
      'coordination@demo.ensemblier.fr',
      'responsable.entraide@demo.ensemblier.fr',
    ]);
    // No third reminder for an expired task, and nothing more on later runs.
    w.h.clock.advance(10 * DAY);
    await runLifecycle();
    expect(await notificationsOf(referralId, 'referral_reminder')).toHaveLength(4);
    expect(await notificationsOf(referralId, 'referral_expired')).toHaveLength(2);
  });

  it('follows the territory’s settings and leaves answered tasks alone', async () => {
    await inTerritory(w.h, (tx) => tx`UPDATE territory SET referral_expiry_days = 5, referral_reminder_days = 2`);
    // The clock moved weeks ahead: sessions have expired, log in again.
    w.entraide = await w.h.as('responsable.entraide@demo.ensemblier.fr');
    w.ssiad = await w.h.as('responsable.ssiad@demo.ensemblier.fr');
    const personId = await newPerson(w.entraide);
    const waiting = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
    const answered = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
    const r = await w.ssiad.trpc.referrals.get.query({ referralId: answered });
    await w.ssiad.trpc.referrals.transition.mutate({
      taskId: r.tasks[0]!.id,
      version: r.tasks[0]!.version,
      action: 'accept',
    });
    w.h.clock.advance(5 * DAY + 60_000);
    await runLifecycle();
    const states = await inTerritory(
      w.h,
      (tx) => tx`SELECT r.id, t.state FROM referral_task t JOIN referral r ON r.id = t.referral_id
        WHERE r.id IN (${waiting}, ${answered})`,
    );
    expect(Object.fromEntries(states.map((s) => [s.id, s.state]))).toEqual({
      [waiting]: 'expiree',
      [answered]: 'acceptee',
    });
  });
});
