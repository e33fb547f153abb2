import { parseCrontab } from 'graphile-worker';
import { withTerritory } from '@ensemblier/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, type NotificationAudience, type NotificationSpec } from '../src/notifications/emit.ts';
import { parisTime } from '../src/notifications/delivery.task.ts';
import { buildTaskList, CRONTAB } from '../src/worker/runner.ts';
import { codeOf, inTerritory, ORIGIN, setupApi, type Browser, type Harness } from './harness.ts';

let h: Harness;
let users: Record<string, string>;
let orgs: Record<string, string>;
let referralId: string;
let manager: Browser; // responsable.ssiad@: immediate
let nurse: Browser; // infirmier.ssiad@: daily
let worker: Browser; // intervenante.entraide@: none

const EMAIL = (local: string) => `${local}@demo.ensemblier.fr`;

/** Emits like the referral procedures do: in a transaction of the app role, territory set. */
const emit = (audience: NotificationAudience, spec: NotificationSpec) =>
  withTerritory(h.db.app, h.territoryId, (tx) => notify(tx, h.territoryId, audience, spec));

const mailsTo = (email: string) =>
  h.db.superuser<{ subject: string; text_body: string; html_body: string }[]>`
    SELECT subject, text_body, html_body FROM dev_mail WHERE to_address = ${email} ORDER BY id`;

/** deliver_notifications / the digest queue send_mail jobs: a second pass sends them. */
async function runAllJobs() {
  await h.runJobs();
  await h.runJobs();
}

/**
 * One run of the hourly digest cron at `now`: by the clock (the worker's clock, set to `now`
 * for the run), or by the cron tick's instant in the payload (a backfilled run).
 */
async function runDigest(now: Date, via: 'clock' | 'cron' = 'clock') {
  const saved = h.clock.now();
  try {
    h.clock.set(via === 'clock' ? now : new Date(now.getTime() + 5_400_000));
    const tasks = buildTaskList({ sql: h.db.app, config: h.config, clock: h.clock });
    const payload = via === 'clock' ? {} : { _cron: { ts: now.toISOString(), backfilled: true } };
    await tasks.notification_digest!(payload as never, {} as never);
  } finally {
    h.clock.set(saved); // the browsers' sessions live on the same clock
  }
  await runAllJobs();
}

/** The first instant from `from` on (whole UTC hours) when it is `hour` h in Paris. */
function nextParisHour(from: Date, hour: number): Date {
  const t = new Date(from);
  t.setUTCMinutes(0, 0, 0);
  for (let i = 0; i < 48; i++) {
    t.setUTCHours(t.getUTCHours() + 1);
    if (parisTime(t).hour === hour) return new Date(t);
  }
  throw new Error('no such hour');
}

const unmailed = async (userId: string) =>
  (
    await inTerritory(
      h,
      (tx) => tx`SELECT count(*)::int AS n FROM notification WHERE user_id = ${userId} AND mailed_at IS NULL`,
    )
  )[0]!.n as number;

beforeAll(async () => {
  h = await setupApi();
  const u = await inTerritory(h, (tx) => tx`SELECT id, email FROM app_user`);
  users = Object.fromEntries(u.map((r) => [r.email.split('@')[0], r.id]));
  const o = await inTerritory(h, (tx) => tx`SELECT id, name FROM organisation`);
  orgs = Object.fromEntries(o.map((r) => [r.name, r.id]));
  // A referral from the association to the SSIAD, about a person whose name must never
  // reach a mail.
  referralId = await inTerritory(h, async (tx) => {
    const entraide = orgs['Entraide Lunelloise']!;
    const [p] = await tx`INSERT INTO person (territory_id, nom, prenom, name_key, commune_insee,
        created_by_organisation_id, created_by_user_id)
      VALUES (${h.territoryId}, 'Dupontel', 'Gisèle', 'dupontel gisele', '34145', ${entraide}, ${users['intervenante.entraide']!})
      RETURNING id`;
    const [r] = await tx`INSERT INTO referral (territory_id, person_id, sender_organisation_id, sender_user_id,
        thematiques, motif, overall_state, idempotency_key, sent_at)
      VALUES (${h.territoryId}, ${p!.id}, ${entraide}, ${users['intervenante.entraide']!},
        ${['autonomie-domicile--soins-infirmiers-a-domicile']}, 'Mme Dupontel sort de l’hôpital', 'envoyee',
        gen_random_uuid(), now())
      RETURNING id`;
    await tx`INSERT INTO referral_task (territory_id, referral_id, sender_organisation_id, urgency,
        recipient_organisation_id, state, sent_at)
      VALUES (${h.territoryId}, ${r!.id}, ${entraide}, 'normale', ${orgs['SSIAD de l’Étang de l’Or']!}, 'envoyee', now())`;
    return r!.id as string;
  });
  manager = await h.as(EMAIL('responsable.ssiad'));
  nurse = await h.as(EMAIL('infirmier.ssiad'));
  worker = await h.as(EMAIL('intervenante.entraide'));
});
afterAll(() => h.close());

const received = (n: number): NotificationSpec => ({
  kind: 'referral_received',
  dedupeKey: `received:${referralId}:${n}`,
  // In-app only: the bell may name the person; mails never do.
  title: `Nouvelle orientation : Gisèle Dupontel (${n})`,
  body: 'Soins infirmiers à domicile',
  link: `/orientations/${referralId}`,
  referralId,
});

describe('notify', () => {
  it('is idempotent on the dedupe key: one row, one delivery job', async () => {
    const spec = { ...received(0), dedupeKey: 'idempotence' };
    const first = await emit({ userIds: [users['evaluatrice.clic']!] }, spec);
    const again = await emit({ userIds: [users['evaluatrice.clic']!] }, spec);
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    const rows = await inTerritory(h, (tx) => tx`SELECT id FROM notification WHERE dedupe_key = 'idempotence'`);
    expect(rows).toHaveLength(1);
    const jobs = await h.db.superuser<{ payload: { notificationIds: string[] } }[]>`
      SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = 'deliver_notifications'`;
    expect(jobs.filter((j) => j.payload.notificationIds.includes(first[0]!))).toHaveLength(1);
    await runAllJobs();
  });

  it('audience: organisation members (not volunteers), coordinators, never the actor', async () => {
    const ids = await emit(
      {
        organisationIds: [orgs['SSIAD de l’Étang de l’Or']!],
        coordinators: true,
        exceptUserId: users['responsable.ssiad'],
      },
      { ...received(0), dedupeKey: 'audience' },
    );
    const who = await inTerritory(
      h,
      (tx) => tx`SELECT u.email FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE n.id = ANY(${ids}::uuid[]) ORDER BY u.email`,
    );
    expect(who.map((r) => r.email)).toEqual([EMAIL('coordination'), EMAIL('infirmier.ssiad')]);
    await inTerritory(h, (tx) => tx`DELETE FROM notification WHERE dedupe_key = 'audience'`);
  });
});

describe('the bell', () => {
  let mine: string[];
  let others: string[];
  beforeAll(async () => {
    mine = [];
    for (let i = 1; i <= 3; i++) {
      mine.push(...(await emit({ userIds: [users['infirmier.ssiad']!] }, received(i))));
      h.clock.advance(1000);
    }
    others = await emit({ userIds: [users['responsable.ssiad']!] }, received(9));
    // Distinct creation instants (the rows' created_at default is the transaction's now());
    // these are about the bell: no mail for them.
    await inTerritory(
      h,
      (tx) => tx`UPDATE notification SET mailed_at = now(),
        created_at = now() - (interval '1 minute' * (4 - split_part(dedupe_key, ':', 3)::int))
        WHERE dedupe_key LIKE 'received:%'`,
    );
  });

  it('lists the user’s own notifications, newest first, with counts', async () => {
    const list = await nurse.trpc.notifications.list.query({});
    expect(list.items.map((n) => n.id)).toEqual([...mine].reverse());
    expect(list).toMatchObject({ total: 3, unread: 3, page: 1, pageSize: 20 });
    expect(list.items[0]).toMatchObject({
      kind: 'referral_received',
      title: 'Nouvelle orientation : Gisèle Dupontel (3)',
      link: `/orientations/${referralId}`,
      readAt: null,
    });
    expect(await nurse.trpc.notifications.unreadCount.query()).toEqual({ count: 3 });
    expect(await manager.trpc.notifications.unreadCount.query()).toEqual({ count: 1 });
    const paged = await nurse.trpc.notifications.list.query({ page: 2, pageSize: 5 });
    expect(paged.items).toEqual([]);
    expect(paged.total).toBe(3);
  });

  it('marks read only the user’s own (others’ ids are ignored), audited', async () => {
    const r = await nurse.trpc.notifications.markRead.mutate({ ids: [mine[0]!, others[0]!] });
    expect(r).toEqual({ updated: 1 });
    expect(await manager.trpc.notifications.unreadCount.query()).toEqual({ count: 1 });
    expect(await nurse.trpc.notifications.unreadCount.query()).toEqual({ count: 2 });
    const unread = await nurse.trpc.notifications.list.query({ unreadOnly: true });
    expect(unread.items.map((n) => n.id)).toEqual([mine[2], mine[1]]);
    expect(unread.total).toBe(2);
    const all = await nurse.trpc.notifications.markRead.mutate({ all: true });
    expect(all).toEqual({ updated: 2 });
    expect(await nurse.trpc.notifications.unreadCount.query()).toEqual({ count: 0 });
    expect((await nurse.trpc.notifications.list.query({})).items.every((n) => n.readAt !== null)).toBe(true);
    const audit = await inTerritory(
      h,
      (
        tx,
      ) => tx`SELECT details FROM audit_event WHERE action = 'notification.read' AND user_id = ${users['infirmier.ssiad']!}
        ORDER BY seq`,
    );
    expect(audit.map((a) => a.details.updated)).toEqual([1, 2]);
    // The manager's notification is still theirs, unread.
    expect((await manager.trpc.notifications.list.query({})).items[0]!.readAt).toBeNull();
  });

  it('needs a session', async () => {
    expect(await codeOf(h.browser().trpc.notifications.unreadCount.query())).toBe('UNAUTHORIZED');
  });
});

describe('mail preference', () => {
  it('defaults to immediate; set and read back, audited', async () => {
    expect(await nurse.trpc.notifications.preference.query()).toEqual({ pref: 'immediate' });
    expect(await nurse.trpc.notifications.setPreference.mutate({ pref: 'daily' })).toEqual({ pref: 'daily' });
    expect(await worker.trpc.notifications.setPreference.mutate({ pref: 'none' })).toEqual({ pref: 'none' });
    expect(await nurse.trpc.notifications.preference.query()).toEqual({ pref: 'daily' });
    expect(await manager.trpc.notifications.preference.query()).toEqual({ pref: 'immediate' });
    const [a] = await inTerritory(
      h,
      (tx) => tx`SELECT object_id, details FROM audit_event WHERE action = 'notification.preference'
        AND user_id = ${users['infirmier.ssiad']!}`,
    );
    expect(a).toMatchObject({ object_id: users['infirmier.ssiad'], details: { before: 'immediate', after: 'daily' } });
    expect(await codeOf(nurse.trpc.notifications.setPreference.mutate({ pref: 'hourly' as never }))).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('delivery by mail', () => {
  it('immediate: one mail per notification, no person data, once even when the job is retried', async () => {
    const [id] = await emit({ userIds: [users['responsable.ssiad']!] }, received(20));
    await runAllJobs();
    const mails = await mailsTo(EMAIL('responsable.ssiad'));
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.subject).toBe('Une nouvelle orientation vous attend');
    expect(m.text_body).toContain('Structure qui oriente : Entraide Lunelloise');
    expect(m.text_body).toContain(`${ORIGIN}/orientations/${referralId}`);
    expect(m.html_body).toContain(`${ORIGIN}/orientations/${referralId}`);
    for (const body of [m.subject, m.text_body, m.html_body]) {
      expect(body).not.toMatch(/Dupontel|Gisèle|hôpital/);
    }
    const [row] = await inTerritory(h, (tx) => tx`SELECT mailed_at FROM notification WHERE id = ${id!}`);
    expect(row!.mailed_at).toBeInstanceOf(Date);

    // graphile-worker runs a job at least once: the same job again sends nothing.
    await h.db.superuser`SELECT graphile_worker.add_job('deliver_notifications',
      ${h.db.superuser.json({ territoryId: h.territoryId, notificationIds: [id!] })}::json)`;
    await runAllJobs();
    expect(await mailsTo(EMAIL('responsable.ssiad'))).toHaveLength(1);
  });

  it('the answer side names the recipients', async () => {
    await emit(
      { userIds: [users['responsable.ssiad']!] },
      {
        kind: 'referral_answered',
        dedupeKey: 'answered',
        title: 'Réponse',
        link: `/orientations/${referralId}`,
        referralId,
      },
    );
    await runAllJobs();
    const mails = await mailsTo(EMAIL('responsable.ssiad'));
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe('Une orientation que vous avez envoyée a reçu une réponse');
    expect(mails[1]!.text_body).toContain('Structure destinataire : SSIAD de l’Étang de l’Or');
  });

  it('none: never mailed, neither at once nor in the digest', async () => {
    const [id] = await emit({ userIds: [users['intervenante.entraide']!] }, received(30));
    await runAllJobs();
    await runDigest(nextParisHour(h.clock.now(), 8));
    expect(await mailsTo(EMAIL('intervenante.entraide'))).toEqual([]);
    const [row] = await inTerritory(h, (tx) => tx`SELECT mailed_at FROM notification WHERE id = ${id!}`);
    expect(row!.mailed_at).toBeNull();
  });

  it('daily: nothing at once; one digest at 8 h Paris time, once', async () => {
    const before = await emit({ userIds: [users['infirmier.ssiad']!] }, received(40));
    const second = await emit({ userIds: [users['infirmier.ssiad']!] }, { ...received(41), kind: 'referral_reminder' });
    // One already read in the bell: marked, not listed.
    const read = await emit({ userIds: [users['infirmier.ssiad']!] }, received(42));
    await nurse.trpc.notifications.markRead.mutate({ ids: read });
    await runAllJobs();
    expect(await mailsTo(EMAIL('infirmier.ssiad'))).toEqual([]);
    expect(await unmailed(users['infirmier.ssiad']!)).toBe(3);

    // The hourly cron at 7 h and 9 h Paris time sends nothing.
    const eight = nextParisHour(h.clock.now(), 8);
    await runDigest(new Date(eight.getTime() - 3_600_000));
    await runDigest(new Date(eight.getTime() + 3_600_000));
    expect(await mailsTo(EMAIL('infirmier.ssiad'))).toEqual([]);

    await runDigest(eight);
    const mails = await mailsTo(EMAIL('infirmier.ssiad'));
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.subject).toBe('Votre résumé Ensemblier : 2 notifications');
    expect(m.text_body).toContain('Une nouvelle orientation vous attend (Structure qui oriente : Entraide Lunelloise)');
    expect(m.text_body).toContain('Une orientation attend toujours votre réponse');
    expect(m.text_body).toContain(`${ORIGIN}/orientations/${referralId}`);
    expect(m.text_body).not.toMatch(/Dupontel|Gisèle/);
    expect(await unmailed(users['infirmier.ssiad']!)).toBe(0);
    expect(before.length + second.length).toBe(2);

    // A retried or backfilled run of the same day sends nothing more.
    await runDigest(eight);
    await runDigest(eight, 'cron');
    expect(await mailsTo(EMAIL('infirmier.ssiad'))).toHaveLength(1);

    // Something new after the digest waits for the next day's.
    await emit({ userIds: [users['infirmier.ssiad']!] }, received(43));
    await runDigest(new Date(eight.getTime() + 10 * 60_000)); // same day, same hour: already sent
    expect(await mailsTo(EMAIL('infirmier.ssiad'))).toHaveLength(1);
    expect(await unmailed(users['infirmier.ssiad']!)).toBe(1);
    await runDigest(nextParisHour(eight, 8), 'cron'); // the next day's tick, run late (backfill)
    const next = await mailsTo(EMAIL('infirmier.ssiad'));
    expect(next).toHaveLength(2);
    expect(next[1]!.subject).toBe('Votre résumé Ensemblier : 1 notification');
  });

  it('the crontab runs the digest hourly, with backfill', () => {
    const item = parseCrontab(CRONTAB).find((i) => i.task === 'notification_digest');
    expect(item).toMatchObject({ options: { backfillPeriod: 3 * 3_600_000 } });
    expect((item!.match as unknown as { parsedCronMatch: unknown }).parsedCronMatch).toMatchObject({ minutes: [0] });
  });
});
