-- Retention of persons' files (CNIL référentiel « accompagnement social », CCAS archives rules).
-- The rules and the pure decisions are in packages/shared/src/archives/retention.ts; the daily
-- `retention_sweep` job (apps/api/src/archives/retention.task.ts) applies them:
--   1. an active file with no activity (person.last_activity_at) for the territory's archiving
--      delay is archived (status 'archived', read-only, seen only by the `archivist` role);
--   2. an archived file whose category's delay (counted from its archiving) has elapsed gets an
--      elimination_request 'proposed';
--   3. only an archivist's recorded approval ('approved', motive, who, when) lets the
--      elimination run: every row holding the person's data is deleted (the list is
--      apps/api/src/archives/eliminate.ts), attachment files too; the person row stays as a
--      tombstone with its identity wiped (status 'eliminated'); audit rows stay.

-- The archivist role (« Archiviste »).
ALTER TABLE membership DROP CONSTRAINT membership_role_check;
ALTER TABLE membership ADD CONSTRAINT membership_role_check CHECK (role IN ('admin', 'coordinator', 'partner_manager',
  'partner_worker', 'volunteer', 'commission_member', 'archivist'));

-- The territory's archiving delay (no row: the default, 24 months).
CREATE TABLE retention_policy (
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  archive_after_months integer NOT NULL CHECK (archive_after_months BETWEEN 6 AND 120),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id uuid NOT NULL,
  PRIMARY KEY (territory_id),
  FOREIGN KEY (territory_id, updated_by_user_id) REFERENCES app_user (territory_id, id)
);

-- The elimination delay of a category, in years after the archiving (no row: the default;
-- NULL: kept forever). The minutes of commissions are never eliminated.
CREATE TABLE retention_rule (
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  category text NOT NULL CHECK (category IN ('demande_refusee', 'aide', 'suivi', 'proces_verbal')),
  eliminate_after_years integer CHECK (eliminate_after_years BETWEEN 1 AND 100),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id uuid NOT NULL,
  PRIMARY KEY (territory_id, category),
  FOREIGN KEY (territory_id, updated_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK (category <> 'proces_verbal' OR eliminate_after_years IS NULL)
);

-- The category of an archived file (categoryOfFile, from its history), set when it is archived.
ALTER TABLE person ADD COLUMN retention_category text
  CHECK (retention_category IN ('demande_refusee', 'aide', 'suivi', 'proces_verbal'));
-- The archives list: archived files by category, newest archived first.
CREATE INDEX person_archived_category_idx ON person (territory_id, retention_category, archived_at)
  WHERE status = 'archived';

-- A proposed elimination and its decision. Kept after the elimination (it holds no personal
-- data: the person row is a tombstone) as the record of who decided, when and why.
CREATE TABLE elimination_request (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  category text NOT NULL CHECK (category IN ('demande_refusee', 'aide', 'suivi')),
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected', 'done')),
  proposed_at timestamptz NOT NULL,
  decided_by uuid,
  decided_at timestamptz,
  motive text CHECK (length(motive) BETWEEN 1 AND 1000),
  done_at timestamptz,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, decided_by) REFERENCES app_user (territory_id, id),
  CHECK ((status = 'proposed') = (decided_at IS NULL)),
  CHECK ((decided_at IS NULL) = (decided_by IS NULL)),
  CHECK (status = 'proposed' OR motive IS NOT NULL),
  CHECK ((status = 'done') = (done_at IS NOT NULL))
);
-- At most one open request (proposed or approved) per file.
CREATE UNIQUE INDEX elimination_request_open_idx ON elimination_request (territory_id, person_id)
  WHERE status IN ('proposed', 'approved');
-- « Éliminations à décider » (proposed, by due date) and the decided ones (newest first).
CREATE INDEX elimination_request_status_idx ON elimination_request (territory_id, status, due_at);
CREATE INDEX elimination_request_decided_idx ON elimination_request (territory_id, decided_at DESC)
  WHERE decided_at IS NOT NULL;
CREATE INDEX elimination_request_person_idx ON elimination_request (territory_id, person_id, proposed_at);

SELECT app_enable_tenant_rls('retention_policy');
SELECT app_enable_tenant_rls('retention_rule');
SELECT app_enable_tenant_rls('elimination_request');

GRANT SELECT, INSERT, UPDATE ON retention_policy, retention_rule, elimination_request TO ensemblier_app;

-- The elimination deletes the person's rows (and only it: the application never deletes these
-- otherwise; see apps/api/src/archives/eliminate.ts and its catalogue guard test).
GRANT DELETE ON person_access, consent_event, consent_event_organisation, referral, referral_task, referral_event,
  referral_message, referral_attachment, notification, follow_up_member, timeline_entry, person_word
  TO ensemblier_app;
-- Tables of the follow-up file's later slices, when present.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['person_situation', 'household_member', 'person_budget_line', 'person_task'] LOOP
    IF to_regclass(t) IS NOT NULL THEN
      EXECUTE format('GRANT DELETE ON %I TO ensemblier_app', t);
    END IF;
  END LOOP;
END $$;
