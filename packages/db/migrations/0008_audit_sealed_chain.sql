-- The audit chain is sealed after commit instead of inside every request.
--
-- Until now the insert trigger took a per-territory advisory lock held until the request's
-- commit, to read the previous row's hash: every audited request of a territory (and every
-- read of a person's data is audited) waited for the previous one's commit. Under 20
-- concurrent users most requests queued on it (see apps/api/bench).
--
-- Now a row is written unsealed (seq from a global sequence, no hash, no lock), in the same
-- transaction as the change it records, as before. audit_seal() then chains the committed
-- unsealed rows of the current territory in order (chain_seq 1, 2, 3…, prev_hash, hash); the
-- `audit_seal` job runs it every minute and the integrity check runs it first. A sealed row
-- can no longer change unnoticed (audit_verify); a row is unsealed for at most about a minute.

ALTER TABLE audit_event
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  ADD COLUMN chain_seq bigint;

-- Rows chained by the old trigger keep their place: their per-territory seq was their position.
UPDATE audit_event SET chain_seq = seq;
CREATE UNIQUE INDEX audit_event_chain_idx ON audit_event (territory_id, chain_seq) WHERE chain_seq IS NOT NULL;
CREATE INDEX audit_event_unsealed_idx ON audit_event (territory_id, seq) WHERE chain_seq IS NULL;

CREATE SEQUENCE audit_event_seq;
SELECT setval('audit_event_seq', coalesce((SELECT max(seq) FROM audit_event), 0) + 1, false);
GRANT USAGE ON SEQUENCE audit_event_seq TO ensemblier_app;

-- Insert: a unique, increasing seq; never a chain position or a hash from the writer.
CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.seq := nextval('audit_event_seq');
  NEW.at := coalesce(NEW.at, now());
  NEW.chain_seq := NULL;
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  RETURN NEW;
END $$;

-- Chains the current territory's committed unsealed rows, oldest first. Sealers of one
-- territory take turns (advisory lock); request transactions never wait for them.
CREATE FUNCTION audit_seal() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  territory uuid := app_territory_id();
  last_chain bigint;
  last_hash bytea;
  e audit_event;
  sealed integer := 0;
BEGIN
  IF territory IS NULL THEN
    RAISE EXCEPTION 'audit_seal: no territory set';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('audit-seal:' || territory::text, 0));
  SELECT a.chain_seq, a.hash INTO last_chain, last_hash FROM audit_event a
    WHERE a.territory_id = territory AND a.chain_seq IS NOT NULL ORDER BY a.chain_seq DESC LIMIT 1;
  FOR e IN SELECT * FROM audit_event a WHERE a.territory_id = territory AND a.chain_seq IS NULL
      ORDER BY a.seq FOR UPDATE LOOP
    e.chain_seq := coalesce(last_chain, 0) + 1;
    e.prev_hash := coalesce(last_hash, '\x'::bytea);
    e.hash := audit_event_digest(e);
    UPDATE audit_event SET chain_seq = e.chain_seq, prev_hash = e.prev_hash, hash = e.hash
      WHERE territory_id = territory AND seq = e.seq;
    last_chain := e.chain_seq;
    last_hash := e.hash;
    sealed := sealed + 1;
  END LOOP;
  RETURN sealed;
END $$;
REVOKE ALL ON FUNCTION audit_seal() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_seal() TO ensemblier_app;

-- Recomputes the sealed chain of the current territory; returns the seq of the first row
-- out of place (a gap, an altered row, a broken link), or NULL when the chain is intact.
CREATE OR REPLACE FUNCTION audit_verify() RETURNS bigint
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  e audit_event;
  expected_prev bytea := '\x'::bytea;
  expected_chain bigint := 1;
BEGIN
  FOR e IN SELECT * FROM audit_event WHERE territory_id = app_territory_id() AND chain_seq IS NOT NULL
      ORDER BY chain_seq LOOP
    IF e.chain_seq <> expected_chain OR e.prev_hash IS DISTINCT FROM expected_prev
        OR e.hash IS DISTINCT FROM audit_event_digest(e) THEN
      RETURN e.seq;
    END IF;
    expected_prev := e.hash;
    expected_chain := expected_chain + 1;
  END LOOP;
  RETURN NULL;
END $$;
