-- The partner network: communes (reference), organisation profiles, services (offres)
-- modelled on the data·inclusion schema v1, capacity and freshness.

-- Reference data, not tenant data: the French communes (INSEE code, postcodes, département,
-- EPCI), loaded from @etalab/decoupage-administratif by the migration runner.
CREATE TABLE commune (
  code text PRIMARY KEY,
  nom text NOT NULL,
  nom_search text NOT NULL, -- lower-case, unaccented: for the autocomplete
  codes_postaux text[] NOT NULL DEFAULT '{}',
  departement text NOT NULL,
  epci text,
  population integer
);
CREATE INDEX commune_nom_trgm ON commune USING gin (nom_search gin_trgm_ops);
CREATE INDEX commune_cp ON commune USING gin (codes_postaux);

-- unaccent() is only STABLE (it reads its dictionary): an IMMUTABLE wrapper for indexes.
CREATE FUNCTION immutable_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE FUNCTION search_text(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(immutable_unaccent(coalesce($1, ''))) $$;

-- The zone codes a commune belongs to: itself, its EPCI, its département, 'france'.
CREATE FUNCTION commune_zone_codes(p_code text) RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT array_remove(ARRAY[c.code, c.epci, c.departement, 'france'], NULL) FROM commune c WHERE c.code = p_code $$;

-- Organisation profile.
ALTER TABLE organisation
  ADD COLUMN siret text CHECK (siret ~ '^\d{14}$'),
  ADD COLUMN finess text CHECK (finess ~ '^\d[0-9AB]\d{7}$'),
  ADD COLUMN adresse text,
  ADD COLUMN complement_adresse text,
  ADD COLUMN code_postal text CHECK (code_postal ~ '^\d{5}$'),
  ADD COLUMN site_web text,
  ADD COLUMN horaires_accueil text, -- OSM opening_hours syntax
  ADD COLUMN description text,
  ADD COLUMN reseaux_porteurs text[] NOT NULL DEFAULT '{}',
  ADD COLUMN source text NOT NULL DEFAULT 'ensemblier',
  -- (source, source_id) identify a row in the system it was imported from (upsert key);
  -- rows created here get a random source_id.
  ADD COLUMN source_id text NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE organisation ADD CONSTRAINT organisation_source_uq UNIQUE (territory_id, source, source_id);

CREATE TABLE service (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL,
  source text NOT NULL DEFAULT 'ensemblier',
  source_id text NOT NULL DEFAULT gen_random_uuid()::text,
  nom text NOT NULL CHECK (length(nom) BETWEEN 2 AND 200),
  description text NOT NULL DEFAULT '',
  type text, -- data·inclusion TypeService
  thematiques text[] NOT NULL DEFAULT '{}', -- data·inclusion values and our extensions
  publics text[] NOT NULL DEFAULT '{}',
  publics_precisions text,
  frais text CHECK (frais IN ('gratuit', 'payant')),
  frais_precisions text,
  conditions_acces text,
  modes_accueil text[] NOT NULL DEFAULT '{}',
  zone_eligibilite text[] NOT NULL DEFAULT '{}', -- INSEE commune / EPCI SIREN / département codes, 'france'
  modes_mobilisation text[] NOT NULL DEFAULT '{}',
  mobilisable_par text[] NOT NULL DEFAULT '{}',
  mobilisation_precisions text,
  lien_mobilisation text,
  pieces_justificatives text[] NOT NULL DEFAULT '{}', -- not in the schema: ours
  contact_nom_prenom text,
  courriel text,
  telephone text,
  horaires_accueil text, -- OSM opening_hours syntax
  adresse text,
  complement_adresse text,
  code_postal text CHECK (code_postal ~ '^\d{5}$'),
  commune_insee text,
  accepts_referrals boolean NOT NULL DEFAULT false,
  capacity_status text NOT NULL DEFAULT 'inconnu' CHECK (capacity_status IN ('places_disponibles', 'liste_attente', 'complet', 'inconnu')),
  capacity_delay_days integer CHECK (capacity_delay_days BETWEEN 0 AND 730),
  capacity_confirmed_at timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  date_maj timestamptz NOT NULL DEFAULT now(), -- last change or "toujours à jour" confirmation
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  -- What free-text search looks at: lower-case, unaccented name, description, thématique
  -- labels and the organisation's name (kept by the application on every write).
  search_document text NOT NULL DEFAULT '',
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, source, source_id),
  FOREIGN KEY (territory_id, organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX service_org_idx ON service (territory_id, organisation_id);
CREATE INDEX service_thematiques_idx ON service USING gin (thematiques);
CREATE INDEX service_zone_idx ON service USING gin (zone_eligibilite);
CREATE INDEX service_search_trgm ON service USING gin (search_document gin_trgm_ops);
CREATE INDEX service_fts_idx ON service USING gin (to_tsvector('french', search_document));
CREATE INDEX service_date_maj_idx ON service (territory_id, date_maj);

SELECT app_enable_tenant_rls('service');

GRANT SELECT ON commune TO ensemblier_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON service TO ensemblier_app;
GRANT EXECUTE ON FUNCTION immutable_unaccent(text), search_text(text), commune_zone_codes(text) TO ensemblier_app;
