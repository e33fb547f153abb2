/**
 * The vocabulary of commissions: aid kinds, decision outcomes and forms, creditors, pièces
 * justificatives, attendance and votes — enums with their French labels (UI text).
 */

/** How an aid is measured: an amount of money, a number of weeks of access, a number of items. */
export type AidUnit = 'montant' | 'semaines' | 'unites';

export interface AidKindMeta {
  label: string;
  /** True when the aid is money (paid to the person or to a creditor, or vouchers of a value): it consumes the envelope and needs two signatures. */
  monetaire: boolean;
  unit: AidUnit;
  /** Decision forms the aid may take. */
  forms: readonly DecisionForm[];
}

export const DECISION_FORMS = ['tiers', 'personne', 'nature'] as const;
export type DecisionForm = (typeof DECISION_FORMS)[number];
export const DECISION_FORM_LABELS: Record<DecisionForm, string> = {
  tiers: 'Versée à un tiers (bailleur, fournisseur…)',
  personne: 'Versée à la personne',
  nature: 'En nature (colis, bons, accès)',
};

export const AID_KINDS = {
  colis_alimentaire: { label: 'Colis alimentaire', monetaire: false, unit: 'unites', forms: ['nature'] },
  epicerie_sociale: { label: 'Accès à l’épicerie sociale', monetaire: false, unit: 'semaines', forms: ['nature'] },
  bons_achat: {
    label: 'Bons d’achat / chèques d’accompagnement personnalisé (CAP)',
    monetaire: true,
    unit: 'montant',
    forms: ['nature'],
  },
  secours_financier: {
    label: 'Secours financier',
    monetaire: true,
    unit: 'montant',
    forms: ['tiers', 'personne', 'nature'],
  },
  micro_credit: { label: 'Micro-crédit personnel', monetaire: true, unit: 'montant', forms: ['personne', 'tiers'] },
  fsl_acces: { label: 'FSL – accès au logement', monetaire: true, unit: 'montant', forms: ['tiers', 'personne'] },
  fsl_maintien: { label: 'FSL – maintien dans le logement', monetaire: true, unit: 'montant', forms: ['tiers'] },
  impaye_loyer: { label: 'Impayé de loyer', monetaire: true, unit: 'montant', forms: ['tiers'] },
  impaye_energie: { label: 'Impayé d’énergie', monetaire: true, unit: 'montant', forms: ['tiers'] },
  impaye_eau: { label: 'Impayé d’eau', monetaire: true, unit: 'montant', forms: ['tiers'] },
  aide_rentree_scolaire: {
    label: 'Aide à la rentrée scolaire',
    monetaire: true,
    unit: 'montant',
    forms: ['personne', 'nature'],
  },
  autre_aide: { label: 'Autre aide', monetaire: true, unit: 'montant', forms: ['tiers', 'personne', 'nature'] },
} as const satisfies Record<string, AidKindMeta>;
export type AidKind = keyof typeof AID_KINDS;
export const AID_KIND_VALUES = Object.keys(AID_KINDS) as [AidKind, ...AidKind[]];
export const AID_KIND_LABELS = Object.fromEntries(AID_KIND_VALUES.map((k) => [k, AID_KINDS[k].label])) as Record<
  AidKind,
  string
>;

export const DECISION_OUTCOMES = ['accord', 'accord_partiel', 'refus', 'ajournee'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export const DECISION_OUTCOME_LABELS: Record<DecisionOutcome, string> = {
  accord: 'Accord',
  accord_partiel: 'Accord partiel',
  refus: 'Refus',
  ajournee: 'Ajournée',
};

export const CREDITOR_KINDS = [
  'bailleur',
  'fournisseur_energie',
  'fournisseur_eau',
  'etablissement_scolaire',
  'assurance',
  'commercant',
  'autre_creancier',
] as const;
export type CreditorKind = (typeof CREDITOR_KINDS)[number];
export const CREDITOR_KIND_LABELS: Record<CreditorKind, string> = {
  bailleur: 'Bailleur',
  fournisseur_energie: 'Fournisseur d’énergie',
  fournisseur_eau: 'Fournisseur d’eau',
  etablissement_scolaire: 'Établissement scolaire ou cantine',
  assurance: 'Assurance ou mutuelle',
  commercant: 'Commerçant',
  autre_creancier: 'Autre créancier',
};

export const PIECE_KINDS = [
  'piece_identite',
  'titre_sejour',
  'justificatif_domicile',
  'avis_imposition',
  'justificatifs_ressources',
  'attestation_caf',
  'quittance_loyer',
  'facture_impayee',
  'echeancier',
  'rib_creancier',
  'devis',
  'autre_piece',
] as const;
export type PieceKind = (typeof PIECE_KINDS)[number];
export const PIECE_KIND_LABELS: Record<PieceKind, string> = {
  piece_identite: 'Pièce d’identité',
  titre_sejour: 'Titre de séjour',
  justificatif_domicile: 'Justificatif de domicile',
  avis_imposition: 'Dernier avis d’imposition',
  justificatifs_ressources: 'Justificatifs de ressources des trois derniers mois',
  attestation_caf: 'Attestation CAF (quotient familial, prestations)',
  quittance_loyer: 'Dernière quittance de loyer',
  facture_impayee: 'Facture impayée ou relance',
  echeancier: 'Échéancier ou plan d’apurement',
  rib_creancier: 'RIB du créancier',
  devis: 'Devis',
  autre_piece: 'Autre pièce',
};

export const PIECE_STATUSES = ['fournie', 'manquante', 'non_requise'] as const;
export type PieceStatus = (typeof PIECE_STATUSES)[number];
export const PIECE_STATUS_LABELS: Record<PieceStatus, string> = {
  fournie: 'Fournie',
  manquante: 'Manquante',
  non_requise: 'Non requise',
};

export const ATTENDANCE_STATUSES = ['present', 'excuse', 'absent', 'represente'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: 'Présent',
  excuse: 'Excusé',
  absent: 'Absent',
  represente: 'Représenté (pouvoir donné)',
};

export const VOTE_CHOICES = ['pour', 'contre', 'abstention'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const VOTE_CHOICE_LABELS: Record<VoteChoice, string> = {
  pour: 'Pour',
  contre: 'Contre',
  abstention: 'Abstention',
};

export const DURATION_UNITS = ['semaines', 'mois'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const DURATION_UNIT_LABELS: Record<DurationUnit, string> = { semaines: 'semaines', mois: 'mois' };
