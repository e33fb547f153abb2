import { withTerritory, type Sql, type TransactionSql } from '@ensemblier/db';
import { notify } from '../notifications/emit.ts';
import { parisTime } from '../notifications/delivery.task.ts';
import { DAILY_FILE_JOBS_HOUR } from '../tasks/reminders.task.ts';

/** Hourly (UTC); acts at 7 h Paris (see DAILY_FILE_JOBS_HOUR). */
export const INACTIVITY_CRONTAB = '0 * * * * person_inactivity_alerts ?fill=3h&max=3';

/** A file is inactive when nothing was written about the person for this long. */
export const INACTIVITY_INTERVAL = '6 months';

const BATCH = 200;

/**
 * Who is told that a file is inactive:
 * 1. the file's référents (the named référent of each organisation currently in the follow-up
 *    group, still an active member of it);
 * 2. without any, the managers (partner_manager, coordinator) of the group's organisations —
 *    or, when the group is empty, of the organisations still holding the file;
 * 3. without any, the territory's coordinators (the CCAS watches the persons nobody follows).
 */
async function recipients(
  tx: TransactionSql,
  personId: string,
): Promise<{ userIds?: string[]; coordinators?: boolean }> {
  const referents = await tx<{ id: string }[]>`
    SELECT DISTINCT f.referent_user_id AS id FROM follow_up_member f
    JOIN membership m ON m.territory_id = f.territory_id AND m.user_id = f.referent_user_id
      AND m.organisation_id = f.organisation_id AND m.status = 'active'
    JOIN app_user u ON u.territory_id = f.territory_id AND u.id = f.referent_user_id AND u.status = 'active'
    WHERE f.person_id = ${personId} AND f.left_at IS NULL AND f.referent_user_id IS NOT NULL`;
  if (referents.length > 0) return { userIds: referents.map((r) => r.id) };
  const managers = await tx<{ id: string }[]>`
    WITH orgs AS (
      SELECT organisation_id FROM follow_up_member WHERE person_id = ${personId} AND left_at IS NULL
    ), holders AS (
      SELECT organisation_id FROM orgs
      UNION
      SELECT organisation_id FROM person_access
      WHERE person_id = ${personId} AND revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM orgs)
    )
    SELECT DISTINCT m.user_id AS id FROM membership m
    JOIN app_user u ON u.territory_id = m.territory_id AND u.id = m.user_id AND u.status = 'active'
    WHERE m.organisation_id IN (SELECT organisation_id FROM holders) AND m.status = 'active'
      AND m.role IN ('partner_manager', 'coordinator')`;
  if (managers.length > 0) return { userIds: managers.map((r) => r.id) };
  return { coordinators: true };
}

/**
 * person_inactivity_alerts: every active file (person.status 'active') whose last activity is
 * older than 6 months and that was not alerted since that activity notifies its référents
 * (recipients above): once per period of inactivity — `person.inactivity_alerted_at` records
 * it, and a new activity (last_activity_at after it) opens a new period; the notification's
 * dedupe key carries the last activity. The alert is not an activity: no timeline entry, and
 * person.version is untouched, so last_activity_at (and the 24-month archiving) does not move.
 */
export async function inactivityAlertsTask(
  sql: Sql,
  now: Date,
): Promise<{ territories: number; alerted: number; skipped: boolean }> {
  if (parisTime(now).hour !== DAILY_FILE_JOBS_HOUR) return { territories: 0, alerted: 0, skipped: true };
  const territories = await sql<{ id: string }[]>`SELECT app_territory_ids() AS id`;
  let alerted = 0;
  for (const { id: territoryId } of territories) {
    for (;;) {
      const batch = await withTerritory(sql, territoryId, async (tx) => {
        const files = await tx<{ id: string; last_activity_at: Date }[]>`
          SELECT p.id, p.last_activity_at FROM person p
          WHERE p.last_activity_at < ${now}::timestamptz - ${INACTIVITY_INTERVAL}::interval
            AND p.status = 'active'
            AND (p.inactivity_alerted_at IS NULL OR p.inactivity_alerted_at < p.last_activity_at)
          ORDER BY p.last_activity_at, p.id
          LIMIT ${BATCH}
          FOR UPDATE OF p SKIP LOCKED`;
        for (const f of files) {
          await notify(tx, territoryId, await recipients(tx, f.id), {
            kind: 'person_inactive',
            dedupeKey: `person_inactive:${f.id}:${f.last_activity_at.toISOString()}`,
            title: 'Dossier sans activité depuis 6 mois',
            body: 'Rien n’a été noté depuis plus de 6 mois sur le dossier d’une personne que vous suivez. Vérifiez si l’accompagnement continue : sans activité pendant 24 mois, le dossier sera archivé.',
            link: `/personnes/${f.id}`,
          });
          await tx`UPDATE person SET inactivity_alerted_at = ${now} WHERE id = ${f.id}`;
        }
        return files.length;
      });
      alerted += batch;
      if (batch < BATCH) break;
    }
  }
  return { territories: territories.length, alerted, skipped: false };
}
