import type { TransactionSql } from '@ensemblier/db';

export type SecurityEventKind =
  | 'login_success'
  | 'login_failure'
  | 'login_throttled'
  | 'logout'
  | 'second_factor_success'
  | 'second_factor_failure'
  | 'second_factor_enrolled'
  | 'recovery_code_used'
  | 'invitation_sent'
  | 'invitation_accepted'
  | 'password_reset_requested'
  | 'password_reset_done'
  | 'session_revoked'
  | 'password_changed';

export async function securityEvent(
  tx: TransactionSql,
  e: {
    territoryId: string;
    userId: string | null;
    kind: SecurityEventKind;
    ip: string;
    at: Date;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await tx`INSERT INTO security_event (territory_id, at, user_id, kind, ip, details)
    VALUES (${e.territoryId}, ${e.at}, ${e.userId}, ${e.kind}, ${e.ip}, ${tx.json((e.details ?? {}) as never)})`;
}
