import { withTerritory, type Sql } from '@ensemblier/db';

/**
 * Every minute: chains the audit rows committed since the last run, territory by territory
 * (audit_seal(), migration 0008). Requests write their audit rows unsealed, without waiting
 * for one another; this job gives each its place in the hash chain.
 */
export const AUDIT_SEAL_CRONTAB = '* * * * * audit_seal';

export async function auditSealTask(sql: Sql): Promise<number> {
  const territories = await sql<{ id: string }[]>`SELECT app_territory_ids() AS id`;
  let sealed = 0;
  for (const { id } of territories) {
    const [row] = await withTerritory(sql, id, (tx) => tx<{ n: number }[]>`SELECT audit_seal() AS n`);
    sealed += row?.n ?? 0;
  }
  return sealed;
}
