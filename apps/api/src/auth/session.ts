import type { TransactionSql } from '@ensemblier/db';
import { isRole, SECOND_FACTOR_ROLES } from '@ensemblier/shared';
import type { Config } from '../config.ts';
import type { SessionStage } from '../trpc/context.ts';
import { generateToken, hashToken } from './crypto.ts';

export function sessionStage(p: {
  totpEnabled: boolean;
  verified: boolean;
  roles: string[];
  config: Config;
}): SessionStage {
  if (p.totpEnabled) return p.verified ? 'full' : 'second_factor';
  if (p.config.requireSecondFactor && p.roles.some((r) => isRole(r) && SECOND_FACTOR_ROLES.includes(r)))
    return 'enrolment';
  return 'full';
}

export async function createSession(
  tx: TransactionSql,
  p: {
    territoryId: string;
    userId: string;
    membershipId: string;
    now: Date;
    config: Config;
    ip: string;
    userAgent: string;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(p.now.getTime() + p.config.session.absoluteMs);
  await tx`INSERT INTO user_session (territory_id, id, user_id, active_membership_id, created_at, last_active_at, expires_at, ip, user_agent)
    VALUES (${p.territoryId}, ${hashToken(token)}, ${p.userId}, ${p.membershipId}, ${p.now}, ${p.now}, ${expiresAt}, ${p.ip}, ${p.userAgent.slice(0, 300)})`;
  return { token, expiresAt };
}

/** Ends every session of a user at once (deactivation, membership removal, password reset). */
export async function revokeSessions(tx: TransactionSql, userId: string): Promise<number> {
  const rows = await tx`DELETE FROM user_session WHERE user_id = ${userId} RETURNING id`;
  return rows.length;
}
