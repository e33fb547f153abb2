import { run, type Runner, type TaskList } from 'graphile-worker';
import type { Sql } from '@ensemblier/db';
import { systemClock, type Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { AUDIT_SEAL_CRONTAB, auditSealTask } from '../audit/seal.task.ts';
import { FRESHNESS_CRONTAB, freshnessRemindersTask, runInstant } from '../directory/freshness.task.ts';
import { sendMailTask } from '../mail/send-mail.task.ts';
import { DIGEST_CRONTAB, deliverNotificationsTask, notificationDigestTask } from '../notifications/delivery.task.ts';
import { createTransport, type MailTransport } from '../mail/transport.ts';
import { REFERRAL_LIFECYCLE_CRONTAB, referralLifecycleTask } from '../referrals/lifecycle.task.ts';
import { INACTIVITY_CRONTAB, inactivityAlertsTask } from '../persons/inactivity.task.ts';
import { TASK_REMINDERS_CRONTAB, taskRemindersTask } from '../tasks/reminders.task.ts';
import { personEliminationTask, RETENTION_SWEEP_CRONTAB, retentionSweepTask } from '../archives/retention.task.ts';
import { CAMPAIGN_ESCALATION_CRONTAB, campaignEscalationTask } from '../visits/campaign-escalation.task.ts';
import type { JobPayloads } from './jobs.ts';

export interface WorkerDeps {
  sql: Sql;
  config: Config;
  transport?: MailTransport;
  clock?: Clock;
}

/** Recurring tasks (UTC). */
export const CRONTAB = [
  AUDIT_SEAL_CRONTAB,
  FRESHNESS_CRONTAB,
  DIGEST_CRONTAB,
  REFERRAL_LIFECYCLE_CRONTAB,
  RETENTION_SWEEP_CRONTAB,
  TASK_REMINDERS_CRONTAB,
  INACTIVITY_CRONTAB,
  CAMPAIGN_ESCALATION_CRONTAB,
].join('\n');

export function buildTaskList(deps: WorkerDeps): TaskList {
  const transport = deps.transport ?? createTransport(deps.config);
  const domain = new URL(deps.config.origin).hostname;
  return {
    retention_sweep: async (payload) => {
      const now = runInstant(payload as JobPayloads['retention_sweep'], deps.clock ?? systemClock);
      await retentionSweepTask(deps.sql, now, deps.config.filesDir);
    },
    person_elimination: async (payload) => {
      const p = payload as JobPayloads['person_elimination'];
      const now = p.now ? new Date(p.now) : (deps.clock ?? systemClock).now();
      await personEliminationTask(deps.sql, p, now, deps.config.filesDir);
    },
    send_mail: async (payload) => {
      await sendMailTask(deps.sql, transport, payload as JobPayloads['send_mail'], domain);
    },
    directory_freshness_reminders: async (payload) => {
      const now = runInstant(payload as JobPayloads['directory_freshness_reminders'], deps.clock ?? systemClock);
      await freshnessRemindersTask(deps.sql, deps.config.origin, now);
    },
    deliver_notifications: async (payload) => {
      const now = (deps.clock ?? systemClock).now();
      await deliverNotificationsTask(
        deps.sql,
        deps.config.origin,
        payload as JobPayloads['deliver_notifications'],
        now,
      );
    },
    notification_digest: async (payload) => {
      const now = runInstant(payload as JobPayloads['notification_digest'], deps.clock ?? systemClock);
      await notificationDigestTask(deps.sql, deps.config.origin, now);
    },
    audit_seal: async () => {
      await auditSealTask(deps.sql);
    },
    referral_lifecycle: async (payload) => {
      const now = runInstant(payload as JobPayloads['referral_lifecycle'], deps.clock ?? systemClock);
      await referralLifecycleTask(deps.sql, now);
    },
    task_reminders: async (payload) => {
      const now = runInstant(payload as JobPayloads['task_reminders'], deps.clock ?? systemClock);
      await taskRemindersTask(deps.sql, now);
    },
    person_inactivity_alerts: async (payload) => {
      const now = runInstant(payload as JobPayloads['person_inactivity_alerts'], deps.clock ?? systemClock);
      await inactivityAlertsTask(deps.sql, now);
    },
    campaign_escalation: async (payload) => {
      const now = runInstant(payload as JobPayloads['campaign_escalation'], deps.clock ?? systemClock);
      await campaignEscalationTask(deps.sql, now);
    },
  };
}

/** The graphile-worker runner, connected as the app role (it has its own pg pool). */
export function startWorker(deps: WorkerDeps & { appUrl: string; concurrency?: number }): Promise<Runner> {
  return run({
    connectionString: deps.appUrl,
    concurrency: deps.concurrency ?? 2,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: buildTaskList(deps),
    crontab: CRONTAB,
  });
}
