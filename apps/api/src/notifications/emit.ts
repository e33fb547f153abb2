import type { TransactionSql } from '@ensemblier/db';
import type { NotificationKind } from '@ensemblier/shared';
import { enqueueJob } from '../worker/jobs.ts';

/** Who receives a notification. */
export interface NotificationAudience {
  /** These users. */
  userIds?: readonly string[];
  /** Every active professional member (not volunteers, not commission members) of these organisations. */
  organisationIds?: readonly string[];
  /** Every active coordinator of the territory. */
  coordinators?: boolean;
  /** Never this user (the one who acted). */
  exceptUserId?: string | null;
}

export interface NotificationSpec {
  kind: NotificationKind;
  /** Same key for the same user → one notification: a retried job or request emits it once. */
  dedupeKey: string;
  title: string;
  body?: string;
  /** A path inside the application, e.g. /orientations/<id>. */
  link?: string;
  referralId?: string;
}

/**
 * Writes the in-app notifications (the bell) in the caller's transaction and enqueues their
 * delivery by mail (per each user's preference) in the same transaction: they exist only if
 * the change commits. Returns the ids of the notifications created now.
 */
export async function notify(
  tx: TransactionSql,
  territoryId: string,
  audience: NotificationAudience,
  spec: NotificationSpec,
): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`
    WITH target AS (
      SELECT u.id FROM app_user u
      WHERE u.status = 'active' AND (
        u.id = ANY(${audience.userIds ?? []}::uuid[])
        OR EXISTS (SELECT 1 FROM membership m WHERE m.territory_id = u.territory_id AND m.user_id = u.id
          AND m.status = 'active' AND (
            (m.organisation_id = ANY(${audience.organisationIds ?? []}::uuid[])
              AND m.role IN ('admin', 'coordinator', 'partner_manager', 'partner_worker'))
            OR (${audience.coordinators ?? false} AND m.role = 'coordinator'))))
        AND u.id IS DISTINCT FROM ${audience.exceptUserId ?? null}::uuid
    )
    INSERT INTO notification (territory_id, user_id, dedupe_key, kind, title, body, link, referral_id)
    SELECT ${territoryId}, id, ${spec.dedupeKey}, ${spec.kind}, ${spec.title}, ${spec.body ?? ''},
      ${spec.link ?? null}, ${spec.referralId ?? null} FROM target
    ON CONFLICT (territory_id, user_id, dedupe_key) DO NOTHING
    RETURNING id`;
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) await enqueueJob(tx, 'deliver_notifications', { territoryId, notificationIds: ids });
  return ids;
}
