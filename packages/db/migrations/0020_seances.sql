-- Séances (issue 6, part 2): a signed decision is immutable in the database too. From its first
-- signature, what the decision says (outcome, amount, form, creditor, duration, motive, votes,
-- the séance and the decision it corrects) can no longer change; a correction is a new decision
-- referencing it (decision.corrects_decision_id). The signing itself still updates the
-- bookkeeping columns (signed_at, envelope_id, envelope_consumed_cents, ratification, version).
-- The API refuses first (DECISION_LOCKED_MESSAGE); this is the guard behind it.

CREATE FUNCTION decision_signed_immutable() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.outcome, OLD.amount_granted_cents, OLD.form, OLD.creditor_name, OLD.duration_value, OLD.duration_unit,
      OLD.motive, OLD.votes_pour, OLD.votes_contre, OLD.abstentions, OLD.seance_id, OLD.corrects_decision_id,
      OLD.demande_id, OLD.urgence, OLD.required_signatures, OLD.decided_at)
     IS DISTINCT FROM
     (NEW.outcome, NEW.amount_granted_cents, NEW.form, NEW.creditor_name, NEW.duration_value, NEW.duration_unit,
      NEW.motive, NEW.votes_pour, NEW.votes_contre, NEW.abstentions, NEW.seance_id, NEW.corrects_decision_id,
      NEW.demande_id, NEW.urgence, NEW.required_signatures, NEW.decided_at)
     AND EXISTS (SELECT 1 FROM decision_signature s
                 WHERE s.territory_id = OLD.territory_id AND s.decision_id = OLD.id) THEN
    RAISE EXCEPTION 'decision % is signed: it cannot be modified (record a correction)', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER decision_signed_immutable BEFORE UPDATE ON decision
  FOR EACH ROW EXECUTE FUNCTION decision_signed_immutable();
