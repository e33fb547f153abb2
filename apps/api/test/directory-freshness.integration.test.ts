import { parseCrontab } from 'graphile-worker';
import { insertTerritory } from '@ensemblier/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRONTAB } from '../src/worker/runner.ts';
import { inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

let h: Harness;
let ssiadManager: Browser;
let services: Record<string, string>;
let T: Date;

const monthsBefore = (d: Date, months: number, days = 0) => {
  const r = new Date(d);
  r.setUTCMonth(r.getUTCMonth() - months);
  r.setUTCDate(r.getUTCDate() - days);
  return r;
};

async function runReminders(now: Date) {
  await h.db
    .superuser`SELECT graphile_worker.add_job('directory_freshness_reminders', ${h.db.superuser.json({ now: now.toISOString() })}::json)`;
  await h.runJobs(); // the cron task: writes the outbox, enqueues send_mail
  await h.runJobs(); // send_mail → dev_mail
}

const mailsTo = (email: string) =>
  h.db.superuser<{ subject: string; text_body: string; html_body: string }[]>`
    SELECT subject, text_body, html_body FROM dev_mail WHERE to_address = ${email} ORDER BY id`;

beforeAll(async () => {
  h = await setupApi();
  T = h.clock.now();
  ssiadManager = await h.as('responsable.ssiad@demo.ensemblier.fr');
  const rows = await inTerritory(h, (tx) => tx`SELECT id, nom FROM service`);
  services = Object.fromEntries(rows.map((r) => [r.nom, r.id]));
  // The SSIAD's two services: one confirmed 5 months (and a day) ago, one 7 months ago.
  await inTerritory(h, async (tx) => {
    await tx`UPDATE service SET date_maj = ${monthsBefore(T, 5, 1)} WHERE id = ${services['Soins infirmiers à domicile']!}`;
    await tx`UPDATE service SET date_maj = ${monthsBefore(T, 7)} WHERE id = ${services['Équipe spécialisée Alzheimer à domicile']!}`;
  });
});
afterAll(() => h.close());

describe('monthly freshness reminders', () => {
  it('the crontab runs the task monthly', () => {
    const item = parseCrontab(CRONTAB).find((i) => i.task === 'directory_freshness_reminders');
    expect(item).toMatchObject({ task: 'directory_freshness_reminders', options: { backfillPeriod: 2 * 86_400_000 } });
    expect((item!.match as unknown as { parsedCronMatch: unknown }).parsedCronMatch).toMatchObject({
      minutes: [0],
      hours: [7],
      dates: [1],
    });
  });

  it('mails each partner manager their services not confirmed for 6 months, once', async () => {
    await runReminders(T);
    const ssiad = await mailsTo('responsable.ssiad@demo.ensemblier.fr');
    expect(ssiad).toHaveLength(1);
    expect(ssiad[0]!.subject).toBe('Annuaire : 1 service à confirmer');
    const alzheimer = services['Équipe spécialisée Alzheimer à domicile']!;
    expect(ssiad[0]!.text_body).toContain('Équipe spécialisée Alzheimer à domicile');
    expect(ssiad[0]!.text_body).toContain(`http://localhost:3000/annuaire/services/${alzheimer}?confirmer=1`);
    expect(ssiad[0]!.html_body).toContain(`/annuaire/services/${alzheimer}?confirmer=1`);
    expect(ssiad[0]!.text_body).not.toContain('Soins infirmiers à domicile');

    const entraide = await mailsTo('responsable.entraide@demo.ensemblier.fr');
    expect(entraide).toHaveLength(1);
    expect(entraide[0]!.subject).toBe('Annuaire : 2 services à confirmer');
    expect(entraide[0]!.text_body).toContain('Vestiaire solidaire');
    expect(entraide[0]!.text_body).toContain('Accompagnement budgétaire');
    expect(entraide[0]!.text_body).not.toContain('Colis alimentaires');

    // Workers, volunteers and organisations without a manager get nothing.
    const [all] = await h.db.superuser`SELECT count(*)::int AS n FROM dev_mail`;
    expect(all?.n).toBe(2);

    // A retried or backfilled run in the same month mails nobody twice.
    await runReminders(T);
    const [again] = await h.db.superuser`SELECT count(*)::int AS n FROM dev_mail`;
    expect(again?.n).toBe(2);
    const [outbox] = await inTerritory(h, (tx) => tx`SELECT count(*)::int AS n FROM outbox_mail`);
    expect(outbox?.n).toBe(2);
  });

  it('“toujours à jour” takes the service out of next month’s reminder', async () => {
    const alzheimer = services['Équipe spécialisée Alzheimer à domicile']!;
    const before = await ssiadManager.trpc.directory.service.get.query({ id: alzheimer });
    expect(before.stale).toBe(true);
    await ssiadManager.trpc.directory.service.confirm.mutate({ id: alzheimer });
    expect((await ssiadManager.trpc.directory.service.get.query({ id: alzheimer })).stale).toBe(false);

    const nextMonth = new Date(T);
    nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1);
    await runReminders(nextMonth);
    const ssiad = await mailsTo('responsable.ssiad@demo.ensemblier.fr');
    expect(ssiad).toHaveLength(2);
    // A month later the 5-month-old service has turned stale; the confirmed one has not.
    expect(ssiad[1]!.text_body).toContain('Soins infirmiers à domicile');
    expect(ssiad[1]!.text_body).not.toContain('Équipe spécialisée Alzheimer');
  });
});

describe('app_territory_ids()', () => {
  it('gives the app role every territory id, and nothing else', async () => {
    const b = await insertTerritory(h.db.owner, 'Bêta');
    const ids = await h.db.app<{ id: string }[]>`SELECT app_territory_ids() AS id`;
    expect(ids.map((r) => r.id).sort()).toEqual([h.territoryId, b.territoryId].sort());
    // Without a territory set, the app role still sees no territory row, and the
    // enumeration setting is off again after the call.
    const [row] = await h.db.app.begin(
      (tx) => tx`SELECT (SELECT count(*) FROM app_territory_ids())::int AS listed,
        (SELECT count(*) FROM territory)::int AS visible,
        coalesce(current_setting('app.enumerate_territories', true), '') AS setting`,
    );
    expect(row).toEqual({ listed: 2, visible: 0, setting: '' });
    await h.db.app.begin(async (tx) => {
      await tx`SELECT set_config('app.enumerate_territories', 'on', true)`;
      const [r] = await tx`SELECT count(*)::int AS n FROM territory`;
      expect(r?.n).toBe(0); // the policy is the owner's only
    });
  });
});
