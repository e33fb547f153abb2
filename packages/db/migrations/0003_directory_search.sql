-- Directory search and freshness: the list of territories for cron tasks, full-text
-- search with typo tolerance, commune autocomplete indexes.

-- A cron task runs as the app role with no territory set, so under RLS it sees no
-- territory at all. app_territory_ids() hands it the territory ids only (no name, no
-- data); the task then opens one withTerritory() transaction per territory.
--
-- The owner is itself subject to FORCE RLS, so a SECURITY DEFINER function alone would
-- still see nothing: one extra policy lets the owner role (and it only: the app role's
-- queries are untouched) read `territory` while app.enumerate_territories is on, which
-- this function turns on for its own query and restores before returning.
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY territory_enumeration ON territory FOR SELECT TO %I
       USING (current_setting(''app.enumerate_territories'', true) = ''on'')',
    current_user);
END $$;

CREATE FUNCTION app_territory_ids() RETURNS SETOF uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  previous text := coalesce(current_setting('app.enumerate_territories', true), '');
BEGIN
  PERFORM set_config('app.enumerate_territories', 'on', true);
  RETURN QUERY SELECT t.territory_id FROM territory t ORDER BY t.territory_id;
  PERFORM set_config('app.enumerate_territories', previous, true);
END $$;
REVOKE ALL ON FUNCTION app_territory_ids() FROM PUBLIC;

-- ---------------------------------------------------------------------------------------
-- Search under row-level security. A user qual may serve as an index condition only when
-- its operator is LEAKPROOF (else it could see rows before the tenant policy filters
-- them); array overlap (&&), full-text match (@@) and pg_trgm's operators are not, and
-- only a superuser can mark them so. A search therefore cannot use GIN indexes on
-- service: it reads every service of the territory. We make that read cheap and give
-- free text an index it can use:
-- * service_search_cover: every column the filters and the ordering read, in one narrow
--   covering index led by territory_id (an index-only scan of the territory's rows, not
--   a scan of the wide heap rows with their descriptions);
-- * search_tsv: the weighted French vector of a service (A name, B thématique labels,
--   C organisation name, D description), unaccented, kept by the application with
--   search_document (apps/api/src/directory/search-document.ts);
-- * search_posting: our own inverted index, one row per (lexeme, service) with the best
--   weight, kept by triggers from search_tsv; looked up by lexeme equality (leakproof);
-- * search_lexeme: the territory's vocabulary, for typo tolerance: a query word is
--   expanded to the lexemes starting with its stem or trigram-close to it (k-NN on a
--   GiST index: an ordering, not a qual, so RLS does not stop it).
CREATE INDEX service_search_cover ON service (territory_id)
  INCLUDE (id, organisation_id, status, capacity_status, date_maj, accepts_referrals, type, thematiques,
    zone_eligibilite, publics, nom);

ALTER TABLE service ADD COLUMN search_tsv tsvector NOT NULL DEFAULT ''::tsvector;

CREATE TABLE search_posting (
  territory_id uuid NOT NULL,
  lexeme text COLLATE "C" NOT NULL,
  service_id uuid NOT NULL,
  weight smallint NOT NULL, -- best weight of the lexeme in the service: A 3, B 2, C 1, D 0
  PRIMARY KEY (territory_id, lexeme, service_id),
  FOREIGN KEY (territory_id, service_id) REFERENCES service (territory_id, id) ON DELETE CASCADE
);
CREATE INDEX search_posting_service_idx ON search_posting (territory_id, service_id);
SELECT app_enable_tenant_rls('search_posting');

CREATE TABLE search_lexeme (
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  lexeme text COLLATE "C" NOT NULL, -- C collation: the primary key serves prefix range scans
  PRIMARY KEY (territory_id, lexeme)
);
CREATE INDEX search_lexeme_trgm ON search_lexeme USING gist (lexeme gist_trgm_ops);
SELECT app_enable_tenant_rls('search_lexeme');

-- Statement-level, on the transition tables: a bulk refresh (seed, import, organisation
-- rename) rewrites its postings in three set-based statements, not three per row.
CREATE FUNCTION service_postings(p_territory_id uuid, p_service_id uuid, p_tsv tsvector)
  RETURNS TABLE (territory_id uuid, lexeme text, service_id uuid, weight smallint)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT $1, u.lexeme, $2, coalesce((SELECT max(CASE w WHEN 'A' THEN 3 WHEN 'B' THEN 2 WHEN 'C' THEN 1 ELSE 0 END)
    FROM unnest(u.weights) w), 0)::smallint
  FROM unnest($3) u $$;

CREATE FUNCTION service_index_search() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- (Transition tables do not allow UPDATE OF a column list: every updated row is
  -- re-indexed, about 40 postings; a single-row update costs well under a millisecond.)
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM search_posting p USING new_rows n WHERE p.territory_id = n.territory_id AND p.service_id = n.id;
  END IF;
  INSERT INTO search_posting (territory_id, lexeme, service_id, weight)
    SELECT p.* FROM new_rows n, service_postings(n.territory_id, n.id, n.search_tsv) p;
  INSERT INTO search_lexeme (territory_id, lexeme)
    SELECT DISTINCT n.territory_id, u.lexeme FROM new_rows n, unnest(n.search_tsv) u
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER service_index_search_insert AFTER INSERT ON service
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION service_index_search();
CREATE TRIGGER service_index_search_update AFTER UPDATE ON service
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION service_index_search();

-- Commune autocomplete: prefix scans (btree) and nearest names (GiST, k-NN by trigram
-- distance), both index-driven whatever the planner thinks of the trigram operators.
CREATE INDEX commune_nom_prefix ON commune (nom_search text_pattern_ops);
CREATE INDEX commune_nom_gist ON commune USING gist (nom_search gist_trgm_ops);

GRANT SELECT, INSERT ON search_lexeme TO ensemblier_app;
GRANT SELECT, INSERT, DELETE ON search_posting TO ensemblier_app;
GRANT EXECUTE ON FUNCTION app_territory_ids(), service_postings(uuid, uuid, tsvector) TO ensemblier_app;
