import type { TransactionSql } from '@ensemblier/db';

export interface JobPayloads {
  send_mail: { territoryId: string; mailId: string };
  /** Cron (monthly); `now` (ISO) overrides the run's instant in tests and manual runs. */
  directory_freshness_reminders: { now?: string; _cron?: { ts: string; backfilled?: boolean } };
  /** Cron (every minute): seals the audit rows committed since the last run into the hash chain. */
  audit_seal: { _cron?: { ts: string; backfilled?: boolean } };
  /** Mails the notifications just created to the users who want them immediately. */
  deliver_notifications: { territoryId: string; notificationIds: string[] };
  /** Cron (hourly): the daily digest of unread notifications, at 8 h Paris time. */
  notification_digest: { now?: string; _cron?: { ts: string; backfilled?: boolean } };
  /** Cron (hourly): expires unanswered referrals and reminds recipients. */
  referral_lifecycle: { now?: string; _cron?: { ts: string; backfilled?: boolean } };
  /** Cron (hourly, acts at 7 h Paris): reminds assignees of tasks due today or overdue. */
  task_reminders: { now?: string; _cron?: { ts: string; backfilled?: boolean } };
  /** Cron (hourly, acts at 7 h Paris): alerts the référents of files inactive for 6 months. */
  person_inactivity_alerts: { now?: string; _cron?: { ts: string; backfilled?: boolean } };
  /** Cron (every 5 minutes): signals to the coordinators the people of a campaign not reached in time. */
  campaign_escalation: { now?: string; _cron?: { ts: string; backfilled?: boolean } };
  /** Cron (daily): archives inactive files, proposes due eliminations, runs approved ones. */
  retention_sweep: { now?: string; _cron?: { ts: string; backfilled?: boolean } };
  /** Runs one elimination an archivist just approved. */
  person_elimination: { territoryId: string; requestId: string; now?: string };
}
export type TaskName = keyof JobPayloads;

/** Enqueues a job in the caller's transaction: it exists only if the transaction commits. */
export async function enqueueJob<K extends TaskName>(
  tx: TransactionSql,
  task: K,
  payload: JobPayloads[K],
  options: { jobKey?: string; runAt?: Date; maxAttempts?: number } = {},
): Promise<void> {
  await tx`SELECT graphile_worker.add_job(${task}, ${tx.json(payload as never)}::json,
    job_key => ${options.jobKey ?? null}, run_at => ${options.runAt ?? null},
    max_attempts => ${options.maxAttempts ?? 10})`;
}
