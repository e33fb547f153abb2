import { EDITABLE_RETENTION_CATEGORIES, retentionRulesInput, RETENTION_CATEGORIES, can } from '@ensemblier/shared';
import { authedProcedure, forbidden } from '../../trpc/init.ts';
import { loadRetentionRules } from '../rules.ts';

/** The territory's retention rules (the administrator, who sets them, and the archivist). */
export const getRetentionRules = authedProcedure.query(async ({ ctx }) => {
  if (!can(ctx.actor, 'retention.read')) forbidden();
  const rules = await loadRetentionRules(ctx.tx);
  const [updated] = await ctx.tx<{ at: Date; name: string }[]>`
    SELECT x.at, u.name FROM (
      SELECT updated_at AS at, updated_by_user_id AS user_id FROM retention_policy
      UNION ALL SELECT updated_at, updated_by_user_id FROM retention_rule) x
    JOIN app_user u ON u.id = x.user_id ORDER BY x.at DESC LIMIT 1`;
  return {
    rules,
    categories: RETENTION_CATEGORIES.map((c) => ({
      category: c,
      years: rules.eliminateAfterYears[c],
      editable: (EDITABLE_RETENTION_CATEGORIES as readonly string[]).includes(c),
    })),
    updatedAt: updated?.at ?? null,
    updatedBy: updated?.name ?? null,
  };
});

/** The administrator changes the archiving delay and the elimination delays (audited). */
export const updateRetentionRules = authedProcedure.input(retentionRulesInput).mutation(async ({ ctx, input }) => {
  if (!can(ctx.actor, 'retention.manage')) forbidden();
  const now = ctx.clock.now();
  const before = await loadRetentionRules(ctx.tx);
  await ctx.tx`
    INSERT INTO retention_policy (territory_id, archive_after_months, updated_at, updated_by_user_id)
    VALUES (${ctx.territoryId}, ${input.archiveAfterMonths}, ${now}, ${ctx.actor.userId})
    ON CONFLICT (territory_id) DO UPDATE SET archive_after_months = EXCLUDED.archive_after_months,
      updated_at = EXCLUDED.updated_at, updated_by_user_id = EXCLUDED.updated_by_user_id`;
  for (const category of EDITABLE_RETENTION_CATEGORIES)
    await ctx.tx`
      INSERT INTO retention_rule (territory_id, category, eliminate_after_years, updated_at, updated_by_user_id)
      VALUES (${ctx.territoryId}, ${category}, ${input[category]}, ${now}, ${ctx.actor.userId})
      ON CONFLICT (territory_id, category) DO UPDATE SET eliminate_after_years = EXCLUDED.eliminate_after_years,
        updated_at = EXCLUDED.updated_at, updated_by_user_id = EXCLUDED.updated_by_user_id`;
  const after = await loadRetentionRules(ctx.tx);
  await ctx.audit({
    action: 'retention.rules.update',
    objectType: 'territory',
    objectId: ctx.territoryId,
    details: { before, after },
  });
  return { rules: after };
});
