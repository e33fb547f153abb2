-- The last activity on a person's file: the latest write about the person (timeline entry,
-- information/consent/objection event, referral, referral event or message, follow-up group
-- member joining, an edit of the file). Reads do not count. It drives the 6-month inactivity
-- alert to the référents and the 24-month archiving (retention).
--
-- Kept by statement-level triggers (the seed inserts millions of rows set-based): each table
-- that records an activity declares which column holds the person (person_id, or referral_id
-- through the referral) and which holds the time. A table added later joins with:
--   CREATE TRIGGER <t>_activity AFTER INSERT ON <t> REFERENCING NEW TABLE AS new_rows
--     FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', '<time column>');

ALTER TABLE person ADD COLUMN last_activity_at timestamptz;
UPDATE person p SET last_activity_at = greatest(p.updated_at,
  (SELECT max(t.created_at) FROM timeline_entry t WHERE t.territory_id = p.territory_id AND t.person_id = p.id),
  (SELECT max(c.recorded_at) FROM consent_event c WHERE c.territory_id = p.territory_id AND c.person_id = p.id),
  (SELECT max(e.at) FROM referral r JOIN referral_event e ON e.territory_id = r.territory_id AND e.referral_id = r.id
    WHERE r.territory_id = p.territory_id AND r.person_id = p.id),
  (SELECT max(r.created_at) FROM referral r WHERE r.territory_id = p.territory_id AND r.person_id = p.id));
ALTER TABLE person ALTER COLUMN last_activity_at SET DEFAULT now(), ALTER COLUMN last_activity_at SET NOT NULL;
-- Inactive files (alerts, archiving): a range on the last activity.
CREATE INDEX person_activity_idx ON person (territory_id, last_activity_at);

CREATE FUNCTION person_touch_activity() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] = 'referral_id' THEN
    EXECUTE format($q$
      UPDATE person p SET last_activity_at = x.at
      FROM (SELECT r.territory_id, r.person_id, max(n.%1$I) AS at
            FROM new_rows n JOIN referral r ON r.territory_id = n.territory_id AND r.id = n.referral_id
            GROUP BY 1, 2) x
      WHERE p.territory_id = x.territory_id AND p.id = x.person_id AND p.last_activity_at < x.at $q$, TG_ARGV[1]);
  ELSE
    EXECUTE format($q$
      UPDATE person p SET last_activity_at = x.at
      FROM (SELECT n.territory_id, n.%1$I AS person_id, max(n.%2$I) AS at FROM new_rows n GROUP BY 1, 2) x
      WHERE p.territory_id = x.territory_id AND p.id = x.person_id AND p.last_activity_at < x.at $q$,
      TG_ARGV[0], TG_ARGV[1]);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER timeline_entry_activity AFTER INSERT ON timeline_entry REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'created_at');
CREATE TRIGGER consent_event_activity AFTER INSERT ON consent_event REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'recorded_at');
CREATE TRIGGER referral_activity AFTER INSERT ON referral REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'created_at');
CREATE TRIGGER follow_up_member_activity AFTER INSERT ON follow_up_member REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'joined_at');
CREATE TRIGGER referral_event_activity AFTER INSERT ON referral_event REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('referral_id', 'at');
CREATE TRIGGER referral_message_activity AFTER INSERT ON referral_message REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('referral_id', 'created_at');

-- An edit of the file itself (every application update bumps person.version).
CREATE FUNCTION person_edit_activity() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version <> OLD.version THEN
    NEW.last_activity_at := greatest(OLD.last_activity_at, NEW.updated_at);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER person_edit_activity BEFORE UPDATE ON person
  FOR EACH ROW EXECUTE FUNCTION person_edit_activity();
