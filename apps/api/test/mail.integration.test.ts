import { SMTPServer } from 'smtp-server';
import { runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTerritory } from '@ensemblier/db';
import { queueMail } from '../src/mail/outbox.ts';
import { buildTaskList } from '../src/worker/runner.ts';
import { setupApi, type Harness } from './harness.ts';

let h: Harness;
let smtp: SMTPServer;
let port = 0;
const received: { to: string; messageId: string | undefined; raw: string }[] = [];

beforeAll(async () => {
  h = await setupApi();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          messageId: /Message-ID: (.*)/i.exec(raw)?.[1]?.trim(),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await h.close();
});

describe('mail outbox through SMTP', () => {
  it('a job retried after a crash sends one mail', async () => {
    const config = { ...h.config, smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true` };
    const tasks = buildTaskList({ sql: h.db.app, config });
    let crashes = 1;
    // The worker "crashes" after the mail task has committed, before the queue records the
    // job as done: graphile-worker will run the same job again.
    const crashingTasks = {
      send_mail: async (payload: unknown, helpers: unknown) => {
        await tasks.send_mail!(payload as never, helpers as never);
        if (crashes-- > 0) throw new Error('worker crashed after sending');
      },
    };
    await withTerritory(h.db.app, h.territoryId, (tx) =>
      queueMail(tx, h.territoryId, {
        to: 'destinataire@exemple.fr',
        subject: 'Essai',
        text: 'Bonjour',
        dedupeKey: 'essai-1',
      }),
    );
    await runOnce({ connectionString: h.db.appUrl, taskList: crashingTasks });
    const [job] = await h.db.superuser`SELECT attempts, last_error FROM graphile_worker._private_jobs`;
    expect(job).toMatchObject({ attempts: 1, last_error: expect.stringContaining('worker crashed') });
    await h.db.superuser`UPDATE graphile_worker._private_jobs SET run_at = now()`; // no need to wait for the backoff
    await runOnce({ connectionString: h.db.appUrl, taskList: crashingTasks });
    expect(await h.db.superuser`SELECT 1 FROM graphile_worker._private_jobs`).toHaveLength(0);
    expect(received.filter((m) => m.to === 'destinataire@exemple.fr')).toHaveLength(1);
    const [row] = await withTerritory(
      h.db.app,
      h.territoryId,
      (tx) => tx`SELECT sent_at, transport, attempts FROM outbox_mail WHERE dedupe_key = 'essai-1'`,
    );
    expect(row).toMatchObject({ transport: 'smtp', attempts: 1 });
    expect(row?.sent_at).toBeInstanceOf(Date);
  });

  it('queueing the same mail twice (a retried request) writes one outbox row and one job', async () => {
    for (let i = 0; i < 2; i++) {
      await withTerritory(h.db.app, h.territoryId, (tx) =>
        queueMail(tx, h.territoryId, { to: 'double@exemple.fr', subject: 'Double', text: 'x', dedupeKey: 'double-1' }),
      );
    }
    const rows = await withTerritory(
      h.db.app,
      h.territoryId,
      (tx) => tx`SELECT id FROM outbox_mail WHERE dedupe_key = 'double-1'`,
    );
    expect(rows).toHaveLength(1);
    expect(await h.db.superuser`SELECT 1 FROM graphile_worker._private_jobs`).toHaveLength(1);
  });

  it('an SMTP failure is recorded and retried, then sent once', async () => {
    const down = { ...h.config, smtpUrl: 'smtp://127.0.0.1:1?ignoreTLS=true&connectionTimeout=500' };
    await runOnce({ connectionString: h.db.appUrl, taskList: buildTaskList({ sql: h.db.app, config: down }) });
    const [failed] = await withTerritory(
      h.db.app,
      h.territoryId,
      (tx) => tx`SELECT sent_at, attempts, last_error FROM outbox_mail WHERE dedupe_key = 'double-1'`,
    );
    expect(failed).toMatchObject({ sent_at: null, attempts: 1 });
    expect(failed?.last_error).toBeTruthy();
    await h.db.superuser`UPDATE graphile_worker._private_jobs SET run_at = now()`;
    const up = { ...h.config, smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true` };
    await runOnce({ connectionString: h.db.appUrl, taskList: buildTaskList({ sql: h.db.app, config: up }) });
    expect(received.filter((m) => m.to === 'double@exemple.fr')).toHaveLength(1);
  });
});
