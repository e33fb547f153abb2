import type { TransactionSql } from '@ensemblier/db';
import { enqueueJob } from '../worker/jobs.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Same key → same mail: a retried request never queues it twice. */
  dedupeKey: string;
}

/** Writes the mail in the outbox and enqueues its sending, in the caller's transaction. */
export async function queueMail(tx: TransactionSql, territoryId: string, mail: OutgoingMail): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`
    INSERT INTO outbox_mail (territory_id, dedupe_key, to_address, subject, text_body, html_body)
    VALUES (${territoryId}, ${mail.dedupeKey}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html ?? null})
    ON CONFLICT (territory_id, dedupe_key) DO NOTHING
    RETURNING id`;
  if (!row) return null;
  await enqueueJob(tx, 'send_mail', { territoryId, mailId: row.id }, { jobKey: `mail:${row.id}` });
  return row.id;
}
