-- Where a person's file stands in its life: 'active' (the only status the follow-up procedures
-- see: personAccessSql requires it), 'archived' (no activity for the territory's archiving
-- delay: read-only, reached only through the archives procedures by the `archiviste` role),
-- 'merged' (a duplicate merged by the CCAS into merged_into_id, which now holds its history),
-- 'eliminated' (personal data destroyed after a recorded approval; the row stays as a
-- tombstone for the audit trail).
ALTER TABLE person
  ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived', 'merged', 'eliminated')),
  ADD COLUMN archived_at timestamptz,
  ADD COLUMN merged_into_id uuid,
  ADD COLUMN eliminated_at timestamptz,
  ADD FOREIGN KEY (territory_id, merged_into_id) REFERENCES person (territory_id, id),
  ADD CHECK ((status = 'merged') = (merged_into_id IS NOT NULL)),
  ADD CHECK (status <> 'archived' OR archived_at IS NOT NULL),
  ADD CHECK (status <> 'eliminated' OR eliminated_at IS NOT NULL);
-- Archives lists (by status, then by date).
CREATE INDEX person_status_idx ON person (territory_id, status, archived_at) WHERE status <> 'active';
-- The files merged into a file (« qui a consulté » keeps their reads).
CREATE INDEX person_merged_into_idx ON person (territory_id, merged_into_id) WHERE merged_into_id IS NOT NULL;
