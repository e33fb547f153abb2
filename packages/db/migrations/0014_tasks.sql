-- Tasks (« à faire ») on a person's file, the creator organisation in the follow-up group, and
-- the record of the 6-month inactivity alert. Who sees and handles a task:
-- packages/shared/src/tasks/tasks.ts (canSeeTask, allowedTaskActions); the API applies it.

-- The organisation that creates a file supports the person: it joins the follow-up group
-- (reason 'createur', its creating user as référent).
ALTER TABLE follow_up_member DROP CONSTRAINT follow_up_member_reason_check;
ALTER TABLE follow_up_member ADD CONSTRAINT follow_up_member_reason_check
  CHECK (reason IN ('referral', 'ccas', 'commission', 'createur'));
-- Files created before: their creator organisation joins, unless it was already a member once
-- (it left or was removed: not brought back) or no longer holds the file. Territory by
-- territory: the owner is subject to the forced row-level security too.
DO $$
DECLARE t uuid;
BEGIN
  FOR t IN SELECT app_territory_ids() LOOP
    PERFORM set_config('app.territory_id', t::text, true);
    INSERT INTO follow_up_member (territory_id, person_id, organisation_id, referent_user_id, reason, joined_at,
      added_by_user_id)
    SELECT p.territory_id, p.id, p.created_by_organisation_id, p.created_by_user_id, 'createur', p.created_at,
      p.created_by_user_id
    FROM person p
    WHERE p.status = 'active'
      AND EXISTS (SELECT 1 FROM person_access pa WHERE pa.territory_id = p.territory_id AND pa.person_id = p.id
        AND pa.organisation_id = p.created_by_organisation_id AND pa.revoked_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM follow_up_member m WHERE m.territory_id = p.territory_id AND m.person_id = p.id
        AND m.organisation_id = p.created_by_organisation_id);
  END LOOP;
  PERFORM set_config('app.territory_id', '', true);
END $$;

-- A task. `closed_at`/`closed_by_user_id`: when and by whom it was done or cancelled (NULL while
-- à faire; a reopened task clears them). `reminded_for`: the due date its reminder was sent for
-- (the daily reminder job sends one per task and due date).
CREATE TABLE person_task (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  detail text NOT NULL DEFAULT '' CHECK (length(detail) <= 2000),
  due_on date NOT NULL,
  assignee_user_id uuid NOT NULL,
  assignee_organisation_id uuid NOT NULL,
  author_user_id uuid NOT NULL,
  author_organisation_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'a_faire' CHECK (status IN ('a_faire', 'faite', 'annulee')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The last change of status (creation, completion, cancellation, reopening): the activity time.
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  closed_by_user_id uuid,
  reminded_for date,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, assignee_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, assignee_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, author_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, author_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, closed_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK ((status = 'a_faire') = (closed_at IS NULL)),
  CHECK ((closed_at IS NULL) = (closed_by_user_id IS NULL))
);
-- The file's tasks (open first by due date, then the others).
CREATE INDEX person_task_person_idx ON person_task (territory_id, person_id, status, due_on);
-- « Mes tâches »: a user's open tasks by due date (overdue first).
CREATE INDEX person_task_assignee_idx ON person_task (territory_id, assignee_user_id, due_on, id)
  WHERE status = 'a_faire';
-- The reminder job: open tasks due by a day.
CREATE INDEX person_task_due_idx ON person_task (territory_id, due_on) WHERE status = 'a_faire';

-- Creating a task and changing its status (done, cancelled, reopened) are activity on the file
-- (migration 0011). An UPDATE that leaves updated_at alone (the reminder mark, a merge moving
-- the task) changes nothing: person_touch_activity only moves last_activity_at forward.
CREATE TRIGGER person_task_activity AFTER INSERT ON person_task REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'created_at');
CREATE TRIGGER person_task_update_activity AFTER UPDATE ON person_task REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');

-- The 6-month inactivity alert: when it was last sent. A file is alerted again only after a
-- new activity (last_activity_at > inactivity_alerted_at) followed by 6 more months without
-- any. Writing it is not an activity (person.version is not bumped: see person_edit_activity).
ALTER TABLE person ADD COLUMN inactivity_alerted_at timestamptz;

SELECT app_enable_tenant_rls('person_task');
GRANT SELECT, INSERT, UPDATE ON person_task TO ensemblier_app;
