-- Referrals (orientations) between partners, about a person (bénéficiaire), with the person's
-- information/consent events, per-recipient tasks (FHIR Task), their history, a message
-- thread, attachments and in-app notifications.
--
-- Lists over these tables run under RLS: only LEAKPROOF operators (equality and range on
-- uuid, text, timestamptz, date) reach an index, so every list filter is written as equality or
-- range on the B-tree indexes below (see docs/architecture.md).

-- ---------------------------------------------------------------------------------------
-- The person. Minimal here; the shared follow-up (household, référent, notes) extends it.
CREATE TABLE person (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  nom text NOT NULL CHECK (length(nom) BETWEEN 1 AND 100),
  prenom text NOT NULL CHECK (length(prenom) BETWEEN 1 AND 100),
  nom_naissance text CHECK (length(nom_naissance) <= 100),
  date_naissance date,
  commune_insee text,
  adresse text CHECK (length(adresse) <= 300),
  telephone text CHECK (length(telephone) <= 30),
  courriel text CHECK (length(courriel) <= 254),
  preferred_contact text CHECK (preferred_contact IN ('telephone', 'sms', 'courriel', 'courrier', 'visite')),
  -- Lower-case, unaccented, letters only "nom prenom": the duplicate check compares it.
  name_key text NOT NULL,
  created_by_organisation_id uuid NOT NULL,
  created_by_user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, created_by_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, created_by_user_id) REFERENCES app_user (territory_id, id)
);
-- Duplicate check: same birth date (equality), then name similarity on the few rows found.
CREATE INDEX person_birth_idx ON person (territory_id, date_naissance);
CREATE INDEX person_name_idx ON person (territory_id, name_key);

-- Why an organisation may see a person: it created the file, sends or receives a referral
-- about them (later: membership of the follow-up group). An objection revokes it.
CREATE TABLE person_access (
  territory_id uuid NOT NULL,
  person_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  reason text NOT NULL CHECK (reason IN ('creator', 'referral', 'follow_up')),
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (territory_id, person_id, organisation_id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX person_access_org_idx ON person_access (territory_id, organisation_id, person_id);

-- Information, consent and objection events. The latest event covering an organisation
-- decides: an objection blocks referrals to it and ends its access; a later consent lifts it.
CREATE TABLE consent_event (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('information', 'consentement', 'objection')),
  mode text NOT NULL CHECK (mode IN ('oral', 'ecrit', 'telephone')),
  occurred_on date NOT NULL, -- when the person was informed / agreed / objected
  all_organisations boolean NOT NULL DEFAULT false,
  thematique_categories text[] NOT NULL DEFAULT '{}', -- empty: every thématique
  note text CHECK (length(note) <= 2000),
  recorded_by_user_id uuid NOT NULL,
  recorded_by_organisation_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, recorded_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, recorded_by_organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX consent_event_person_idx ON consent_event (territory_id, person_id, recorded_at);

CREATE TABLE consent_event_organisation (
  territory_id uuid NOT NULL,
  consent_event_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  PRIMARY KEY (territory_id, consent_event_id, organisation_id),
  FOREIGN KEY (territory_id, consent_event_id) REFERENCES consent_event (territory_id, id),
  FOREIGN KEY (territory_id, organisation_id) REFERENCES organisation (territory_id, id)
);

-- ---------------------------------------------------------------------------------------
-- A referral: what the sender asks, about one person, to one or several recipients.
CREATE TABLE referral (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  sender_organisation_id uuid NOT NULL,
  sender_user_id uuid NOT NULL,
  consent_event_id uuid,
  thematiques text[] NOT NULL CHECK (cardinality(thematiques) BETWEEN 1 AND 10),
  motif text NOT NULL CHECK (length(motif) BETWEEN 1 AND 4000),
  urgency text NOT NULL DEFAULT 'normale' CHECK (urgency IN ('normale', 'urgente')),
  deja_fait text CHECK (length(deja_fait) <= 4000),
  attendu text CHECK (length(attendu) <= 4000),
  -- Derived from the tasks' states (overallState in packages/shared), kept by the API.
  overall_state text NOT NULL,
  -- A client-chosen key: a double submit or a retried request finds the first referral.
  idempotency_key uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, sender_user_id, idempotency_key),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, sender_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, sender_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, consent_event_id) REFERENCES consent_event (territory_id, id)
);
CREATE INDEX referral_sender_idx ON referral (territory_id, sender_organisation_id, created_at DESC);
CREATE INDEX referral_person_idx ON referral (territory_id, person_id);

-- One task per recipient (FHIR Task). A réorientation closes a task and opens a new one
-- whose previous_task_id keeps the chain.
CREATE TABLE referral_task (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  referral_id uuid NOT NULL,
  -- Copied from the referral so that every list reads one index.
  sender_organisation_id uuid NOT NULL,
  urgency text NOT NULL CHECK (urgency IN ('normale', 'urgente')),
  recipient_organisation_id uuid NOT NULL,
  service_id uuid,
  to_route boolean NOT NULL DEFAULT false, -- sent to the CCAS "à router"
  state text NOT NULL CHECK (state IN ('brouillon', 'envoyee', 'vue', 'acceptee', 'refusee',
    'expiree', 'annulee', 'en_cours', 'terminee', 'echec')),
  version integer NOT NULL DEFAULT 1, -- optimistic concurrency
  previous_task_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  answered_at timestamptz, -- accepted or refused: the response time
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_reminder_at timestamptz,
  refusal_reason text CHECK (refusal_reason IN ('non_eligible', 'hors_zone', 'pas_de_place',
    'ne_releve_pas_du_service', 'personne_injoignable', 'doublon', 'autre')),
  outcome text CHECK (outcome IN ('aide_apportee', 'personne_injoignable', 'ne_souhaite_plus', 'reorientee')),
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, referral_id) REFERENCES referral (territory_id, id),
  FOREIGN KEY (territory_id, sender_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, recipient_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, service_id) REFERENCES service (territory_id, id),
  FOREIGN KEY (territory_id, previous_task_id) REFERENCES referral_task (territory_id, id)
);
CREATE INDEX referral_task_referral_idx ON referral_task (territory_id, referral_id);
-- "Reçues": a recipient's tasks, newest first, optionally by state.
CREATE INDEX referral_task_recipient_idx ON referral_task (territory_id, recipient_organisation_id, sent_at DESC);
CREATE INDEX referral_task_recipient_state_idx ON referral_task (territory_id, recipient_organisation_id, state, sent_at DESC);
-- "Tout le réseau" and the expiry/reminder job: every task by state and date.
CREATE INDEX referral_task_sent_idx ON referral_task (territory_id, sent_at DESC);
CREATE INDEX referral_task_state_idx ON referral_task (territory_id, state, sent_at DESC);
-- "À router" and counts of what waits.
CREATE INDEX referral_task_to_route_idx ON referral_task (territory_id, sent_at DESC)
  WHERE to_route AND state IN ('envoyee', 'vue');
CREATE INDEX referral_task_sender_idx ON referral_task (territory_id, sender_organisation_id, sent_at DESC);

-- Who did what, when, why: one row per transition (and the referral's creation).
CREATE TABLE referral_event (
  territory_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  referral_id uuid NOT NULL,
  task_id uuid,
  at timestamptz NOT NULL,
  actor_user_id uuid, -- null: the system (expiry)
  actor_organisation_id uuid,
  action text NOT NULL,
  from_state text,
  to_state text,
  reason text,
  outcome text,
  message text CHECK (length(message) <= 4000),
  target_task_id uuid,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, referral_id) REFERENCES referral (territory_id, id),
  FOREIGN KEY (territory_id, task_id) REFERENCES referral_task (territory_id, id),
  FOREIGN KEY (territory_id, target_task_id) REFERENCES referral_task (territory_id, id),
  FOREIGN KEY (territory_id, actor_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, actor_organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX referral_event_referral_idx ON referral_event (territory_id, referral_id, at);

-- The thread between the sender and one recipient (one per task).
CREATE TABLE referral_message (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  referral_id uuid NOT NULL,
  task_id uuid NOT NULL,
  author_user_id uuid NOT NULL,
  author_organisation_id uuid NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, referral_id) REFERENCES referral (territory_id, id),
  FOREIGN KEY (territory_id, task_id) REFERENCES referral_task (territory_id, id),
  FOREIGN KEY (territory_id, author_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, author_organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX referral_message_task_idx ON referral_message (territory_id, task_id, created_at);

-- Attachments: the file lives outside the web root under a random name (storage_key).
CREATE TABLE referral_attachment (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  referral_id uuid NOT NULL,
  storage_key text NOT NULL CHECK (storage_key ~ '^[a-z0-9]{32,64}$'),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  mime_type text NOT NULL CHECK (mime_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  sha256 text NOT NULL,
  uploaded_by_user_id uuid NOT NULL,
  uploaded_by_organisation_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, storage_key),
  FOREIGN KEY (territory_id, referral_id) REFERENCES referral (territory_id, id),
  FOREIGN KEY (territory_id, uploaded_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, uploaded_by_organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX referral_attachment_referral_idx ON referral_attachment (territory_id, referral_id);

-- ---------------------------------------------------------------------------------------
-- In-app notifications (the bell). dedupe_key makes every emission idempotent; mailed_at
-- and digested_at record the mail sent for it (immediately or in the daily digest).
CREATE TABLE notification (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  dedupe_key text NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text, -- a path inside the application
  referral_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  mailed_at timestamptz,
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, user_id, dedupe_key),
  FOREIGN KEY (territory_id, user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, referral_id) REFERENCES referral (territory_id, id)
);
CREATE INDEX notification_user_idx ON notification (territory_id, user_id, created_at DESC);
CREATE INDEX notification_unread_idx ON notification (territory_id, user_id) WHERE read_at IS NULL;
CREATE INDEX notification_unmailed_idx ON notification (territory_id, user_id) WHERE mailed_at IS NULL;

-- Per-territory settings of the referral lifecycle.
ALTER TABLE territory
  ADD COLUMN referral_expiry_days integer NOT NULL DEFAULT 30 CHECK (referral_expiry_days BETWEEN 1 AND 365),
  ADD COLUMN referral_reminder_days integer NOT NULL DEFAULT 10 CHECK (referral_reminder_days BETWEEN 1 AND 365);

SELECT app_enable_tenant_rls('person');
SELECT app_enable_tenant_rls('person_access');
SELECT app_enable_tenant_rls('consent_event');
SELECT app_enable_tenant_rls('consent_event_organisation');
SELECT app_enable_tenant_rls('referral');
SELECT app_enable_tenant_rls('referral_task');
SELECT app_enable_tenant_rls('referral_event');
SELECT app_enable_tenant_rls('referral_message');
SELECT app_enable_tenant_rls('referral_attachment');
SELECT app_enable_tenant_rls('notification');

GRANT SELECT, INSERT, UPDATE ON person, person_access, referral, referral_task, notification TO ensemblier_app;
-- History, consent events, messages and attachments are never rewritten by the application.
GRANT SELECT, INSERT ON consent_event, consent_event_organisation, referral_event, referral_message,
  referral_attachment TO ensemblier_app;
