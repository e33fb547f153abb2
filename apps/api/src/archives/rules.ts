import type { TransactionSql } from '@ensemblier/db';
import { retentionRules, type RetentionCategory, type RetentionRules } from '@ensemblier/shared';

/** The territory's retention rules: its stored values over the defaults (retentionRules). */
export async function loadRetentionRules(tx: TransactionSql): Promise<RetentionRules> {
  const [policy] = await tx<{ archive_after_months: number }[]>`SELECT archive_after_months FROM retention_policy`;
  const rows = await tx<{ category: RetentionCategory; eliminate_after_years: number | null }[]>`
    SELECT category, eliminate_after_years FROM retention_rule`;
  return retentionRules({
    archiveAfterMonths: policy?.archive_after_months ?? null,
    eliminateAfterYears: Object.fromEntries(rows.map((r) => [r.category, r.eliminate_after_years])),
  });
}
