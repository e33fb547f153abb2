import type { TransactionSql } from '@ensemblier/db';
import type { AuditEntry } from '../trpc/context.ts';

export interface AuditWho {
  territoryId: string;
  requestId: string;
  at: Date;
  userId: string | null;
  organisationId: string | null;
  role: string | null;
}

/** The one helper that writes audit rows (hash-chained by the database). */
export async function writeAudit(tx: TransactionSql, who: AuditWho, entry: AuditEntry): Promise<void> {
  await tx`
    INSERT INTO audit_event (territory_id, at, request_id, user_id, organisation_id, role, action,
      object_type, object_id, person_id, outcome, details)
    VALUES (${who.territoryId}, ${who.at}, ${who.requestId}, ${who.userId}, ${who.organisationId},
      ${who.role}, ${entry.action}, ${entry.objectType}, ${entry.objectId ?? null},
      ${entry.personId ?? null}, ${entry.outcome ?? 'success'}, ${tx.json((entry.details ?? {}) as never)})`;
}
