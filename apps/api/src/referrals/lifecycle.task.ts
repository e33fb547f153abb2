import { withTerritory, type Sql, type TransactionSql } from '@ensemblier/db';
import { nextState, type ReferralState } from '@ensemblier/shared';
import { notify } from '../notifications/emit.ts';
import { DAY_MS, recordEvent, referralLink, refreshOverallState } from './common.ts';
import { thematiquesText } from './procedures/create.ts';

/** Hourly (UTC), with a few hours of backfill if the worker was down. */
export const REFERRAL_LIFECYCLE_CRONTAB = '17 * * * * referral_lifecycle ?fill=6h&max=1';

const BATCH = 500;

interface WaitingTask {
  id: string;
  referral_id: string;
  state: ReferralState;
  recipient_organisation_id: string;
  recipient_organisation_name: string;
  to_route: boolean;
  sent_at: Date;
  sender_user_id: string;
  thematiques: string[];
}

async function waitingTasks(tx: TransactionSql, where: ReturnType<TransactionSql>, after: string | null) {
  return tx<WaitingTask[]>`
    SELECT t.id, t.referral_id, t.state, t.recipient_organisation_id, o.name AS recipient_organisation_name,
      t.to_route, t.sent_at, r.sender_user_id, r.thematiques
    FROM referral_task t
    JOIN referral r ON r.id = t.referral_id
    JOIN organisation o ON o.id = t.recipient_organisation_id
    WHERE t.state IN ('envoyee', 'vue') AND ${where} AND (${after}::uuid IS NULL OR t.id > ${after}::uuid)
    ORDER BY t.id
    LIMIT ${BATCH}`;
}

/**
 * For every territory: tasks unanswered for referral_expiry_days expire (a system transition:
 * history row, sender and coordinators notified); tasks still waiting whose last reminder (or
 * sending) is referral_reminder_days old remind the recipient. Notification keys carry the task
 * (and the reminder's number), so a retried or backfilled run notifies nobody twice.
 */
export async function referralLifecycleTask(
  sql: Sql,
  now: Date,
): Promise<{ territories: number; expired: number; reminded: number }> {
  const territories = await sql<{ id: string }[]>`SELECT app_territory_ids() AS id`;
  let expired = 0;
  let reminded = 0;
  for (const { id: territoryId } of territories) {
    const done = await withTerritory(sql, territoryId, async (tx) => {
      const [settings] = await tx<{ expiry: number; reminder: number }[]>`
        SELECT referral_expiry_days AS expiry, referral_reminder_days AS reminder FROM territory`;
      if (!settings) return { expired: 0, reminded: 0 };
      const expiryBefore = new Date(now.getTime() - settings.expiry * DAY_MS);
      const reminderBefore = new Date(now.getTime() - settings.reminder * DAY_MS);
      let e = 0;
      let r = 0;

      for (let after: string | null = null; ;) {
        const tasks = await waitingTasks(tx, tx`t.sent_at <= ${expiryBefore}`, after);
        for (const t of tasks) {
          const to = nextState(t.state, 'expire', 'system');
          if (!to) continue;
          const [row] = await tx`
            UPDATE referral_task SET state = ${to}, version = version + 1, updated_at = ${now}, closed_at = ${now}
            WHERE id = ${t.id} AND state = ${t.state} RETURNING id`;
          if (!row) continue;
          await recordEvent(tx, 'expire', {
            territoryId,
            referralId: t.referral_id,
            taskId: t.id,
            at: now,
            actorUserId: null,
            actorOrganisationId: null,
            fromState: t.state,
            toState: to,
          });
          await refreshOverallState(tx, t.referral_id, now);
          await notify(
            tx,
            territoryId,
            { userIds: [t.sender_user_id], coordinators: true },
            {
              kind: 'referral_expired',
              dedupeKey: `referral_expired:${t.id}`,
              title: `Orientation expirée sans réponse de ${t.recipient_organisation_name}`,
              body: `Sans réponse depuis ${settings.expiry} jours, l’orientation (${thematiquesText(t.thematiques)}) a expiré. Le CCAS peut la réorienter.`,
              link: referralLink(t.referral_id),
              referralId: t.referral_id,
            },
          );
          e++;
        }
        if (tasks.length < BATCH) break;
        after = tasks.at(-1)!.id;
      }

      for (let after: string | null = null; ;) {
        const tasks = await waitingTasks(
          tx,
          tx`t.sent_at > ${expiryBefore} AND t.sent_at <= ${reminderBefore}
            AND (t.last_reminder_at IS NULL OR t.last_reminder_at <= ${reminderBefore})`,
          after,
        );
        for (const t of tasks) {
          const days = Math.floor((now.getTime() - t.sent_at.getTime()) / DAY_MS);
          const number = Math.floor(days / settings.reminder);
          await notify(
            tx,
            territoryId,
            t.to_route ? { coordinators: true } : { organisationIds: [t.recipient_organisation_id] },
            {
              kind: 'referral_reminder',
              dedupeKey: `referral_reminder:${t.id}:${number}`,
              title: `Orientation en attente de réponse depuis ${days} jours`,
              body: `Une orientation (${thematiquesText(t.thematiques)}) attend votre réponse depuis ${days} jours. Sans réponse, elle expirera après ${settings.expiry} jours.`,
              link: referralLink(t.referral_id),
              referralId: t.referral_id,
            },
          );
          await tx`UPDATE referral_task SET last_reminder_at = ${now} WHERE id = ${t.id}`;
          r++;
        }
        if (tasks.length < BATCH) break;
        after = tasks.at(-1)!.id;
      }
      return { expired: e, reminded: r };
    });
    expired += done.expired;
    reminded += done.reminded;
  }
  return { territories: territories.length, expired, reminded };
}
