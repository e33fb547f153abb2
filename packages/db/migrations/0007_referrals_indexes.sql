-- Referrals, second step: indexes the API reads under RLS (equality and range only).

-- Person search and duplicate check by a prefix of the name key. COLLATE "C" makes the
-- range (key >= 'dup' AND key < 'dup~') a plain byte-order prefix whatever the database's
-- collation (a linguistic collation ignores spaces at the first level).
CREATE INDEX person_name_c_idx ON person (territory_id, (name_key COLLATE "C"));

-- The expiry and reminder job: the tasks still waiting for an answer, oldest first.
CREATE INDEX referral_task_waiting_idx ON referral_task (territory_id, sent_at)
  WHERE state IN ('envoyee', 'vue');
