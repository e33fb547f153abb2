-- The follow-up of a « situation préoccupante » alert (issue 7): a coordinator marks the alert
-- raised by a visit as handled, with a note saying what was done. The three columns are set
-- together, once (the API updates `WHERE alert AND alert_handled_at IS NULL`), and only on a
-- visit that raised an alert. The visit row itself is never otherwise updated: the app role may
-- update these three columns only.
ALTER TABLE visit
  ADD COLUMN alert_handled_at timestamptz,
  ADD COLUMN alert_handled_by_user_id uuid,
  ADD COLUMN alert_follow_up_note text CHECK (length(alert_follow_up_note) BETWEEN 1 AND 1000),
  ADD FOREIGN KEY (territory_id, alert_handled_by_user_id) REFERENCES app_user (territory_id, id),
  ADD CONSTRAINT visit_alert_follow_up_complete CHECK (
    (alert_handled_at IS NULL) = (alert_handled_by_user_id IS NULL)
    AND (alert_handled_at IS NULL) = (alert_follow_up_note IS NULL)
    AND (alert_handled_at IS NULL OR alert)
  );

-- « Alertes »: the territory's alerts, newest first (open ones, handled ones).
CREATE INDEX visit_alert_idx ON visit (territory_id, occurred_at DESC, id) WHERE alert;
-- Statistics: the visits of a period (a range on occurred_at).
CREATE INDEX visit_occurred_idx ON visit (territory_id, occurred_at);

GRANT UPDATE (alert_handled_at, alert_handled_by_user_id, alert_follow_up_note) ON visit TO ensemblier_app;
