import type { OrganisationType } from '@ensemblier/shared';

/**
 * Our organisation type for an imported data·inclusion structure. The v1 schema has no
 * structure typology, so we look, in this order, at:
 * 1. `typologie` when the file still carries it (data·inclusion v0 codes: CCAS, CIAS, ASSO…);
 * 2. words of the name (« CCAS », « Mission locale », « SSIAD »…);
 * 3. `reseaux_porteurs` (ccas-cias, caf, cpam, mdph, mission-locale, france-travail, departements);
 * and fall back to 'autre'. Only used when the structure is created: an administrator's later
 * correction of the type is never overwritten by a re-import.
 */

const TYPOLOGIES: Record<string, OrganisationType> = {
  CCAS: 'ccas',
  CIAS: 'cias',
  ASSO: 'association',
  ASSO_CHOMEUR: 'association',
  CAF: 'caf',
  CPAM: 'cpam',
  CARSAT: 'carsat',
  MDPH: 'mdph',
  ML: 'mission_locale',
  PE: 'france_travail',
  FT: 'france_travail',
  DEPT: 'departement',
  EPI: 'epicerie_sociale',
};

/** Tried in order on the unaccented, lower-case name. */
const NAME_PATTERNS: [RegExp, OrganisationType][] = [
  [/\bcias\b|centre intercommunal d.action sociale/, 'cias'],
  [/\bccas\b|centre communal d.action sociale/, 'ccas'],
  [/\bssiad\b|soins infirmiers a domicile/, 'ssiad'],
  [/\bsaad\b|\bsad\b|aide a domicile|services? d.aide et d.accompagnement a domicile/, 'saad'],
  [/\bclic\b/, 'clic'],
  [/\bmdph\b|maison departementale des personnes handicapees/, 'mdph'],
  [/\bmission locale\b/, 'mission_locale'],
  [/\bfrance travail\b|\bpole emploi\b/, 'france_travail'],
  [/\bcaf\b|caisse d.allocations familiales/, 'caf'],
  [/\bcpam\b|caisse primaire d.assurance maladie|assurance maladie/, 'cpam'],
  [/\bcarsat\b/, 'carsat'],
  [/epicerie (sociale|solidaire)/, 'epicerie_sociale'],
  [/\b(office public de l.habitat|oph|bailleur social|habitat social|hlm)\b/, 'bailleur_social'],
  [/\bconseil departemental\b|\bdepartement (de|du|des)\b/, 'departement'],
  [/\bassociation\b|\bassoc\b/, 'association'],
];

const NETWORKS: [string, OrganisationType][] = [
  ['ccas-cias', 'ccas'],
  ['mission-locale', 'mission_locale'],
  ['france-travail', 'france_travail'],
  ['caf', 'caf'],
  ['cpam', 'cpam'],
  ['mdph', 'mdph'],
  ['departements', 'departement'],
];

const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, "'");

export function organisationTypeFor(row: {
  nom: string;
  typologie?: unknown;
  reseaux_porteurs?: readonly string[];
}): OrganisationType {
  if (typeof row.typologie === 'string') {
    const t = TYPOLOGIES[row.typologie.trim().toUpperCase()];
    if (t) return t;
  }
  const name = plain(row.nom);
  for (const [re, type] of NAME_PATTERNS) if (re.test(name)) return type;
  for (const [network, type] of NETWORKS) if (row.reseaux_porteurs?.includes(network)) return type;
  return 'autre';
}
