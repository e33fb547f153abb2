import type { TransactionSql } from '@ensemblier/db';
import type { CallListEntry, CallOutcome, CampaignClock, CampaignType, LoggedCall } from '@ensemblier/shared';

/**
 * Reads campaigns, their call lists and their calls in the shape the shared rules take
 * (`callStates`, `campaignProgress`, `escalations`): the API procedures and the escalation job
 * share it. No person data here beyond ids.
 */

export interface CampaignRow {
  id: string;
  type: CampaignType;
  title: string | null;
  starts_at: Date;
  escalation_delay_hours: number;
  status: 'open' | 'closed';
  closed_at: Date | null;
  version: number;
  created_at: Date;
  created_by: string;
}

export const campaignColumns = (tx: TransactionSql) => tx`
  c.id, c.type, c.title, c.starts_at, c.escalation_delay_hours, c.status, c.closed_at, c.version, c.created_at,
  (SELECT u.name FROM app_user u WHERE u.id = c.created_by_user_id) AS created_by`;

export const clockOf = (c: CampaignRow): CampaignClock => ({
  startsAt: c.starts_at,
  escalationDelayHours: c.escalation_delay_hours,
  closedAt: c.closed_at,
});

export interface ListEntry extends CallListEntry {
  sector: string | null;
}

export interface CampaignData {
  list: ListEntry[];
  calls: LoggedCall[];
}

/**
 * The call lists and calls of these campaigns. One entry per person (the earliest assignment: a
 * merge may leave two rows for the same person); an entry written with the campaign (same
 * instant) is « on the list from the start » (`assignedAt` null), a later one counts from when
 * it was added.
 */
export async function campaignData(tx: TransactionSql, campaigns: readonly CampaignRow[]) {
  const ids = campaigns.map((c) => c.id);
  const data = new Map<string, CampaignData>(campaigns.map((c) => [c.id, { list: [], calls: [] }]));
  if (ids.length === 0) return data;
  const created = new Map(campaigns.map((c) => [c.id, c.created_at.getTime()]));
  const entries = await tx<
    { campaign_id: string; person_id: string; caller_user_id: string; assigned_at: Date; sector: string | null }[]
  >`
    SELECT DISTINCT ON (e.campaign_id, e.person_id) e.campaign_id, e.person_id, e.caller_user_id, e.assigned_at, e.sector
    FROM campaign_list_entry e WHERE e.campaign_id = ANY(${ids}::uuid[])
    ORDER BY e.campaign_id, e.person_id, e.assigned_at, e.id`;
  for (const e of entries)
    data.get(e.campaign_id)!.list.push({
      personId: e.person_id,
      callerUserId: e.caller_user_id,
      assignedAt: e.assigned_at.getTime() > created.get(e.campaign_id)! ? e.assigned_at : null,
      sector: e.sector,
    });
  const calls = await tx<{ campaign_id: string; person_id: string; outcome: CallOutcome; occurred_at: Date }[]>`
    SELECT campaign_id, person_id, outcome, occurred_at FROM campaign_call WHERE campaign_id = ANY(${ids}::uuid[])`;
  for (const c of calls)
    data.get(c.campaign_id)!.calls.push({ personId: c.person_id, outcome: c.outcome, occurredAt: c.occurred_at });
  return data;
}
