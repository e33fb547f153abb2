-- Fixes of 0019 (commissions, part 1):
-- 1. An unused envelope (nothing consumed, no decision, no movement) may be removed from a
--    commission type's configuration (apps/api/src/commissions/procedures/config.ts).
GRANT DELETE ON commission_envelope TO ensemblier_app;

-- 2. The figures are required where the commission examines the demande (complète, inscrite,
--    ajournée), not in every state after the instruction: a demande classée sans suite or decided
--    in urgency straight from « en instruction » has none.
ALTER TABLE demande DROP CONSTRAINT demande_check3;
ALTER TABLE demande ADD CONSTRAINT demande_figures_check
  CHECK (state NOT IN ('complete', 'inscrite', 'ajournee') OR computed_at IS NOT NULL);
