import { withTerritory, type Sql } from '@ensemblier/db';
import type { Role } from '@ensemblier/shared';
import { notify } from '../notifications/emit.ts';
import { parisTime } from '../notifications/delivery.task.ts';
import { personAccessSql } from '../persons/access.ts';
import { personTasksLink } from './common.ts';

/**
 * The daily jobs about persons' files (task reminders, inactivity alerts) run hourly (UTC) and
 * act at 7 h Paris time: their notifications are then in the 8 h daily digest of the users who
 * chose it (notification_digest), and mailed at once to the others. Three hours of backfill.
 */
export const DAILY_FILE_JOBS_HOUR = 7;
export const TASK_REMINDERS_CRONTAB = '0 * * * * task_reminders ?fill=3h&max=3';

const BATCH = 500;

const frenchDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * task_reminders: every open task due today (Paris) or overdue whose reminder was not sent for
 * its due date notifies its assignee (bell, and mail per preference) — once per task and due
 * date (`reminded_for`, and the notification's dedupe key task_due:<task>:<due date>) — when the
 * assignee is still an active member of the organisation the task was given for and still sees
 * the file. Territory by territory (app_territory_ids()), by batches. Not an activity on the file.
 */
export async function taskRemindersTask(
  sql: Sql,
  now: Date,
): Promise<{ territories: number; reminded: number; skipped: boolean }> {
  const local = parisTime(now);
  if (local.hour !== DAILY_FILE_JOBS_HOUR) return { territories: 0, reminded: 0, skipped: true };
  const today = local.date;
  const territories = await sql<{ id: string }[]>`SELECT app_territory_ids() AS id`;
  let reminded = 0;
  for (const { id: territoryId } of territories) {
    for (;;) {
      const done = await withTerritory(sql, territoryId, async (tx) => {
        const due = await tx<
          {
            id: string;
            person_id: string;
            due_on: string;
            assignee_user_id: string;
            assignee_organisation_id: string;
            role: Role | null;
          }[]
        >`
          SELECT t.id, t.person_id, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.assignee_user_id,
            t.assignee_organisation_id,
            (SELECT m.role FROM membership m WHERE m.user_id = t.assignee_user_id
              AND m.organisation_id = t.assignee_organisation_id AND m.status = 'active' LIMIT 1) AS role
          FROM person_task t
          WHERE t.status = 'a_faire' AND t.due_on <= ${today}::date AND t.reminded_for IS DISTINCT FROM t.due_on
          ORDER BY t.due_on, t.id
          LIMIT ${BATCH}
          FOR UPDATE OF t SKIP LOCKED`;
        let n = 0;
        for (const t of due) {
          if (t.role) {
            const actor = { userId: t.assignee_user_id, role: t.role, organisationId: t.assignee_organisation_id };
            const [seen] = await tx<{ ok: boolean }[]>`
              SELECT ${personAccessSql(tx, { actor }, 'p.id')} AS ok FROM person p WHERE p.id = ${t.person_id}`;
            if (seen?.ok) {
              const overdue = t.due_on < today;
              const ids = await notify(
                tx,
                territoryId,
                { userIds: [t.assignee_user_id] },
                {
                  kind: 'task_due',
                  dedupeKey: `task_due:${t.id}:${t.due_on}`,
                  title: overdue ? 'Une tâche qui vous est confiée est en retard' : 'Une tâche est à faire aujourd’hui',
                  body: `Échéance : ${frenchDay(t.due_on)}. Ouvrez le dossier ou « Mes tâches » pour la voir.`,
                  link: personTasksLink(t.person_id),
                },
              );
              n += ids.length;
            }
          }
          await tx`UPDATE person_task SET reminded_for = due_on WHERE id = ${t.id}`;
        }
        return { batch: due.length, notified: n };
      });
      reminded += done.notified;
      if (done.batch < BATCH) break;
    }
  }
  return { territories: territories.length, reminded, skipped: false };
}
