-- Heatwave and cold-spell campaigns (issue 7). The rules (forms, splitting the call list,
-- escalation from the start, progress, what a call produces) are in
-- packages/shared/src/visits/campaigns.ts and docs/visits.md.
--
-- A coordinator starts a campaign; the people registered in the register become its call list
-- (campaign_list_entry), split among its callers (campaign_caller: volunteers and agents);
-- each call is a campaign_call. Whoever is not reached escalation_delay_hours after the start
-- (or after joining the list) is escalated by the cron task (apps/api/src/visits/campaign-escalation.task.ts).
CREATE TABLE campaign (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  type text NOT NULL CHECK (type IN ('canicule', 'grand_froid', 'autre')),
  title text CHECK (length(title) <= 200),
  starts_at timestamptz NOT NULL,
  escalation_delay_hours integer NOT NULL CHECK (escalation_delay_hours BETWEEN 1 AND 72),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at timestamptz,
  closed_by_user_id uuid,
  version integer NOT NULL DEFAULT 1,
  created_by_user_id uuid NOT NULL,
  created_by_organisation_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, created_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, created_by_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, closed_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK (type <> 'autre' OR title IS NOT NULL),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- The list of campaigns, newest first; the escalation job reads the open ones.
CREATE INDEX campaign_created_idx ON campaign (territory_id, created_at DESC, id);
CREATE INDEX campaign_status_idx ON campaign (territory_id, status, starts_at);

-- Who calls in a campaign (a volunteer or an agent) and for which organisation.
CREATE TABLE campaign_caller (
  territory_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  user_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, campaign_id, user_id),
  FOREIGN KEY (territory_id, campaign_id) REFERENCES campaign (territory_id, id),
  FOREIGN KEY (territory_id, user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, organisation_id) REFERENCES organisation (territory_id, id)
);
-- « My campaigns »: a caller's campaigns.
CREATE INDEX campaign_caller_user_idx ON campaign_caller (territory_id, user_id);

-- One person of the call list, assigned to one caller. No unique key on (campaign, person): a
-- merge of two files both on the same list moves the merged file's row to the kept person
-- (person-tables.ts, strategy move) and must not fail; the API reads one row per person
-- (the earliest assignment).
CREATE TABLE campaign_list_entry (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL,
  person_id uuid NOT NULL,
  caller_user_id uuid NOT NULL,
  -- The commune (INSEE) or the register's secteur the list was split by.
  sector text CHECK (length(sector) <= 100),
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, campaign_id) REFERENCES campaign (territory_id, id),
  FOREIGN KEY (territory_id, campaign_id, caller_user_id)
    REFERENCES campaign_caller (territory_id, campaign_id, user_id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id)
);
CREATE INDEX campaign_list_entry_campaign_idx ON campaign_list_entry (territory_id, campaign_id, person_id);
CREATE INDEX campaign_list_entry_caller_idx ON campaign_list_entry (territory_id, caller_user_id, campaign_id);
CREATE INDEX campaign_list_entry_person_idx ON campaign_list_entry (territory_id, person_id);

-- A call, logged by its caller (possibly from a phone that was offline). client_id is generated
-- on the phone and sent again on every retry: unique per territory, the API inserts with
-- ON CONFLICT DO NOTHING and re-reads, so a retried sync never creates a second row.
CREATE TABLE campaign_call (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  person_id uuid NOT NULL,
  caller_user_id uuid NOT NULL,
  caller_organisation_id uuid NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('joint', 'non_joint', 'besoin_signale')),
  needs text[] NOT NULL DEFAULT '{}'
    CHECK (needs <@ ARRAY['courses', 'isolement', 'sante', 'logement', 'chute', 'autre']::text[]),
  note text CHECK (length(note) <= 500),
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, client_id),
  FOREIGN KEY (territory_id, campaign_id) REFERENCES campaign (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, caller_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, caller_organisation_id) REFERENCES organisation (territory_id, id),
  CHECK ((outcome = 'besoin_signale') = (cardinality(needs) > 0))
);
CREATE INDEX campaign_call_campaign_idx ON campaign_call (territory_id, campaign_id, person_id, occurred_at);
CREATE INDEX campaign_call_person_idx ON campaign_call (territory_id, person_id, occurred_at DESC);

-- A logged call is activity on the file (migration 0011).
CREATE TRIGGER campaign_call_activity AFTER INSERT ON campaign_call REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'received_at');

SELECT app_enable_tenant_rls('campaign');
SELECT app_enable_tenant_rls('campaign_caller');
SELECT app_enable_tenant_rls('campaign_list_entry');
SELECT app_enable_tenant_rls('campaign_call');
-- DELETE on the list: a radiated person leaves every open campaign's list; on the list and the
-- calls: the elimination of an archived file (apps/api/src/archives/eliminate.ts).
GRANT SELECT, INSERT, UPDATE ON campaign TO ensemblier_app;
GRANT SELECT, INSERT ON campaign_caller TO ensemblier_app;
GRANT SELECT, INSERT, DELETE ON campaign_list_entry TO ensemblier_app;
GRANT SELECT, INSERT, DELETE ON campaign_call TO ensemblier_app;
