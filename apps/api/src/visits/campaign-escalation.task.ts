import { withTerritory, type Sql } from '@ensemblier/db';
import { escalationNotifications, escalations } from '@ensemblier/shared';
import { notify } from '../notifications/emit.ts';
import { campaignColumns, campaignData, clockOf, type CampaignRow } from './campaign-data.ts';

/**
 * Every 5 minutes (a campaign's deadline is in hours), with an hour of backfill if the worker was
 * down. For every territory and every open campaign whose first deadline has passed: the people
 * not reached at their deadline (`escalations`) are signalled to the coordinators, one
 * notification per campaign and deadline (`escalationNotifications`). The dedupe keys carry the
 * campaign and the deadline, so running it again (every 5 minutes, retried, backfilled) notifies
 * nobody twice. Nothing is stored: a person's « escalated » status is derived from the clock.
 */
export const CAMPAIGN_ESCALATION_CRONTAB = '*/5 * * * * campaign_escalation ?fill=1h&max=1';

export async function campaignEscalationTask(
  sql: Sql,
  now: Date,
): Promise<{ territories: number; campaigns: number; escalated: number; notified: number }> {
  const territories = await sql<{ id: string }[]>`SELECT app_territory_ids() AS id`;
  let campaigns = 0;
  let escalated = 0;
  let notified = 0;
  for (const { id: territoryId } of territories) {
    const done = await withTerritory(sql, territoryId, async (tx) => {
      const rows = await tx<CampaignRow[]>`
        SELECT ${campaignColumns(tx)} FROM campaign c
        WHERE c.status = 'open' AND c.starts_at <= ${now}
          AND c.starts_at + make_interval(hours => c.escalation_delay_hours) <= ${now}
        ORDER BY c.starts_at, c.id`;
      const data = await campaignData(tx, rows);
      let e = 0;
      let n = 0;
      for (const c of rows) {
        const d = data.get(c.id)!;
        const late = escalations(clockOf(c), d.list, d.calls, now);
        e += late.length;
        for (const spec of escalationNotifications(c.id, late, c.escalation_delay_hours)) {
          const ids = await notify(tx, territoryId, spec.audience, {
            kind: spec.kind,
            dedupeKey: spec.dedupeKey,
            title: spec.title,
            body: spec.body,
            link: spec.link,
          });
          n += ids.length;
        }
      }
      return { campaigns: rows.length, escalated: e, notified: n };
    });
    campaigns += done.campaigns;
    escalated += done.escalated;
    notified += done.notified;
  }
  return { territories: territories.length, campaigns, escalated, notified };
}
