-- Visit programmes and the visit log (issue 7). The rules (recurrences, due dates, overdue,
-- loads, the visit record, idempotency by client id, the alert's effects) are in
-- packages/shared/src/visits/ and docs/visits.md.
--
-- A programme pairs one person with one to three visitors (volunteers or agents) and a
-- recurrence; a coordinator creates and edits it. Its visitors are rows of
-- visit_programme_visitor (removed with the programme by the elimination of a file: ON DELETE
-- CASCADE).
CREATE TABLE visit_programme (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  recurrence text NOT NULL CHECK (recurrence IN ('semaine', 'deux_semaines', 'mois')),
  starts_on date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspendue', 'terminee')),
  version integer NOT NULL DEFAULT 1,
  created_by_user_id uuid NOT NULL,
  created_by_organisation_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, created_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, created_by_organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX visit_programme_person_idx ON visit_programme (territory_id, person_id);
CREATE INDEX visit_programme_status_idx ON visit_programme (territory_id, status, created_at DESC, id);

CREATE TABLE visit_programme_visitor (
  territory_id uuid NOT NULL,
  programme_id uuid NOT NULL,
  user_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  PRIMARY KEY (territory_id, programme_id, user_id),
  FOREIGN KEY (territory_id, programme_id) REFERENCES visit_programme (territory_id, id) ON DELETE CASCADE,
  FOREIGN KEY (territory_id, user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, organisation_id) REFERENCES organisation (territory_id, id)
);
-- « Mes visites »: a visitor's programmes.
CREATE INDEX visit_programme_visitor_user_idx ON visit_programme_visitor (territory_id, user_id);

-- A visit or a call, logged by its visitor (often from a phone that was offline). client_id is
-- generated on the phone and sent again on every retry: unique per territory, the API inserts
-- with ON CONFLICT DO NOTHING and re-reads, so a retried sync never creates a second row.
CREATE TABLE visit (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  person_id uuid NOT NULL,
  programme_id uuid,
  visitor_user_id uuid NOT NULL,
  visitor_organisation_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('visite', 'appel')),
  outcome text NOT NULL CHECK (outcome IN ('realisee', 'absente', 'refusee')),
  duration_minutes integer CHECK (duration_minutes BETWEEN 1 AND 480),
  mood smallint CHECK (mood BETWEEN 1 AND 5),
  needs text[] NOT NULL DEFAULT '{}'
    CHECK (needs <@ ARRAY['courses', 'isolement', 'sante', 'logement', 'chute', 'autre']::text[]),
  note text CHECK (length(note) <= 500),
  alert boolean NOT NULL DEFAULT false,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, client_id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, programme_id) REFERENCES visit_programme (territory_id, id),
  FOREIGN KEY (territory_id, visitor_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, visitor_organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX visit_person_idx ON visit (territory_id, person_id, occurred_at DESC);
CREATE INDEX visit_programme_idx ON visit (territory_id, programme_id, occurred_at DESC);

-- A logged visit is activity on the file (migration 0011).
CREATE TRIGGER visit_activity AFTER INSERT ON visit REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'received_at');

SELECT app_enable_tenant_rls('visit_programme');
SELECT app_enable_tenant_rls('visit_programme_visitor');
SELECT app_enable_tenant_rls('visit');
-- DELETE only for the elimination of an archived file (apps/api/src/archives/eliminate.ts) and
-- for a programme's visitors when they change.
GRANT SELECT, INSERT, UPDATE, DELETE ON visit_programme TO ensemblier_app;
GRANT SELECT, INSERT, DELETE ON visit_programme_visitor TO ensemblier_app;
GRANT SELECT, INSERT, DELETE ON visit TO ensemblier_app;
