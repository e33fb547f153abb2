import {
  FRAIS,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  THEMATIQUES_DI,
  TYPES_SERVICE,
} from './data-inclusion.generated.ts';

export { FRAIS, MODES_ACCUEIL, MODES_MOBILISATION, PERSONNES_MOBILISATRICES, PUBLICS, RESEAUX_PORTEURS, TYPES_SERVICE };

interface Item {
  value: string;
  label: string;
}

/**
 * What the data·inclusion schema lacks for this network (home care and gerontology,
 * social landlords, food aid forms). Each maps onto the nearest schema value on export.
 */
export const THEMATIQUES_EXTENSIONS = [
  {
    value: 'autonomie-domicile--soins-infirmiers-a-domicile',
    label: 'Soins infirmiers à domicile',
    exportAs: 'sante--acces-aux-soins',
  },
  {
    value: 'autonomie-domicile--aide-a-domicile',
    label: 'Aide à domicile (ménage, courses, toilette)',
    exportAs: 'equipement-et-alimentation--aide-menagere',
  },
  {
    value: 'autonomie-domicile--portage-de-repas',
    label: 'Portage de repas',
    exportAs: 'equipement-et-alimentation--alimentation',
  },
  {
    value: 'autonomie-domicile--teleassistance',
    label: 'Téléassistance',
    exportAs: 'famille--prise-en-charge-personne-dependante',
  },
  {
    value: 'autonomie-domicile--evaluation-plan-daide',
    label: 'Évaluation des besoins et plan d’aide (CLIC)',
    exportAs: 'famille--prise-en-charge-personne-dependante',
  },
  {
    value: 'autonomie-domicile--adaptation-du-logement',
    label: 'Adaptation du logement',
    exportAs: 'logement-hebergement--se-maintenir-dans-le-logement',
  },
  {
    value: 'logement-social--impayes-de-loyer',
    label: 'Impayés de loyer (bailleur social)',
    exportAs: 'logement-hebergement--reduire-les-impayes-de-loyer',
  },
  {
    value: 'logement-social--mutation',
    label: 'Demande de mutation',
    exportAs: 'logement-hebergement--changer-de-logement',
  },
  {
    value: 'logement-social--troubles-de-voisinage',
    label: 'Troubles de voisinage',
    exportAs: 'logement-hebergement--se-maintenir-dans-le-logement',
  },
  {
    value: 'aide-alimentaire--colis',
    label: 'Colis alimentaires',
    exportAs: 'equipement-et-alimentation--alimentation',
  },
  {
    value: 'aide-alimentaire--epicerie-sociale',
    label: 'Épicerie sociale ou solidaire',
    exportAs: 'equipement-et-alimentation--alimentation',
  },
] as const;

/** First-level labels (the referential lists only the second level). */
export const THEMATIQUE_CATEGORIES: Record<string, string> = {
  'choisir-un-metier': 'Choisir un métier',
  'creer-une-entreprise': 'Créer une entreprise',
  'difficultes-administratives-ou-juridiques': 'Difficultés administratives ou juridiques',
  'difficultes-financieres': 'Difficultés financières',
  'equipement-et-alimentation': 'Équipement et alimentation',
  famille: 'Famille',
  'lecture-ecriture-calcul': 'Lecture, écriture, calcul',
  'logement-hebergement': 'Logement et hébergement',
  mobilite: 'Mobilité',
  numerique: 'Numérique',
  'preparer-sa-candidature': 'Préparer sa candidature',
  remobilisation: 'Remobilisation',
  sante: 'Santé',
  'se-former': 'Se former',
  'souvrir-a-linternational': 'S’ouvrir à l’international',
  'trouver-un-emploi': 'Trouver un emploi',
  'autonomie-domicile': 'Autonomie et maintien à domicile',
  'logement-social': 'Logement social',
  'aide-alimentaire': 'Aide alimentaire',
};

/** Every thématique a service may carry: the schema's and ours. */
export const THEMATIQUES: readonly Item[] = [
  ...THEMATIQUES_DI,
  ...THEMATIQUES_EXTENSIONS.map(({ value, label }) => ({ value, label })),
];
export const THEMATIQUE_VALUES = THEMATIQUES.map((t) => t.value) as [string, ...string[]];
export const THEMATIQUE_LABELS: Record<string, string> = Object.fromEntries(THEMATIQUES.map((t) => [t.value, t.label]));

export const thematiqueCategory = (value: string) => value.split('--')[0]!;

/** The thématiques grouped under their category, for pickers. */
export function thematiquesByCategory(): { category: string; label: string; items: Item[] }[] {
  const groups = new Map<string, Item[]>();
  for (const t of THEMATIQUES) {
    const c = thematiqueCategory(t.value);
    groups.set(c, [...(groups.get(c) ?? []), t]);
  }
  return [...groups].map(([category, items]) => ({
    category,
    label: THEMATIQUE_CATEGORIES[category] ?? category,
    items,
  }));
}

/** data·inclusion export: our extensions become their nearest schema value. */
export function thematiqueForExport(value: string): string {
  return THEMATIQUES_EXTENSIONS.find((e) => e.value === value)?.exportAs ?? value;
}

export const CAPACITY_STATUSES = ['places_disponibles', 'liste_attente', 'complet', 'inconnu'] as const;
export type CapacityStatus = (typeof CAPACITY_STATUSES)[number];
export const CAPACITY_LABELS: Record<CapacityStatus, string> = {
  places_disponibles: 'Places disponibles',
  liste_attente: 'Liste d’attente',
  complet: 'Complet',
  inconnu: 'Disponibilité non renseignée',
};

/** A service not confirmed for this long is stale (flagged, and its manager is reminded). */
export const STALE_AFTER_MONTHS = 6;

export const labelOf = (list: readonly Item[], value: string) => list.find((i) => i.value === value)?.label ?? value;
