import type { Sql, TransactionSql } from '@ensemblier/db';
import type { Actor, Role } from '@ensemblier/shared';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { ActiveMembership } from '../auth/memberships.ts';

export interface Services {
  sql: Sql;
  config: Config;
  clock: Clock;
  log: (message: string, details?: Record<string, unknown>) => void;
}

/** Per-request context, before authentication. */
export interface RequestContext extends Services {
  requestId: string;
  ip: string;
  userAgent: string;
  sessionToken: string | null;
  resHeaders: Headers;
}

export type SessionStage = 'full' | 'second_factor' | 'enrolment';

export interface SessionInfo {
  id: string;
  userId: string;
  territoryId: string;
  stage: SessionStage;
  createdAt: Date;
}

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | null;
  personId?: string | null;
  outcome?: 'success' | 'denied' | 'failure';
  details?: Record<string, unknown>;
}

/** Context of an authenticated procedure: inside the request's one transaction. */
export interface TenantContext extends RequestContext {
  tx: TransactionSql;
  territoryId: string;
  session: SessionInfo;
  user: { id: string; name: string; email: string; totpEnabled: boolean };
  membership: { id: string; role: Role; organisationId: string; organisationName: string } | null;
  /** Every active membership of the user (the switcher's choices). */
  memberships: ActiveMembership[];
  actor: Actor;
  /** Writes an audit row in the request transaction; every write calls it. */
  audit: (entry: AuditEntry) => Promise<void>;
}
