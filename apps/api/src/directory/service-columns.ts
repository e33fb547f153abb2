/** The data·inclusion-shaped columns of a `service` row, as SQL returns them. */
export interface ServiceColumns {
  id: string;
  organisation_id: string;
  source: string;
  source_id: string;
  nom: string;
  description: string;
  type: string | null;
  thematiques: string[];
  publics: string[];
  publics_precisions: string | null;
  frais: string | null;
  frais_precisions: string | null;
  conditions_acces: string | null;
  modes_accueil: string[];
  zone_eligibilite: string[];
  modes_mobilisation: string[];
  mobilisable_par: string[];
  mobilisation_precisions: string | null;
  lien_mobilisation: string | null;
  pieces_justificatives: string[];
  contact_nom_prenom: string | null;
  courriel: string | null;
  telephone: string | null;
  horaires_accueil: string | null;
  adresse: string | null;
  complement_adresse: string | null;
  code_postal: string | null;
  commune_insee: string | null;
}
