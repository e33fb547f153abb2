-- Commissions (issue 6): commission types and their configuration (aid kinds, yearly envelopes,
-- members and capacities, quorum rule, barème), demandes d'aide (instruction: household snapshot,
-- budget lines, pièces and uploads, figures computed at completion), séances (convened members,
-- attendance, agenda), decisions (votes, two signatures, corrections, urgent decisions and their
-- ratification), payments, envelope consumption, generated documents (PV, letters).
-- The rules are in packages/shared/src/commissions/ (docs/commissions.md); the API applies them.
--
-- Conventions: amounts are integer euro cents; enums mirror the shared ones (labels.ts,
-- demande-state-machine.ts, seance.ts, bareme.ts). Every row hanging from a demande carries
-- demande_id (the elimination of a person's file deletes them through it, children first:
-- apps/api/src/archives/eliminate.ts); only `demande` holds the person_id.
--
-- Envelope consumption is atomic: one `commission_envelope` row per (commission type, aid kind,
-- year) with budget_cents and consumed_cents, CHECK consumed_cents <= budget_cents; a grant
-- consumes with a single conditional UPDATE
--   UPDATE commission_envelope SET consumed_cents = consumed_cents + $amount, version = version + 1
--   WHERE id = $envelope AND consumed_cents + $amount <= budget_cents RETURNING …
-- (no row: the envelope is exhausted), and records an `envelope_movement` (the ledger: the sum of
-- the movements of an envelope equals its consumed_cents).
--
-- Two signatures: `decision_signature` has UNIQUE (decision, signer) — one person signs once —
-- and `position` 1 or 2 with UNIQUE (decision, position): a third signature, or two concurrent
-- "second" signatures, fail in the database whatever the application does.

-- ———————————————————————————————————————————————————————————————————————————————
-- Configuration

CREATE TABLE commission_type (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  -- The aid kinds it decides (AID_KIND_VALUES).
  aid_kinds text[] NOT NULL CHECK (cardinality(aid_kinds) >= 1 AND aid_kinds <@ ARRAY['colis_alimentaire',
    'epicerie_sociale', 'bons_achat', 'secours_financier', 'micro_credit', 'fsl_acces', 'fsl_maintien',
    'impaye_loyer', 'impaye_energie', 'impaye_eau', 'aide_rentree_scolaire', 'autre_aide']),
  -- quorumRuleSchema and baremeSchema (validated by the API with the shared zod schemas).
  quorum jsonb NOT NULL,
  bareme jsonb NOT NULL,
  voix_preponderante boolean NOT NULL DEFAULT true,
  presentation_par_defaut boolean NOT NULL DEFAULT true,
  -- A commission type no longer used (kept: its demandes, séances and decisions point to it).
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_user_id uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, name),
  FOREIGN KEY (territory_id, created_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, updated_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK (jsonb_typeof(quorum) = 'object' AND jsonb_typeof(bareme) = 'object')
);

-- A member of a commission type: voting rights, capacities (COMMISSION_CAPACITIES), and the
-- organisation they represent when it is not their own (an association, the département…).
CREATE TABLE commission_member (
  territory_id uuid NOT NULL,
  commission_type_id uuid NOT NULL,
  user_id uuid NOT NULL,
  organisation_id uuid,
  voting boolean NOT NULL,
  capacities text[] NOT NULL DEFAULT '{}' CHECK (capacities <@ ARRAY['president', 'vice_president', 'secretaire',
    'signataire', 'delegataire_urgence']),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, commission_type_id, user_id),
  FOREIGN KEY (territory_id, commission_type_id) REFERENCES commission_type (territory_id, id) ON DELETE CASCADE,
  FOREIGN KEY (territory_id, user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, organisation_id) REFERENCES organisation (territory_id, id)
);
-- « Mes commissions »: the commission types a user sits in.
CREATE INDEX commission_member_user_idx ON commission_member (territory_id, user_id);
-- One président, one secrétaire per commission type.
CREATE UNIQUE INDEX commission_member_president_idx ON commission_member (territory_id, commission_type_id)
  WHERE 'president' = ANY (capacities);
CREATE UNIQUE INDEX commission_member_secretaire_idx ON commission_member (territory_id, commission_type_id)
  WHERE 'secretaire' = ANY (capacities);

-- The yearly budget envelope of an aid kind of a commission type, and what is consumed of it.
CREATE TABLE commission_envelope (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  commission_type_id uuid NOT NULL,
  aid_kind text NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  budget_cents integer NOT NULL CHECK (budget_cents BETWEEN 0 AND 2000000000),
  consumed_cents integer NOT NULL DEFAULT 0 CHECK (consumed_cents >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, commission_type_id, aid_kind, year),
  FOREIGN KEY (territory_id, commission_type_id) REFERENCES commission_type (territory_id, id),
  CHECK (consumed_cents <= budget_cents)
);

-- Yearly counters (file numbers of demandes « 2026-0042 », séance numbers), taken with
-- INSERT … ON CONFLICT DO UPDATE SET value = value + 1 RETURNING value (atomic).
CREATE TABLE commission_counter (
  territory_id uuid NOT NULL REFERENCES territory (territory_id),
  kind text NOT NULL CHECK (kind IN ('demande', 'seance')),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  value integer NOT NULL CHECK (value >= 1),
  PRIMARY KEY (territory_id, kind, year)
);

-- ———————————————————————————————————————————————————————————————————————————————
-- Demandes d'aide

CREATE TABLE demande (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- The file number shown in presentation mode and on the letters (« 2026-0042 »).
  numero text NOT NULL CHECK (numero ~ '^[0-9]{4}-[0-9]{4,}$'),
  person_id uuid NOT NULL,
  referral_id uuid,
  commission_type_id uuid NOT NULL,
  aid_kind text NOT NULL CHECK (aid_kind IN ('colis_alimentaire', 'epicerie_sociale', 'bons_achat',
    'secours_financier', 'micro_credit', 'fsl_acces', 'fsl_maintien', 'impaye_loyer', 'impaye_energie', 'impaye_eau',
    'aide_rentree_scolaire', 'autre_aide')),
  urgent boolean NOT NULL DEFAULT false,
  objet text NOT NULL CHECK (length(objet) BETWEEN 1 AND 2000),
  montant_demande_cents integer CHECK (montant_demande_cents BETWEEN 0 AND 100000000),
  duree_demandee_value integer CHECK (duree_demandee_value BETWEEN 1 AND 104),
  duree_demandee_unit text CHECK (duree_demandee_unit IN ('semaines', 'mois')),
  -- The creditor of a third-party payment (CREDITOR_KINDS).
  creditor_kind text CHECK (creditor_kind IN ('bailleur', 'fournisseur_energie', 'fournisseur_eau',
    'etablissement_scolaire', 'assurance', 'commercant', 'autre_creancier')),
  creditor_name text CHECK (length(creditor_name) BETWEEN 1 AND 200),
  creditor_reference text CHECK (length(creditor_reference) BETWEEN 1 AND 100),
  revenu_imposable_annuel_cents integer CHECK (revenu_imposable_annuel_cents BETWEEN 0 AND 100000000),
  quotient_familial_caf_euros integer CHECK (quotient_familial_caf_euros BETWEEN 0 AND 100000),
  rapport_social text CHECK (length(rapport_social) BETWEEN 1 AND 20000),
  -- The summary for the room (presentation mode), written without names.
  synthese_seance text CHECK (length(synthese_seance) BETWEEN 1 AND 2000),
  state text NOT NULL DEFAULT 'en_instruction' CHECK (state IN ('en_instruction', 'complete', 'inscrite',
    'ajournee', 'decidee', 'decidee_urgence', 'notifiee', 'versee', 'cloturee')),
  -- The date of the demande: ages and the barème are computed on it.
  deposee_le date NOT NULL,
  instructing_organisation_id uuid NOT NULL,
  instructing_user_id uuid NOT NULL,
  -- The figures computed with the commission type's barème when the demande became complete
  -- (computeDemandeBudget), kept as the commission saw them; NULL while in instruction.
  computed_at timestamptz,
  uc_hundredths integer CHECK (uc_hundredths > 0),
  ressources_cents integer,
  charges_retenues_cents integer,
  reste_a_vivre_cents integer,
  rav_par_unite_mois_cents integer,
  rav_par_unite_jour_cents integer,
  quotient_familial_cents integer,
  quotient_familial_source text CHECK (quotient_familial_source IN ('avis_imposition', 'estimation', 'caf')),
  suggestion text CHECK (suggestion IN ('accord_total', 'accord_partiel', 'refus')),
  montant_suggere_cents integer,
  -- The full DemandeBudget at completion (tranche, parts, totals…).
  computation jsonb,
  state_changed_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  decided_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_user_id uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, numero),
  FOREIGN KEY (territory_id, person_id) REFERENCES person (territory_id, id),
  FOREIGN KEY (territory_id, referral_id) REFERENCES referral (territory_id, id),
  FOREIGN KEY (territory_id, commission_type_id) REFERENCES commission_type (territory_id, id),
  FOREIGN KEY (territory_id, instructing_organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, instructing_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, created_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, updated_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK ((duree_demandee_value IS NULL) = (duree_demandee_unit IS NULL)),
  CHECK (creditor_kind IS NULL OR creditor_name IS NOT NULL),
  CHECK (creditor_name IS NULL OR creditor_kind IS NOT NULL),
  CHECK (state IN ('en_instruction') OR computed_at IS NOT NULL)
);
-- The lists: by state, by commission type (newest first), by instructing organisation, per person.
CREATE INDEX demande_state_idx ON demande (territory_id, state, created_at DESC);
CREATE INDEX demande_commission_idx ON demande (territory_id, commission_type_id, state, created_at DESC);
CREATE INDEX demande_org_idx ON demande (territory_id, instructing_organisation_id, created_at DESC);
CREATE INDEX demande_person_idx ON demande (territory_id, person_id, created_at DESC);
CREATE INDEX demande_referral_idx ON demande (territory_id, referral_id) WHERE referral_id IS NOT NULL;
CREATE INDEX demande_aid_idx ON demande (territory_id, aid_kind, created_at DESC);

-- A demande's history of states (DEMANDE_TRANSITIONS): who, when, why (statistics: delays).
CREATE TABLE demande_event (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  demande_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('creer', 'completer', 'rouvrir_instruction', 'inscrire', 'retirer',
    'decider', 'ajourner', 'decider_urgence', 'ratifier', 'notifier', 'verser', 'cloturer', 'classer_sans_suite')),
  from_state text CHECK (from_state IN ('en_instruction', 'complete', 'inscrite', 'ajournee', 'decidee',
    'decidee_urgence', 'notifiee', 'versee', 'cloturee')),
  to_state text NOT NULL CHECK (to_state IN ('en_instruction', 'complete', 'inscrite', 'ajournee', 'decidee',
    'decidee_urgence', 'notifiee', 'versee', 'cloturee')),
  motif text CHECK (length(motif) BETWEEN 1 AND 2000),
  -- NULL: the system (a job).
  by_user_id uuid,
  by_organisation_id uuid,
  at timestamptz NOT NULL,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, by_organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX demande_event_demande_idx ON demande_event (territory_id, demande_id, at);

-- The household of the demande (a snapshot, prefilled from the file's household and editable).
CREATE TABLE demande_household_member (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  demande_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  relation text NOT NULL CHECK (relation IN ('demandeur', 'conjoint', 'enfant', 'autre')),
  prenom text CHECK (length(prenom) BETWEEN 1 AND 100),
  nom text CHECK (length(nom) BETWEEN 1 AND 100),
  birth_date date,
  age integer CHECK (age BETWEEN 0 AND 130),
  a_charge boolean,
  handicap boolean NOT NULL DEFAULT false,
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, demande_id, position),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  CHECK (birth_date IS NOT NULL OR age IS NOT NULL)
);
CREATE UNIQUE INDEX demande_household_demandeur_idx ON demande_household_member (territory_id, demande_id)
  WHERE relation = 'demandeur';

-- The monthly budget lines of the demande (DEMANDE_RESOURCE_TYPES / DEMANDE_CHARGE_TYPES).
CREATE TABLE demande_line (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  demande_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  kind text NOT NULL CHECK (kind IN ('ressource', 'charge')),
  type text NOT NULL CHECK (length(type) BETWEEN 1 AND 60),
  label text CHECK (length(label) BETWEEN 1 AND 200),
  amount_cents integer NOT NULL CHECK (amount_cents BETWEEN 0 AND 100000000),
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, demande_id, position),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id)
);

-- Uploaded pièces justificatives (files as referral attachments: FILES_DIR, random key).
CREATE TABLE demande_attachment (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  demande_id uuid NOT NULL,
  storage_key text NOT NULL CHECK (storage_key ~ '^[a-z0-9]{32,64}$'),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  mime_type text NOT NULL CHECK (mime_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  sha256 text NOT NULL,
  uploaded_by_user_id uuid NOT NULL,
  uploaded_by_organisation_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, storage_key),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, uploaded_by_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, uploaded_by_organisation_id) REFERENCES organisation (territory_id, id)
);
CREATE INDEX demande_attachment_demande_idx ON demande_attachment (territory_id, demande_id);

-- The checklist of pièces (PIECE_KINDS): fournie / manquante / non requise, with its file.
CREATE TABLE demande_piece (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  demande_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  kind text NOT NULL CHECK (kind IN ('piece_identite', 'titre_sejour', 'justificatif_domicile', 'avis_imposition',
    'justificatifs_ressources', 'attestation_caf', 'quittance_loyer', 'facture_impayee', 'echeancier',
    'rib_creancier', 'devis', 'autre_piece')),
  status text NOT NULL CHECK (status IN ('fournie', 'manquante', 'non_requise')),
  attachment_id uuid,
  note text CHECK (length(note) BETWEEN 1 AND 300),
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, demande_id, position),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, attachment_id) REFERENCES demande_attachment (territory_id, id)
);
CREATE INDEX demande_piece_attachment_idx ON demande_piece (territory_id, attachment_id)
  WHERE attachment_id IS NOT NULL;

-- ———————————————————————————————————————————————————————————————————————————————
-- Séances

CREATE TABLE seance (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  numero text NOT NULL CHECK (numero ~ '^[0-9]{4}-[0-9]{2,}$'),
  commission_type_id uuid NOT NULL,
  date date NOT NULL,
  heure time NOT NULL,
  lieu text NOT NULL CHECK (length(lieu) BETWEEN 1 AND 300),
  message_convocation text CHECK (length(message_convocation) BETWEEN 1 AND 2000),
  state text NOT NULL DEFAULT 'planifiee' CHECK (state IN ('planifiee', 'ouverte', 'close', 'annulee')),
  -- The rules as they stood when the séance was created (a later edit of the type does not
  -- change a past séance): quorumRuleSchema, voix prépondérante.
  quorum jsonb NOT NULL,
  voix_preponderante boolean NOT NULL,
  convened_at timestamptz,
  opened_at timestamptz,
  closed_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_user_id uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, numero),
  FOREIGN KEY (territory_id, commission_type_id) REFERENCES commission_type (territory_id, id),
  FOREIGN KEY (territory_id, created_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK ((state = 'planifiee') OR (state = 'annulee') OR opened_at IS NOT NULL),
  CHECK ((state = 'close') = (closed_at IS NOT NULL)),
  CHECK ((state = 'annulee') = (cancelled_at IS NOT NULL))
);
CREATE INDEX seance_commission_idx ON seance (territory_id, commission_type_id, date DESC);
CREATE INDEX seance_date_idx ON seance (territory_id, date DESC);

-- The members convened to a séance (a snapshot of the commission's members: voting rights and
-- capacities as they stood) and their attendance (ATTENDANCE_STATUSES; NULL: not recorded).
CREATE TABLE seance_member (
  territory_id uuid NOT NULL,
  seance_id uuid NOT NULL,
  user_id uuid NOT NULL,
  organisation_id uuid,
  voting boolean NOT NULL,
  capacities text[] NOT NULL DEFAULT '{}' CHECK (capacities <@ ARRAY['president', 'vice_president', 'secretaire',
    'signataire', 'delegataire_urgence']),
  convened_at timestamptz,
  attendance text CHECK (attendance IN ('present', 'excuse', 'absent', 'represente')),
  proxy_holder_user_id uuid,
  attendance_recorded_at timestamptz,
  PRIMARY KEY (territory_id, seance_id, user_id),
  FOREIGN KEY (territory_id, seance_id) REFERENCES seance (territory_id, id),
  FOREIGN KEY (territory_id, user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, organisation_id) REFERENCES organisation (territory_id, id),
  FOREIGN KEY (territory_id, seance_id, proxy_holder_user_id) REFERENCES seance_member (territory_id, seance_id, user_id),
  CHECK ((attendance = 'represente') = (proxy_holder_user_id IS NOT NULL)),
  CHECK (proxy_holder_user_id IS NULL OR proxy_holder_user_id <> user_id)
);
CREATE INDEX seance_member_user_idx ON seance_member (territory_id, user_id);
-- One pouvoir per holder.
CREATE UNIQUE INDEX seance_member_proxy_idx ON seance_member (territory_id, seance_id, proxy_holder_user_id)
  WHERE proxy_holder_user_id IS NOT NULL;

-- The agenda: the demandes examined in a séance, in order. A demande ajournée comes back on a
-- later séance's agenda (a new row). `position` is unique per séance at the end of a statement
-- (deferrable: a reordering updates every row at once).
CREATE TABLE seance_agenda_item (
  territory_id uuid NOT NULL,
  seance_id uuid NOT NULL,
  demande_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  -- 'ratification': an urgent decision presented for ratification.
  purpose text NOT NULL DEFAULT 'examen' CHECK (purpose IN ('examen', 'ratification')),
  added_at timestamptz NOT NULL DEFAULT now(),
  added_by_user_id uuid NOT NULL,
  PRIMARY KEY (territory_id, seance_id, demande_id),
  CONSTRAINT seance_agenda_item_position_key UNIQUE (territory_id, seance_id, position) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (territory_id, seance_id) REFERENCES seance (territory_id, id),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, added_by_user_id) REFERENCES app_user (territory_id, id)
);
CREATE INDEX seance_agenda_item_demande_idx ON seance_agenda_item (territory_id, demande_id);

-- ———————————————————————————————————————————————————————————————————————————————
-- Decisions

CREATE TABLE decision (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  demande_id uuid NOT NULL,
  -- NULL: an urgent decision outside a séance (urgence = true), ratified later.
  seance_id uuid,
  urgence boolean NOT NULL DEFAULT false,
  outcome text NOT NULL CHECK (outcome IN ('accord', 'accord_partiel', 'refus', 'ajournee')),
  amount_granted_cents integer CHECK (amount_granted_cents BETWEEN 0 AND 100000000),
  form text CHECK (form IN ('tiers', 'personne', 'nature')),
  creditor_name text CHECK (length(creditor_name) BETWEEN 1 AND 200),
  duration_value integer CHECK (duration_value BETWEEN 1 AND 104),
  duration_unit text CHECK (duration_unit IN ('semaines', 'mois')),
  motive text CHECK (length(motive) BETWEEN 1 AND 2000),
  -- The tally as recorded (tallyVotes), the details are in decision_vote.
  votes_pour integer NOT NULL DEFAULT 0 CHECK (votes_pour >= 0),
  votes_contre integer NOT NULL DEFAULT 0 CHECK (votes_contre >= 0),
  abstentions integer NOT NULL DEFAULT 0 CHECK (abstentions >= 0),
  -- A correction of a signed decision (a new decision referencing it; one correction each).
  corrects_decision_id uuid,
  -- Money: signatures required (0 or 2, requiredSignatures) and when the last one was given.
  required_signatures integer NOT NULL DEFAULT 0 CHECK (required_signatures IN (0, 2)),
  signed_at timestamptz,
  -- The envelope it consumed (at the second signature) and how much (for a correction: the
  -- difference, envelopeDelta, may be negative).
  envelope_id uuid,
  envelope_consumed_cents integer,
  -- Urgent decisions: the séance that ratified it.
  ratified_at timestamptz,
  ratified_seance_id uuid,
  decided_at timestamptz NOT NULL,
  decided_by_user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, seance_id) REFERENCES seance (territory_id, id),
  FOREIGN KEY (territory_id, corrects_decision_id) REFERENCES decision (territory_id, id),
  FOREIGN KEY (territory_id, envelope_id) REFERENCES commission_envelope (territory_id, id),
  FOREIGN KEY (territory_id, ratified_seance_id) REFERENCES seance (territory_id, id),
  FOREIGN KEY (territory_id, decided_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK (seance_id IS NOT NULL OR urgence),
  CHECK ((duration_value IS NULL) = (duration_unit IS NULL)),
  CHECK (outcome IN ('accord', 'accord_partiel') OR coalesce(amount_granted_cents, 0) = 0),
  CHECK (outcome = 'accord' OR motive IS NOT NULL),
  CHECK ((ratified_at IS NULL) = (ratified_seance_id IS NULL)),
  CHECK (corrects_decision_id IS NULL OR corrects_decision_id <> id)
);
CREATE INDEX decision_demande_idx ON decision (territory_id, demande_id, decided_at);
CREATE INDEX decision_seance_idx ON decision (territory_id, seance_id) WHERE seance_id IS NOT NULL;
CREATE UNIQUE INDEX decision_corrects_idx ON decision (territory_id, corrects_decision_id)
  WHERE corrects_decision_id IS NOT NULL;
-- Urgent decisions still to ratify.
CREATE INDEX decision_to_ratify_idx ON decision (territory_id, demande_id) WHERE urgence AND ratified_at IS NULL;
-- Statistics: decisions by date.
CREATE INDEX decision_date_idx ON decision (territory_id, decided_at);

-- Votes (VOTE_CHOICES): one per present voting member, plus one per pouvoir held
-- (on_behalf_of_user_id: the represented member).
CREATE TABLE decision_vote (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  demande_id uuid NOT NULL,
  decision_id uuid NOT NULL,
  voter_user_id uuid NOT NULL,
  on_behalf_of_user_id uuid,
  choice text NOT NULL CHECK (choice IN ('pour', 'contre', 'abstention')),
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, decision_id) REFERENCES decision (territory_id, id),
  FOREIGN KEY (territory_id, voter_user_id) REFERENCES app_user (territory_id, id),
  FOREIGN KEY (territory_id, on_behalf_of_user_id) REFERENCES app_user (territory_id, id)
);
-- One vote per member (own vote, or the vote cast for a represented member).
CREATE UNIQUE INDEX decision_vote_member_idx ON decision_vote
  (territory_id, decision_id, coalesce(on_behalf_of_user_id, voter_user_id));

-- Signatures of a decision granting money: two distinct people (UNIQUE decision, signer), at
-- most two (position 1 or 2, UNIQUE decision, position).
CREATE TABLE decision_signature (
  territory_id uuid NOT NULL,
  demande_id uuid NOT NULL,
  decision_id uuid NOT NULL,
  signer_user_id uuid NOT NULL,
  position integer NOT NULL CHECK (position IN (1, 2)),
  capacity text CHECK (capacity IN ('president', 'vice_president', 'secretaire', 'signataire',
    'delegataire_urgence')),
  signed_at timestamptz NOT NULL,
  PRIMARY KEY (territory_id, decision_id, signer_user_id),
  UNIQUE (territory_id, decision_id, position),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, decision_id) REFERENCES decision (territory_id, id),
  FOREIGN KEY (territory_id, signer_user_id) REFERENCES app_user (territory_id, id)
);

-- The envelope ledger: each consumption (or give-back of a correction) of an envelope.
CREATE TABLE envelope_movement (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  envelope_id uuid NOT NULL,
  demande_id uuid NOT NULL,
  decision_id uuid NOT NULL,
  amount_cents integer NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, envelope_id) REFERENCES commission_envelope (territory_id, id),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, decision_id) REFERENCES decision (territory_id, id)
);
CREATE INDEX envelope_movement_envelope_idx ON envelope_movement (territory_id, envelope_id, at);
-- A decision consumes its envelope once.
CREATE UNIQUE INDEX envelope_movement_decision_idx ON envelope_movement (territory_id, decision_id);

-- Payments log: date, amount, to whom.
CREATE TABLE payment (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  demande_id uuid NOT NULL,
  decision_id uuid NOT NULL,
  paid_on date NOT NULL,
  amount_cents integer NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000000),
  payee text NOT NULL CHECK (payee IN ('tiers', 'personne')),
  payee_name text NOT NULL CHECK (length(payee_name) BETWEEN 1 AND 200),
  reference text CHECK (length(reference) BETWEEN 1 AND 100),
  recorded_by_user_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (territory_id, id),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, decision_id) REFERENCES decision (territory_id, id),
  FOREIGN KEY (territory_id, recorded_by_user_id) REFERENCES app_user (territory_id, id)
);
CREATE INDEX payment_demande_idx ON payment (territory_id, demande_id);
CREATE INDEX payment_date_idx ON payment (territory_id, paid_on);

-- Generated documents: the procès-verbal of a séance (kept forever: no demande_id, it is
-- eliminated with no file) and the decision letters (with the demande: eliminated with it).
-- Files as attachments (FILES_DIR, random key).
CREATE TABLE commission_document (
  territory_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('proces_verbal', 'lettre_decision')),
  seance_id uuid,
  demande_id uuid,
  decision_id uuid,
  storage_key text NOT NULL CHECK (storage_key ~ '^[a-z0-9]{32,64}$'),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  size_bytes integer NOT NULL CHECK (size_bytes >= 1),
  sha256 text NOT NULL,
  created_by_user_id uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (territory_id, id),
  UNIQUE (territory_id, storage_key),
  FOREIGN KEY (territory_id, seance_id) REFERENCES seance (territory_id, id),
  FOREIGN KEY (territory_id, demande_id) REFERENCES demande (territory_id, id),
  FOREIGN KEY (territory_id, decision_id) REFERENCES decision (territory_id, id),
  FOREIGN KEY (territory_id, created_by_user_id) REFERENCES app_user (territory_id, id),
  CHECK (kind <> 'proces_verbal' OR (seance_id IS NOT NULL AND demande_id IS NULL AND decision_id IS NULL)),
  CHECK (kind <> 'lettre_decision' OR (demande_id IS NOT NULL AND decision_id IS NOT NULL))
);
CREATE INDEX commission_document_seance_idx ON commission_document (territory_id, seance_id, created_at)
  WHERE seance_id IS NOT NULL;
CREATE INDEX commission_document_demande_idx ON commission_document (territory_id, demande_id, created_at)
  WHERE demande_id IS NOT NULL;

-- ———————————————————————————————————————————————————————————————————————————————
-- The timeline may carry commission entries (« Demande d'aide déposée », « Décision de la
-- commission »).
ALTER TABLE timeline_entry DROP CONSTRAINT timeline_entry_type_check;
ALTER TABLE timeline_entry ADD CONSTRAINT timeline_entry_type_check CHECK (type IN ('entretien', 'appel', 'visite',
  'note', 'document', 'alerte', 'demande_aide', 'decision_commission'));

-- Activity on the file: a demande created or edited, an event of it (migration 0011).
CREATE TRIGGER demande_activity AFTER INSERT ON demande REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');
CREATE TRIGGER demande_activity_update AFTER UPDATE ON demande REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_touch_activity('person_id', 'updated_at');

SELECT app_enable_tenant_rls('commission_type');
SELECT app_enable_tenant_rls('commission_member');
SELECT app_enable_tenant_rls('commission_envelope');
SELECT app_enable_tenant_rls('commission_counter');
SELECT app_enable_tenant_rls('demande');
SELECT app_enable_tenant_rls('demande_event');
SELECT app_enable_tenant_rls('demande_household_member');
SELECT app_enable_tenant_rls('demande_line');
SELECT app_enable_tenant_rls('demande_attachment');
SELECT app_enable_tenant_rls('demande_piece');
SELECT app_enable_tenant_rls('seance');
SELECT app_enable_tenant_rls('seance_member');
SELECT app_enable_tenant_rls('seance_agenda_item');
SELECT app_enable_tenant_rls('decision');
SELECT app_enable_tenant_rls('decision_vote');
SELECT app_enable_tenant_rls('decision_signature');
SELECT app_enable_tenant_rls('envelope_movement');
SELECT app_enable_tenant_rls('payment');
SELECT app_enable_tenant_rls('commission_document');

GRANT SELECT, INSERT, UPDATE ON commission_type, commission_envelope, commission_counter TO ensemblier_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON commission_member TO ensemblier_app;
-- DELETE on what an elimination removes (apps/api/src/archives/eliminate.ts), and on the
-- editable parts of a demande in instruction (household, lines, pièces, agenda, convened members).
GRANT SELECT, INSERT, UPDATE, DELETE ON demande, demande_household_member, demande_line, demande_piece,
  demande_attachment, seance_member, seance_agenda_item, decision, decision_vote, payment TO ensemblier_app;
GRANT SELECT, INSERT, DELETE ON demande_event, decision_signature, envelope_movement, commission_document
  TO ensemblier_app;
GRANT SELECT, INSERT, UPDATE ON seance TO ensemblier_app;
