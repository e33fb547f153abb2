-- Person search filters (persons.search): birth date or year, commune, référent, with or
-- without a name. Under RLS only LEAKPROOF operators reach an index (docs/architecture.md), so
-- every filter is a B-tree equality or range, and the query starts from the most selective one:
-- a birth date (person_birth_idx), the référent's files (below), the name words
-- (person_name_word_idx, which also holds date_naissance: a birth year is checked inside it), a
-- birth year (person_birth_idx range), and a commune alone (below, already in the results'
-- order, so the access rule is checked only until the page is full).

-- « Personnes » of a commune, in the order of the results (name_key, date_naissance, id); only
-- active files are ever listed (personAccessSql, migration 0012).
CREATE INDEX person_commune_name_idx ON person (territory_id, commune_insee, name_key, date_naissance, id)
  WHERE status = 'active';

-- « Mes dossiers »: the persons whose follow-up group has the user as a current member's référent.
CREATE INDEX follow_up_member_referent_idx ON follow_up_member (territory_id, referent_user_id, person_id)
  WHERE left_at IS NULL AND referent_user_id IS NOT NULL;
