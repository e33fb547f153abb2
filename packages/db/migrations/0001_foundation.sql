-- Foundation: tenancy (territory), organisations, users, memberships, sessions,
-- auth tokens, security events, mail outbox, append-only hash-chained audit.
--
-- Conventions (see docs/architecture.md):
-- * every tenant table has territory_id NOT NULL, a primary key that starts with it,
--   and foreign keys that include it, so no row can point into another territory;
-- * row-level security is ENABLED and FORCED on every tenant table, with one policy on
--   app_territory_id(), which reads the transaction-local setting app.territory_id;
-- * the application role (ensemblier_app) owns nothing and only gets the privileges below.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION app_territory_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.territory_id', true), '')::uuid $$;

-- Applies the tenant policy to a table: RLS enabled and forced, rows of the current
-- territory only, for reads and for writes.
CREATE FUNCTION app_enable_tenant_rls(tbl regclass) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (territory_id = app_territory_id()) WITH CHECK (territory_id = app_territory_id())',
    tbl);
END $$;

-- ---------------------------------------------------------------------------------------
-- Territory: one CCAS or CIAS. Its own id is its territory_id.
CREATE TABLE territory (
  territory_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  kind text NOT NULL CHECK (kind IN ('ccas', 'cias')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE territory_commune (
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  insee_code text NOT NULL CHECK (insee_code ~ '^[0-9][0-9AB][0-9]{3}$'),
  name text NOT NULL,
  PRIMARY KEY (territory_id, insee_code)
);

CREATE TABLE organisation (
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  type text NOT NULL CHECK (type IN ('ccas', 'cias', 'association', 'ssiad', 'saad', 'clic',
    'bailleur_social', 'departement', 'caf', 'cpam', 'carsat', 'mdph', 'france_travail',
    'mission_locale', 'epicerie_sociale', 'autre')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
  email text,
  phone text,
  commune_insee text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, name)
);

CREATE TABLE app_user (
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'deactivated')),
  password_hash text,
  totp_key bytea,
  totp_enabled_at timestamptz,
  recovery_code_hashes text[] NOT NULL DEFAULT '{}',
  notification_pref text NOT NULL DEFAULT 'immediate' CHECK (notification_pref IN ('immediate', 'daily', 'none')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, email)
);

CREATE TABLE membership (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'partner_manager', 'partner_worker',
    'volunteer', 'commission_member')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, user_id, organisation_id),
  FOREIGN KEY (territory_id, user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX membership_org_idx ON membership (territory_id, organisation_id);

CREATE TABLE user_session (
  territory_id uuid NOT NULL,
  id text NOT NULL, -- hex SHA-256 of the token; the token itself is never stored
  user_id uuid NOT NULL,
  active_membership_id uuid,
  created_at timestamptz NOT NULL,
  last_active_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL, -- absolute limit
  second_factor_verified boolean NOT NULL DEFAULT false,
  pending_totp_key bytea, -- TOTP key being enrolled, until the first code confirms it
  ip text,
  user_agent text,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, active_membership_id) REFERENCES membership (territory_id, id) ON DELETE SET NULL (active_membership_id)
);
CREATE INDEX user_session_user_idx ON user_session (territory_id, user_id);

CREATE TABLE auth_token (
  territory_id uuid NOT NULL,
  id text NOT NULL, -- hex SHA-256 of the single-use token
  kind text NOT NULL CHECK (kind IN ('invitation', 'password_reset')),
  user_id uuid NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, created_by) REFERENCES app_user (territory_id, id)
);

CREATE TABLE security_event (
  territory_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL,
  user_id uuid,
  kind text NOT NULL CHECK (kind IN ('login_success', 'login_failure', 'login_throttled',
    'logout', 'second_factor_success', 'second_factor_failure', 'second_factor_enrolled',
    'recovery_code_used', 'invitation_sent', 'invitation_accepted', 'password_reset_requested',
    'password_reset_done', 'session_revoked')),
  ip text,
  details jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, user_id) REFERENCES app_user (territory_id, id)
);

CREATE TABLE outbox_mail (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  dedupe_key text NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  transport text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, dedupe_key)
);

-- ---------------------------------------------------------------------------------------
-- Append-only audit, hash-chained per territory.
CREATE TABLE audit_event (
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  request_id text,
  user_id uuid,
  organisation_id uuid,
  role text,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text,
  person_id uuid,
  outcome text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'denied', 'failure')),
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL,
  PRIMARY KEY (territory_id, seq)
);
CREATE INDEX audit_event_at_idx ON audit_event (territory_id, at DESC);
CREATE INDEX audit_event_object_idx ON audit_event (territory_id, object_type, object_id);
CREATE INDEX audit_event_person_idx ON audit_event (territory_id, person_id) WHERE person_id IS NOT NULL;

CREATE FUNCTION audit_event_digest(e audit_event) RETURNS bytea
  LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256(e.prev_hash || convert_to(concat_ws(E'\x1f',
    e.territory_id::text, e.seq::text, (extract(epoch FROM e.at) * 1000000)::bigint::text,
    coalesce(e.request_id, ''), coalesce(e.user_id::text, ''), coalesce(e.organisation_id::text, ''),
    coalesce(e.role, ''), e.action, e.object_type, coalesce(e.object_id, ''),
    coalesce(e.person_id::text, ''), e.outcome, e.details::text), 'UTF8'))
$$;

-- Chains each new row to the previous one of its territory. The per-territory advisory
-- lock serialises audit writers of one territory until their transaction ends.
CREATE FUNCTION audit_event_chain() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || NEW.territory_id::text, 0));
  SELECT seq, hash INTO last_seq, last_hash FROM audit_event
    WHERE territory_id = NEW.territory_id ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, '\x'::bytea);
  NEW.at := coalesce(NEW.at, now());
  NEW.hash := audit_event_digest(NEW);
  RETURN NEW;
END $$;
CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

-- Recomputes the chain of the current territory; returns the first broken seq, or NULL.
CREATE FUNCTION audit_verify() RETURNS bigint
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  e audit_event;
  expected_prev bytea := '\x'::bytea;
  expected_seq bigint := 1;
BEGIN
  FOR e IN SELECT * FROM audit_event WHERE territory_id = app_territory_id() ORDER BY seq LOOP
    IF e.seq <> expected_seq OR e.prev_hash <> expected_prev OR e.hash <> audit_event_digest(e) THEN
      RETURN e.seq;
    END IF;
    expected_prev := e.hash;
    expected_seq := expected_seq + 1;
  END LOOP;
  RETURN NULL;
END $$;

-- ---------------------------------------------------------------------------------------
-- Global (non-tenant) tables. They hold no tenant data: auth_route maps a hashed login
-- email, session token or single-use token to its territory, so the auth layer can set
-- the territory before it reads anything under RLS; auth_attempt feeds login throttling.
CREATE TABLE auth_route (
  kind text NOT NULL CHECK (kind IN ('email', 'session', 'token')),
  key text NOT NULL,
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  PRIMARY KEY (kind, key)
);

CREATE TABLE auth_attempt (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  email_hash text NOT NULL,
  ip text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'throttled'))
);
CREATE INDEX auth_attempt_email_idx ON auth_attempt (email_hash, at DESC);
CREATE INDEX auth_attempt_ip_idx ON auth_attempt (ip, at DESC);

-- Dev mail catcher: where mail goes when no SMTP server is configured (dev and tests,
-- never in production); the dev outbox page lists it across territories.
CREATE TABLE dev_mail (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  message_id text NOT NULL UNIQUE,
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text,
  raw text NOT NULL
);

-- Route maintenance: routes follow their rows, in the same transaction.
CREATE FUNCTION auth_route_email_key(email text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT encode(sha256(convert_to(email, 'UTF8')), 'hex') $$;

CREATE FUNCTION auth_route_sync_email() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    DELETE FROM auth_route WHERE kind = 'email' AND key = auth_route_email_key(OLD.email);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO auth_route (kind, key, territory_id) VALUES ('email', auth_route_email_key(NEW.email), NEW.territory_id);
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;

-- For tables whose id already is a token hash (user_session, auth_token).
CREATE FUNCTION auth_route_sync_id() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM auth_route WHERE kind = TG_ARGV[0] AND key = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO auth_route (kind, key, territory_id) VALUES (TG_ARGV[0], NEW.id, NEW.territory_id);
  RETURN NEW;
END $$;
CREATE TRIGGER app_user_route AFTER INSERT OR DELETE OR UPDATE OF email ON app_user
  FOR EACH ROW EXECUTE FUNCTION auth_route_sync_email();
CREATE TRIGGER user_session_route AFTER INSERT OR DELETE ON user_session
  FOR EACH ROW EXECUTE FUNCTION auth_route_sync_id('session');
CREATE TRIGGER auth_token_route AFTER INSERT OR DELETE ON auth_token
  FOR EACH ROW EXECUTE FUNCTION auth_route_sync_id('token');

-- ---------------------------------------------------------------------------------------
-- Row-level security on every tenant table.
SELECT app_enable_tenant_rls(t) FROM unnest(ARRAY['territory', 'territory_commune',
  'organisation', 'app_user', 'membership', 'user_session', 'auth_token', 'security_event',
  'outbox_mail', 'audit_event']::regclass[]) AS t;

-- Privileges of the application role: exactly what the code needs.
GRANT USAGE ON SCHEMA public TO ensemblier_app;
GRANT SELECT ON territory, territory_commune TO ensemblier_app;
GRANT SELECT, INSERT, UPDATE ON organisation, app_user, membership TO ensemblier_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_session, auth_token TO ensemblier_app;
GRANT SELECT, INSERT ON security_event TO ensemblier_app;
GRANT SELECT, INSERT, UPDATE ON outbox_mail TO ensemblier_app;
GRANT SELECT, INSERT ON dev_mail TO ensemblier_app;
GRANT SELECT, INSERT ON audit_event TO ensemblier_app;
GRANT SELECT, INSERT, DELETE ON auth_route TO ensemblier_app;
GRANT SELECT, INSERT ON auth_attempt TO ensemblier_app;
GRANT EXECUTE ON FUNCTION app_territory_id(), audit_verify() TO ensemblier_app;

-- graphile-worker (its migrations ran before this file): the app role enqueues jobs in
-- its request transactions and runs the worker.
GRANT USAGE ON SCHEMA graphile_worker TO ensemblier_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO ensemblier_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA graphile_worker TO ensemblier_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO ensemblier_app;
-- graphile-worker enables RLS (without policies) on its private tables; the queue holds no
-- tenant data (payloads carry ids only), so the app role gets every row of it.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['_private_jobs', '_private_job_queues', '_private_tasks', '_private_known_crontabs'] LOOP
    EXECUTE format('CREATE POLICY app_worker ON graphile_worker.%I TO ensemblier_app USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;
