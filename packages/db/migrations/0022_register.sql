-- The register of vulnerable people (registre nominatif, CASF L.121-6-1 and R.121-2 to R.121-12).
-- The rules (vocabulary, forms, opt-out, the volunteer's card, the prefecture export) are in
-- packages/shared/src/visits/register.ts and docs/visits.md; only coordinators manage it.
--
-- One row per registration of a person. History is kept: an opt-out (radiation) does not delete
-- the row, it becomes 'radiee' with who/when/why/how, and the API clears the plan's data
-- (phones, access notes, keys, contacts, doctor, services, address: CLEARED_AT_OPT_OUT). A
-- re-registration after a radiation is a NEW row. At most one 'inscrite' row per person is
-- enforced by the API under a lock on the person row (no unique index: a merge moves both
-- files' rows to the kept person, histories included, and must not fail).
CREATE TABLE register_entry (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'inscrite' CHECK (status IN ('inscrite', 'radiee')),
  -- Who asked, and the person's agreement.
  requested_by text NOT NULL CHECK (requested_by IN ('personne', 'representant_legal', 'proche', 'professionnel')),
  requester_name text CHECK (length(requester_name) <= 200),
  requester_link text CHECK (length(requester_link) <= 100),
  consent_mode text NOT NULL CHECK (consent_mode IN ('oral', 'ecrit', 'telephone')),
  consent_on date NOT NULL,
  -- The situation (CASF R.121-2).
  situation text NOT NULL CHECK (situation IN ('age_65', 'age_60_inapte', 'handicap')),
  isole boolean NOT NULL DEFAULT false,
  -- Where the person is visited (may differ from the file's address) and how to get in.
  adresse text NOT NULL DEFAULT '' CHECK (length(adresse) <= 300),
  commune_insee text CHECK (commune_insee ~ '^\d[0-9AB]\d{3}$'),
  secteur text CHECK (length(secteur) <= 100),
  digicode text CHECK (length(digicode) <= 20),
  batiment text CHECK (length(batiment) <= 50),
  etage text CHECK (length(etage) <= 20),
  cles text CHECK (length(cles) <= 300),
  acces_notes text CHECK (length(acces_notes) <= 500),
  -- Lists validated by the shared schemas: [{numero, type}], [{nom, lien, telephone}],
  -- {nom, telephone} | null, [{organisationId, nom, telephone, passages}].
  telephones jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(telephones) = 'array'),
  contacts_urgence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(contacts_urgence) = 'array'),
  medecin jsonb CHECK (medecin IS NULL OR jsonb_typeof(medecin) = 'object'),
  services_domicile jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(services_domicile) = 'array'),
  -- Registration.
  registered_on date NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  registered_by_user_id uuid NOT NULL,
  registered_by_organisation_id uuid NOT NULL,
  -- Opt-out (radiation).
  opted_out_on date,
  opted_out_at timestamptz,
  opted_out_by_user_id uuid,
  opt_out_reason text CHECK (opt_out_reason IN ('demande', 'deces', 'demenagement', 'etablissement', 'autre')),
  opt_out_mode text CHECK (opt_out_mode IN ('oral', 'ecrit', 'telephone')),
  opt_out_note text CHECK (length(opt_out_note) <= 500),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id uuid NOT NULL,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, registered_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, registered_by_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, opted_out_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, updated_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK ((status = 'radiee') = (opted_out_at IS NOT NULL AND opt_out_reason IS NOT NULL AND opted_out_on IS NOT NULL
    AND opted_out_by_user_id IS NOT NULL))
);
-- The person's registrations (file page, merge, export, elimination).
CREATE INDEX register_entry_person_idx ON register_entry (territory_id, person_id);
-- The list: by status, then the filters by equality (situation, commune), newest first.
CREATE INDEX register_entry_status_idx ON register_entry (territory_id, status, registered_at DESC, id);
CREATE INDEX register_entry_commune_idx ON register_entry (territory_id, status, commune_insee);

-- A registration, its edits and its radiation are activity on the file (migration 0011).
CREATE TRIGGER register_entry_activity AFTER INSERT ON register_entry REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');
CREATE TRIGGER register_entry_activity_update AFTER UPDATE ON register_entry REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');

SELECT app_enable_tenant_rls('register_entry');
-- DELETE only for the elimination of an archived file (apps/api/src/archives/eliminate.ts).
GRANT SELECT, INSERT, UPDATE, DELETE ON register_entry TO ensemblier_app;
