-- Merging duplicate files (persons.merge, apps/api/src/persons/procedures/merge.ts).
--
-- A merge keeps one file (the kept one) and turns the other into a tombstone: status 'merged',
-- merged_into_id = the kept file (migration 0012), its identity kept for the audit trail. Every
-- row about the merged person moves to the kept one, table by table, as listed in
-- apps/api/src/persons/person-tables.ts (a test fails when a table with a person_id is missing
-- from that list). Audit rows are never touched: « qui a consulté » of the kept file follows
-- merged_into_id to list the merged files' reads too.

-- A merged file leaves the person search: its name words are removed after the name-word trigger
-- of migration 0010 has rewritten them (triggers of the same event fire by name:
-- person_index_name_words_update, then this one).
CREATE FUNCTION person_unindex_merged() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM person_name_word w USING new_rows n
    WHERE w.territory_id = n.territory_id AND w.person_id = n.id AND n.status = 'merged';
  RETURN NULL;
END $$;
CREATE TRIGGER person_unindex_merged AFTER UPDATE ON person
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_unindex_merged();

-- Moves the rows of one table from the merged person to the kept one. The application role may
-- not rewrite history tables (consent_event, timeline_entry… are INSERT-only for it): this
-- function does it, only for a file already marked merged into the kept one in this
-- territory (so only inside a merge, after `UPDATE person SET status = 'merged'`), only on a
-- column that is a foreign key to person, never on person or audit_event.
--   'move'         every row of the merged person moves;
--   'move_if_none' (one row per person) the merged person's row moves when the kept person has
--                  none; otherwise it stays with the tombstone;
--   'discard'      person_access only: the merged person's remaining grants (each superseded
--                  by the kept person's grant for the same organisation) are removed.
-- Returns the number of rows moved or removed.
CREATE FUNCTION person_merge_rows(p_table text, p_column text, p_kept uuid, p_merged uuid, p_mode text)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  t uuid := app_territory_id();
  n bigint;
BEGIN
  IF t IS NULL THEN
    RAISE EXCEPTION 'person_merge_rows: no territory';
  END IF;
  IF p_table IN ('person', 'audit_event') THEN
    RAISE EXCEPTION 'person_merge_rows: % is never rewritten', p_table;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM person WHERE territory_id = t AND id = p_merged AND status = 'merged'
      AND merged_into_id = p_kept)
    OR NOT EXISTS (SELECT 1 FROM person WHERE territory_id = t AND id = p_kept AND status = 'active') THEN
    RAISE EXCEPTION 'person_merge_rows: % is not merged into %', p_merged, p_kept;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.contype = 'f' AND c.conrelid = to_regclass(format('public.%I', p_table))
      AND c.confrelid = 'public.person'::regclass AND a.attname = p_column) THEN
    RAISE EXCEPTION 'person_merge_rows: %.% is not a reference to a person', p_table, p_column;
  END IF;
  IF p_mode = 'move' THEN
    EXECUTE format('UPDATE %I SET %I = $1 WHERE territory_id = $2 AND %I = $3', p_table, p_column, p_column)
      USING p_kept, t, p_merged;
  ELSIF p_mode = 'move_if_none' THEN
    EXECUTE format('UPDATE %I SET %I = $1 WHERE territory_id = $2 AND %I = $3
        AND NOT EXISTS (SELECT 1 FROM %I k WHERE k.territory_id = $2 AND k.%I = $1)',
      p_table, p_column, p_column, p_table, p_column)
      USING p_kept, t, p_merged;
  ELSIF p_mode = 'discard' AND p_table = 'person_access' THEN
    DELETE FROM person_access WHERE territory_id = t AND person_id = p_merged;
  ELSE
    RAISE EXCEPTION 'person_merge_rows: mode % not allowed on %', p_mode, p_table;
  END IF;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION person_merge_rows(text, text, uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_merge_rows(text, text, uuid, uuid, text) TO ensemblier_app;
