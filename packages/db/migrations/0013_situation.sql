-- The person's situation and household (« Situation et foyer »): the 1:1 situation (family
-- situation, housing, GIR, protection measure, right to stay, contact preferences), the members
-- of the household and the monthly budget lines (resources and charges, in euro cents). Who
-- sees and edits each field is decided by canSeeSituationField / canEditSituationField in
-- packages/shared/src/persons/situation.ts (sensitive categories: GIR → santé, protection
-- measure → justice, debt charges → dettes, right to stay → séjour); the API applies it.
-- The commissions (reste à vivre) read the household and the budget lines of these tables.
--
-- Every write counts as activity on the file (person.last_activity_at, migration 0011): inserts
-- and in-place updates through person_touch_activity with the row's updated_at (the
-- application's clock), deletions at the database's clock (a deleted row has no new time).

CREATE TABLE person_situation (
  territory_id uuid NOT NULL,
  person_id uuid NOT NULL,
  situation_familiale text CHECK (situation_familiale IN ('celibataire', 'marie', 'pacse', 'concubinage', 'separe',
    'divorce', 'veuf')),
  logement_type text CHECK (logement_type IN ('appartement', 'maison', 'chez_un_tiers', 'structure_hebergement',
    'hotel', 'habitat_mobile', 'sans_domicile', 'autre')),
  logement_statut text CHECK (logement_statut IN ('locataire_social', 'locataire_prive', 'proprietaire', 'accedant',
    'heberge', 'sous_locataire', 'occupant_sans_titre', 'autre')),
  bailleur_nom text CHECK (length(bailleur_nom) BETWEEN 1 AND 200),
  -- The landlord when it is an organisation of the directory (a social landlord of the network).
  bailleur_organisation_id uuid,
  -- Sensitive: santé.
  gir smallint CHECK (gir BETWEEN 1 AND 6),
  gir_evaluated_on date,
  -- Sensitive: justice.
  protection_mesure text CHECK (protection_mesure IN ('aucune', 'sauvegarde_justice', 'curatelle_simple',
    'curatelle_renforcee', 'tutelle', 'habilitation_familiale', 'masp', 'maj')),
  protection_mandataire text CHECK (length(protection_mandataire) BETWEEN 1 AND 200),
  -- Restricted: séjour (the CCAS and the file's creator only).
  nationalite text CHECK (nationalite IN ('francaise', 'union_europeenne', 'hors_union_europeenne')),
  titre_sejour_type text CHECK (titre_sejour_type IN ('carte_sejour_temporaire', 'carte_sejour_pluriannuelle',
    'carte_resident', 'recepisse', 'autorisation_provisoire', 'attestation_demande_asile', 'visa_long_sejour',
    'aucun', 'autre')),
  titre_sejour_fin date,
  -- Contact preferences (the mode itself is person.preferred_contact).
  contact_best_times text CHECK (length(contact_best_times) BETWEEN 1 AND 200),
  contact_notes text CHECK (length(contact_notes) BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id uuid NOT NULL,
  updated_by_organisation_id uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, person_id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, bailleur_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, updated_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, updated_by_organisation_id) REFERENCES organisation (territory_id, id),
  CHECK (gir_evaluated_on IS NULL OR gir IS NOT NULL),
  CHECK (protection_mandataire IS NULL OR coalesce(protection_mesure, 'aucune') <> 'aucune'),
  CHECK ((titre_sejour_type IS NULL AND titre_sejour_fin IS NULL) OR coalesce(nationalite = 'hors_union_europeenne', false))
);

-- A member of the person's household (the person themself is not a row).
CREATE TABLE household_member (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  relation text NOT NULL CHECK (relation IN ('conjoint', 'enfant', 'parent', 'frere_soeur', 'petit_enfant',
    'autre_famille', 'autre')),
  prenom text NOT NULL CHECK (length(prenom) BETWEEN 1 AND 100),
  nom text CHECK (length(nom) BETWEEN 1 AND 100),
  date_naissance date,
  a_charge boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, updated_by_user_id) REFERENCES app_user (territory_id, id)
);
CREATE INDEX household_member_person_idx ON household_member (territory_id, person_id, created_at);

-- A monthly resource or charge of the household. household_member_id: whose line it is
-- (NULL: the person, or the household as a whole); removing the member keeps the line.
CREATE TABLE person_budget_line (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  household_member_id uuid,
  kind text NOT NULL CHECK (kind IN ('ressource', 'charge')),
  type text NOT NULL,
  label text CHECK (length(label) BETWEEN 1 AND 120),
  amount_cents integer NOT NULL CHECK (amount_cents > 0 AND amount_cents <= 99999999),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, household_member_id) REFERENCES household_member (territory_id, id)
    ON DELETE SET NULL (household_member_id),
  FOREIGN KEY (territory_id, updated_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK ((kind = 'ressource' AND type IN ('salaire', 'rsa', 'prime_activite', 'are', 'aah', 'retraite', 'aspa',
    'apl_al', 'allocations_familiales', 'pension_alimentaire_recue', 'autre'))
    OR (kind = 'charge' AND type IN ('loyer', 'energie', 'eau', 'assurance', 'mutuelle', 'credit',
    'pension_alimentaire_versee', 'impots', 'transport', 'telephone_internet', 'dette_impaye', 'autre')))
);
CREATE INDEX person_budget_line_person_idx ON person_budget_line (territory_id, person_id, kind, created_at);
CREATE INDEX person_budget_line_member_idx ON person_budget_line (territory_id, household_member_id)
  WHERE household_member_id IS NOT NULL;

-- Activity on the file: inserts and updates carry the application's time (updated_at).
CREATE TRIGGER person_situation_activity AFTER INSERT ON person_situation REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');
CREATE TRIGGER person_situation_activity_update AFTER UPDATE ON person_situation REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');
CREATE TRIGGER household_member_activity AFTER INSERT ON household_member REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');
CREATE TRIGGER household_member_activity_update AFTER UPDATE ON household_member REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');
CREATE TRIGGER person_budget_line_activity AFTER INSERT ON person_budget_line REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');
CREATE TRIGGER person_budget_line_activity_update AFTER UPDATE ON person_budget_line
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');

-- A deletion (a member or a line removed) counts at the database's clock, on an active file only
-- (an elimination or a merge removing these rows is no activity).
CREATE FUNCTION person_touch_activity_removed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE person p SET last_activity_at = now()
  FROM (SELECT DISTINCT o.territory_id, o.person_id FROM old_rows o) x
  WHERE p.territory_id = x.territory_id AND p.id = x.person_id AND p.status = 'active' AND p.last_activity_at < now();
  RETURN NULL;
END $$;
CREATE TRIGGER household_member_activity_delete AFTER DELETE ON household_member REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity_removed();
CREATE TRIGGER person_budget_line_activity_delete AFTER DELETE ON person_budget_line
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity_removed();

SELECT app_enable_tenant_rls('person_situation');
SELECT app_enable_tenant_rls('household_member');
SELECT app_enable_tenant_rls('person_budget_line');

GRANT SELECT, INSERT, UPDATE ON person_situation TO ensemblier_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON household_member TO ensemblier_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON person_budget_line TO ensemblier_app;
