import { withTerritory, type Sql, type TransactionSql } from '@ensemblier/db';
import { queueMail } from '../mail/outbox.ts';
import { notificationDigestMail, notificationMail, type NotificationMailItem } from '../mail/templates.ts';
import type { JobPayloads } from '../worker/jobs.ts';

/**
 * Hourly (UTC); the run whose instant is 8 h in Paris sends the digests. Three hours of
 * backfill: a worker down at 8 h still sends the day's digest when it comes back (the
 * backfilled job carries the 8 h tick as its instant).
 */
export const DIGEST_CRONTAB = '0 * * * * notification_digest ?fill=3h&max=3';
/** Local hour (Europe/Paris) of the daily digest. */
export const DIGEST_HOUR = 8;

/** Kinds told to the recipient side (they name the sender); the others go to the sender side. */
const RECIPIENT_SIDE = new Set([
  'referral_received',
  'referral_to_route',
  'referral_reminder',
  'referral_cancelled',
  'referral_message',
]);

interface MailRow {
  id: string;
  user_id: string;
  kind: string;
  link: string | null;
  referral_id: string | null;
  email: string;
  name: string;
  read_at: Date | null;
}

/** A safe absolute URL: only a path inside the application is kept. */
const urlOf = (origin: string, link: string | null) =>
  `${origin}${link && link.startsWith('/') && !link.startsWith('//') ? link : '/'}`;

/** The organisations of each referral, phrased for the mail (names only: no person data). */
async function organisationLines(
  tx: TransactionSql,
  rows: readonly MailRow[],
): Promise<Map<string, { sender: string; recipients: string[] }>> {
  const ids = [...new Set(rows.map((r) => r.referral_id).filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const found = await tx<{ id: string; sender: string; recipients: string[] }[]>`
    SELECT r.id, so.name AS sender,
      coalesce((SELECT array_agg(DISTINCT o.name ORDER BY o.name) FROM referral_task t
        JOIN organisation o ON o.territory_id = t.territory_id AND o.id = t.recipient_organisation_id
        WHERE t.territory_id = r.territory_id AND t.referral_id = r.id AND t.state <> 'brouillon'), '{}') AS recipients
    FROM referral r JOIN organisation so ON so.territory_id = r.territory_id AND so.id = r.sender_organisation_id
    WHERE r.id = ANY(${ids}::uuid[])`;
  return new Map(found.map((f) => [f.id, { sender: f.sender, recipients: f.recipients }]));
}

function mailItem(
  origin: string,
  row: MailRow,
  orgs: Map<string, { sender: string; recipients: string[] }>,
): NotificationMailItem {
  const o = row.referral_id ? orgs.get(row.referral_id) : undefined;
  let organisations: string | null = null;
  if (o) {
    if (RECIPIENT_SIDE.has(row.kind)) organisations = `Structure qui oriente : ${o.sender}`;
    else if (o.recipients.length > 0)
      organisations = `${o.recipients.length === 1 ? 'Structure destinataire' : 'Structures destinataires'} : ${o.recipients.join(', ')}`;
  }
  return { kind: row.kind, organisations, url: urlOf(origin, row.link) };
}

/**
 * deliver_notifications: mails each notification of the payload whose user wants them at once
 * and that is not mailed yet, then records mailed_at — in one transaction with the outbox row
 * (dedupe key notification:<id>), so a retried job sends nothing twice. Users on the daily
 * digest are left to it; users who want no mail get none (their rows stay unmailed).
 */
export async function deliverNotificationsTask(
  sql: Sql,
  origin: string,
  payload: JobPayloads['deliver_notifications'],
  now: Date,
): Promise<{ mails: number }> {
  if (payload.notificationIds.length === 0) return { mails: 0 };
  return withTerritory(sql, payload.territoryId, async (tx) => {
    const rows = await tx<MailRow[]>`
      SELECT n.id, n.user_id, n.kind, n.link, n.referral_id, u.email, u.name, n.read_at
      FROM notification n JOIN app_user u ON u.territory_id = n.territory_id AND u.id = n.user_id
      WHERE n.id = ANY(${payload.notificationIds}::uuid[]) AND n.mailed_at IS NULL
        AND u.notification_pref = 'immediate' AND u.status = 'active'
      ORDER BY n.id
      FOR UPDATE OF n`;
    if (rows.length === 0) return { mails: 0 };
    const orgs = await organisationLines(tx, rows);
    let mails = 0;
    for (const row of rows) {
      const mail = notificationMail({ name: row.name, item: mailItem(origin, row, orgs) });
      if (await queueMail(tx, payload.territoryId, { to: row.email, ...mail, dedupeKey: `notification:${row.id}` }))
        mails++;
    }
    await tx`UPDATE notification SET mailed_at = ${now} WHERE id = ANY(${rows.map((r) => r.id)}::uuid[])`;
    return { mails };
  });
}

const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The local date (yyyy-mm-dd) and hour of an instant in Paris. */
export function parisTime(at: Date): { date: string; hour: number } {
  const parts = Object.fromEntries(PARIS.formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * notification_digest: at 8 h Paris time, for every territory (app_territory_ids(), one
 * transaction each), every active user on the daily digest with notifications not mailed yet
 * and created before the run's instant gets one mail listing the unread ones (dedupe key
 * digest:<user>:<Paris date>), and those notifications get mailed_at. Read ones are marked
 * too (already seen in the bell: not worth a mail). If the day's digest was already sent (a
 * retried run), nothing is marked: what came since goes in tomorrow's.
 */
export async function notificationDigestTask(
  sql: Sql,
  origin: string,
  now: Date,
): Promise<{ territories: number; mails: number; skipped: boolean }> {
  const local = parisTime(now);
  if (local.hour !== DIGEST_HOUR) return { territories: 0, mails: 0, skipped: true };
  const territories = await sql<{ id: string }[]>`SELECT app_territory_ids() AS id`;
  let mails = 0;
  for (const { id: territoryId } of territories) {
    mails += await withTerritory(sql, territoryId, async (tx) => {
      const rows = await tx<MailRow[]>`
        SELECT n.id, n.user_id, n.kind, n.link, n.referral_id, u.email, u.name, n.read_at
        FROM app_user u
        JOIN notification n ON n.territory_id = u.territory_id AND n.user_id = u.id AND n.mailed_at IS NULL
        WHERE u.notification_pref = 'daily' AND u.status = 'active' AND n.created_at < ${now}
        ORDER BY u.id, n.created_at, n.id
        FOR UPDATE OF n`;
      if (rows.length === 0) return 0;
      const orgs = await organisationLines(
        tx,
        rows.filter((r) => !r.read_at),
      );
      const byUser = new Map<string, MailRow[]>();
      for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
      let queued = 0;
      const mailed: string[] = [];
      for (const [userId, list] of byUser) {
        const unread = list.filter((r) => !r.read_at);
        if (unread.length > 0) {
          const mail = notificationDigestMail({
            name: list[0]!.name,
            items: unread.map((r) => mailItem(origin, r, orgs)),
          });
          const id = await queueMail(tx, territoryId, {
            to: list[0]!.email,
            ...mail,
            dedupeKey: `digest:${userId}:${local.date}`,
          });
          if (!id) continue; // today's digest already went: these wait for tomorrow's
          queued++;
        }
        mailed.push(...list.map((r) => r.id));
      }
      if (mailed.length > 0) await tx`UPDATE notification SET mailed_at = ${now} WHERE id = ANY(${mailed}::uuid[])`;
      return queued;
    });
  }
  return { territories: territories.length, mails, skipped: false };
}
