-- The shared follow-up file (dossier partagé), first step: the follow-up group (the
-- organisations currently supporting the person) and the timeline (entries by every
-- organisation, each with a visibility chosen by its author). Who sees an entry is decided by
-- canSeeEntry in packages/shared/src/persons/file.ts; the API applies it.

-- An organisation in the person's follow-up group, since joined_at until left_at. The history
-- stays: leaving sets left_at, a later return is a new row.
CREATE TABLE follow_up_member (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  referent_user_id uuid,
  reason text NOT NULL CHECK (reason IN ('referral', 'ccas', 'commission')),
  joined_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  added_by_user_id uuid NOT NULL,
  ended_by_user_id uuid,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, referent_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, added_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, ended_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK (left_at IS NULL OR left_at >= joined_at)
);
-- One current membership per (person, organisation); the group of a person by this index.
CREATE UNIQUE INDEX follow_up_member_current_idx ON follow_up_member (territory_id, person_id, organisation_id)
  WHERE left_at IS NULL;
CREATE INDEX follow_up_member_person_idx ON follow_up_member (territory_id, person_id, joined_at);
-- "The files my organisation follows" (later: mes dossiers, inactivity alerts).
CREATE INDEX follow_up_member_org_idx ON follow_up_member (territory_id, organisation_id, person_id)
  WHERE left_at IS NULL;

-- A timeline entry. Never updated nor deleted by the application (a correction is a new entry).
CREATE TABLE timeline_entry (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  author_organisation_id uuid NOT NULL,
  author_user_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('entretien', 'appel', 'visite', 'note', 'document', 'alerte')),
  visibility text NOT NULL CHECK (visibility IN ('privee', 'groupe', 'ccas')),
  sensitive_category text CHECK (sensitive_category IN ('sante', 'dettes', 'justice')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 10000),
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, author_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, author_user_id) REFERENCES app_user (territory_id, id)
);
CREATE INDEX timeline_entry_person_idx ON timeline_entry (territory_id, person_id, occurred_at DESC);

-- Why an access was revoked: an objection (a later information or consent restores it) or the
-- organisation leaving the follow-up group (only a new referral or membership restores it).
-- NULL on rows revoked before this migration: they were objections.
ALTER TABLE person_access ADD COLUMN revoked_reason text CHECK (revoked_reason IN ('objection', 'left_group'));

SELECT app_enable_tenant_rls('follow_up_member');
SELECT app_enable_tenant_rls('timeline_entry');

GRANT SELECT, INSERT, UPDATE ON follow_up_member TO ensemblier_app;
GRANT SELECT, INSERT ON timeline_entry TO ensemblier_app;
