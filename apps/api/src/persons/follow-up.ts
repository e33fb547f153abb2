import type { TransactionSql } from '@ensemblier/db';
import type { FollowUpReason } from '@ensemblier/shared';
import { grantPersonAccess, objectionInForceSql } from './access.ts';

/**
 * The person's follow-up group (groupe de suivi): the organisations currently supporting them.
 *
 * - Joining (an accepted referral, the CCAS adding it, later a commission) grants the
 *   organisation a `person_access` (reason 'follow_up' when it had none), or restores a revoked
 *   one — only when no objection covering the organisation is in force: with an objection the
 *   organisation does not join.
 * - Leaving (the organisation leaves, or the CCAS removes it) ends the membership and revokes the
 *   organisation's access at once, whatever gave it (a referral included: a new referral or a
 *   new membership restores it), except for the organisation that created the file, which keeps
 *   the file it holds. `revoked_reason = 'left_group'`: a later consent event does not restore it.
 * - An objection ends the membership of the organisations it covers (writeConsentEvent).
 */
export async function joinFollowUpGroup(
  tx: TransactionSql,
  m: {
    territoryId: string;
    personId: string;
    organisationId: string;
    reason: FollowUpReason;
    referentUserId?: string | null;
    addedByUserId: string;
    at: Date;
  },
): Promise<'joined' | 'already_member' | 'objection'> {
  const [objection] = await tx<{ v: boolean }[]>`
    SELECT ${objectionInForceSql(tx, m.personId, m.organisationId)} AS v`;
  if (objection!.v) return 'objection';
  const rows = await tx`
    INSERT INTO follow_up_member (territory_id, person_id, organisation_id, referent_user_id, reason, joined_at,
      added_by_user_id)
    VALUES (${m.territoryId}, ${m.personId}, ${m.organisationId}, ${m.referentUserId ?? null}, ${m.reason}, ${m.at},
      ${m.addedByUserId})
    ON CONFLICT (territory_id, person_id, organisation_id) WHERE left_at IS NULL DO NOTHING
    RETURNING id`;
  await grantPersonAccess(tx, m.territoryId, m.personId, [m.organisationId], 'follow_up', m.at);
  return rows.length > 0 ? 'joined' : 'already_member';
}

/** Ends the organisation's current membership and its access; false when it was not a member. */
export async function leaveFollowUpGroup(
  tx: TransactionSql,
  m: { personId: string; organisationId: string; endedByUserId: string; at: Date },
): Promise<boolean> {
  const rows = await tx`
    UPDATE follow_up_member SET left_at = GREATEST(${m.at}::timestamptz, joined_at), ended_by_user_id = ${m.endedByUserId}
    WHERE person_id = ${m.personId} AND organisation_id = ${m.organisationId} AND left_at IS NULL
    RETURNING id`;
  if (rows.length === 0) return false;
  await tx`
    UPDATE person_access SET revoked_at = ${m.at}, revoked_reason = 'left_group'
    WHERE person_id = ${m.personId} AND organisation_id = ${m.organisationId} AND revoked_at IS NULL
      AND reason <> 'creator'`;
  return true;
}

/** The organisations currently in the person's follow-up group. */
export async function groupOrganisationIds(tx: TransactionSql, personId: string): Promise<string[]> {
  const rows = await tx<{ organisation_id: string }[]>`
    SELECT organisation_id FROM follow_up_member WHERE person_id = ${personId} AND left_at IS NULL`;
  return rows.map((r) => r.organisation_id);
}

/** Is the user a référent of the person's file (named référent of a current group member)? */
export async function isReferent(tx: TransactionSql, personId: string, userId: string): Promise<boolean> {
  const [row] = await tx`
    SELECT 1 FROM follow_up_member WHERE person_id = ${personId} AND left_at IS NULL AND referent_user_id = ${userId}`;
  return row !== undefined;
}
