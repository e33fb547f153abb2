-- An unused envelope (nothing consumed, no decision, no movement) may be removed from a commission
-- type's configuration (apps/api/src/commissions/procedures/config.ts); 0019 forgot the grant.
GRANT DELETE ON commission_envelope TO ensemblier_app;
