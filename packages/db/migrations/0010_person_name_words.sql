-- Person search by name words (persons.search). Under RLS only LEAKPROOF operators reach an
-- index (docs/architecture.md), so a name is split into its words, each one row of
-- person_name_word, looked up by a B-tree range (C collation: `word >= 'mart' AND word <
-- 'mart~'`, both bounds computed by the caller: `||` is not LEAKPROOF) for each typed word;
-- the access rule is then checked on those candidates only, in the order of the results.
-- person_word is the territory's vocabulary of name words: a typed word with a typo is
-- compared with the few words that begin with the same letters (in memory), then the persons
-- bearing the close words are read by equality.

-- Lower-case, unaccented, letters only, like normaliseName (packages/shared/src/persons).
CREATE FUNCTION person_name_words(nom text, prenom text, nom_naissance text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT DISTINCT w FROM regexp_split_to_table(
    btrim(regexp_replace(lower(regexp_replace(normalize(
      concat_ws(' ', nom, prenom, nom_naissance), NFD), '[\u0300-\u036f]', '', 'g')), '[^a-z]+', ' ', 'g')),
    ' ') AS w
  WHERE w <> '' $$;

CREATE TABLE person_name_word (
  territory_id uuid NOT NULL,
  person_id uuid NOT NULL,
  word text COLLATE "C" NOT NULL,
  -- The order of the results, so that candidates are sorted before the access rule is checked
  -- (it then stops at the page's last row): copies of person.name_key and date_naissance.
  name_key text NOT NULL,
  date_naissance date,
  PRIMARY KEY (territory_id, person_id, word),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id) ON DELETE CASCADE
);
CREATE INDEX person_name_word_idx ON person_name_word (territory_id, word, person_id) INCLUDE (name_key, date_naissance);
SELECT app_enable_tenant_rls('person_name_word');

CREATE TABLE person_word (
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  word text COLLATE "C" NOT NULL, -- C collation: the primary key serves prefix range scans
  PRIMARY KEY (territory_id, word)
);
SELECT app_enable_tenant_rls('person_word');

-- Statement-level, on the transition tables: the seed's set-based inserts of persons index
-- them in two statements, not two per row.
CREATE FUNCTION person_index_name_words() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM person_name_word w USING new_rows n WHERE w.territory_id = n.territory_id AND w.person_id = n.id;
  END IF;
  INSERT INTO person_name_word (territory_id, person_id, word, name_key, date_naissance)
    SELECT n.territory_id, n.id, w, n.name_key, n.date_naissance FROM new_rows n, person_name_words(n.nom, n.prenom, n.nom_naissance) w;
  INSERT INTO person_word (territory_id, word)
    SELECT DISTINCT n.territory_id, w FROM new_rows n, person_name_words(n.nom, n.prenom, n.nom_naissance) w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER person_index_name_words_insert AFTER INSERT ON person
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_index_name_words();
CREATE TRIGGER person_index_name_words_update AFTER UPDATE ON person
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_index_name_words();

-- The persons already there, territory by territory (the owner is subject to FORCE RLS).
DO $$
DECLARE
  t uuid;
BEGIN
  FOR t IN SELECT app_territory_ids() LOOP
    PERFORM set_config('app.territory_id', t::text, true);
    INSERT INTO person_name_word (territory_id, person_id, word, name_key, date_naissance)
      SELECT p.territory_id, p.id, w, p.name_key, p.date_naissance FROM person p, person_name_words(p.nom, p.prenom, p.nom_naissance) w;
    INSERT INTO person_word (territory_id, word)
      SELECT DISTINCT territory_id, word FROM person_name_word ON CONFLICT DO NOTHING;
  END LOOP;
  PERFORM set_config('app.territory_id', '', true);
END $$;

GRANT SELECT, INSERT, DELETE ON person_name_word TO ensemblier_app;
GRANT SELECT, INSERT ON person_word TO ensemblier_app;
