export const ORGANISATION_TYPES = [
  'ccas',
  'cias',
  'association',
  'ssiad',
  'saad',
  'clic',
  'bailleur_social',
  'departement',
  'caf',
  'cpam',
  'carsat',
  'mdph',
  'france_travail',
  'mission_locale',
  'epicerie_sociale',
  'autre',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = {
  ccas: 'CCAS',
  cias: 'CIAS',
  association: 'Association',
  ssiad: 'SSIAD (soins infirmiers à domicile)',
  saad: 'SAAD (aide à domicile)',
  clic: 'CLIC',
  bailleur_social: 'Bailleur social',
  departement: 'Département',
  caf: 'CAF',
  cpam: 'CPAM',
  carsat: 'CARSAT',
  mdph: 'MDPH',
  france_travail: 'France Travail',
  mission_locale: 'Mission locale',
  epicerie_sociale: 'Épicerie sociale',
  autre: 'Autre',
};

/** Organisation types that carry the territory's coordination (CCAS or CIAS). */
export const COORDINATING_TYPES: readonly OrganisationType[] = ['ccas', 'cias'];
