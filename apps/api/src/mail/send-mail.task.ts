import { withTerritory, type Sql } from '@ensemblier/db';
import type { JobPayloads } from '../worker/jobs.ts';
import type { MailTransport } from './transport.ts';

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  sent_at: Date | null;
}

/**
 * Sends one outbox mail. graphile-worker runs a job at least once: the row is locked,
 * skipped when already sent, and marked sent in the same transaction, so a retried job
 * (crash after the commit, or a duplicate job) never sends twice. The one window left is
 * a crash between the SMTP server's acceptance and our commit (see docs/architecture.md).
 */
export async function sendMailTask(
  sql: Sql,
  transport: MailTransport,
  payload: JobPayloads['send_mail'],
  domain: string,
): Promise<'sent' | 'already-sent' | 'missing'> {
  let failure: unknown = null;
  const result = await withTerritory(sql, payload.territoryId, async (tx) => {
    const [row] = await tx<OutboxRow[]>`
      SELECT id, to_address, subject, text_body, html_body, sent_at FROM outbox_mail
      WHERE id = ${payload.mailId} FOR UPDATE`;
    if (!row) return 'missing' as const;
    if (row.sent_at) return 'already-sent' as const;
    try {
      const transport_name = await transport(
        {
          messageId: `<${row.id}@${domain}>`,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
        },
        tx,
      );
      await tx`UPDATE outbox_mail SET sent_at = now(), transport = ${transport_name}, attempts = attempts + 1, last_error = NULL WHERE id = ${row.id}`;
      return 'sent' as const;
    } catch (error) {
      failure = error;
      await tx`UPDATE outbox_mail SET attempts = attempts + 1, last_error = ${String((error as Error).message ?? error).slice(0, 500)} WHERE id = ${row.id}`;
      return 'failed' as const;
    }
  });
  if (result === 'failed') throw failure; // graphile-worker retries with backoff
  return result;
}
