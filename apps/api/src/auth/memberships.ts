import type { TransactionSql } from '@ensemblier/db';

export interface ActiveMembership {
  id: string;
  role: string;
  organisationId: string;
  organisationName: string;
}

/** A user’s active memberships in active organisations, oldest first (the default one first; ties by organisation name). */
export async function activeMemberships(tx: TransactionSql, userId: string): Promise<ActiveMembership[]> {
  const rows = await tx<{ id: string; role: string; organisation_id: string; organisation_name: string }[]>`
    SELECT m.id, m.role, m.organisation_id, o.name AS organisation_name
    FROM membership m JOIN organisation o ON o.territory_id = m.territory_id AND o.id = m.organisation_id
    WHERE m.user_id = ${userId} AND m.status = 'active' AND o.status = 'active'
    ORDER BY m.created_at, o.name, m.id`;
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
  }));
}
