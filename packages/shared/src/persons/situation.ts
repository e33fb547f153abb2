import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import type { Role } from '../auth/roles.ts';
import {
  NO_TIMELINE_ROLES,
  SENSITIVE_CATEGORY_LABELS,
  SENSITIVE_ROLES,
  viewerRelation,
  type FileViewer,
  type SensitiveCategory,
  type ViewerRelation,
} from './file.ts';
import { dateSchema, PREFERRED_CONTACTS } from './schemas.ts';

/**
 * The person's situation and household (« Situation et foyer »): family situation, housing,
 * household members, monthly resources and charges, GIR, protection measure, right to stay,
 * contact preferences. Every field carries a category, and one rule (`canSeeSituationField`)
 * decides from the category, the viewer's role and their relation to the file who reads it;
 * `canEditSituationField` who changes it. The API applies them and nothing else.
 *
 * Who reads the situation at all — the organisations with full access to the file:
 * - the organisation that created the file (relation `author_organisation` of viewerRelation,
 *   with the file's creator as the « author »), the organisations of the follow-up group
 *   (`group_member`) and the CCAS (`ccas`: coordinators, members of the CCAS/CIAS);
 * - a partner that only sends or receives a referral (`non_member_partner`) reads nothing of
 *   it: a referral shares the whitelisted identity fields of its thématiques
 *   (persons/sharing.ts), never the household nor the budget; joining the group gives the rest;
 * - volunteers and commission members read nothing, through any procedure (the commission
 *   issue will give its members the anonymised budget of a demande, not this file).
 *
 * Categories:
 * - `courant`: every reader above (the admin included, who reads but does not edit);
 * - `sante` (GIR), `justice` (mesure de protection), `dettes` (debt and arrears charges): the
 *   roles that accompany the person only (SENSITIVE_ROLES, as for sensitive timeline entries);
 * - `sejour` (nationality, titre de séjour): restricted further to the CCAS and the file's
 *   creator, in those roles. It is needed to instruct rights that depend on a regular stay
 *   (aide sociale légale, which the CCAS pre-instructs); home care or food aid partners of the
 *   group never need it. Record it only when a right being instructed requires it.
 */

// ----------------------------------------------------------------------------------------
// Enumerations and their French labels

export const SITUATIONS_FAMILIALES = [
  'celibataire',
  'marie',
  'pacse',
  'concubinage',
  'separe',
  'divorce',
  'veuf',
] as const;
export type SituationFamiliale = (typeof SITUATIONS_FAMILIALES)[number];
export const SITUATION_FAMILIALE_LABELS: Record<SituationFamiliale, string> = {
  celibataire: 'Célibataire',
  marie: 'Marié·e',
  pacse: 'Pacsé·e',
  concubinage: 'En concubinage',
  separe: 'Séparé·e',
  divorce: 'Divorcé·e',
  veuf: 'Veuf ou veuve',
};

export const LOGEMENT_TYPES = [
  'appartement',
  'maison',
  'chez_un_tiers',
  'structure_hebergement',
  'hotel',
  'habitat_mobile',
  'sans_domicile',
  'autre',
] as const;
export type LogementType = (typeof LOGEMENT_TYPES)[number];
export const LOGEMENT_TYPE_LABELS: Record<LogementType, string> = {
  appartement: 'Appartement',
  maison: 'Maison',
  chez_un_tiers: 'Hébergement chez un tiers',
  structure_hebergement: 'Structure d’hébergement (CHRS, foyer, résidence sociale…)',
  hotel: 'Hôtel',
  habitat_mobile: 'Habitat mobile (caravane, camping-car)',
  sans_domicile: 'Sans domicile',
  autre: 'Autre',
};

export const LOGEMENT_STATUTS = [
  'locataire_social',
  'locataire_prive',
  'proprietaire',
  'accedant',
  'heberge',
  'sous_locataire',
  'occupant_sans_titre',
  'autre',
] as const;
export type LogementStatut = (typeof LOGEMENT_STATUTS)[number];
export const LOGEMENT_STATUT_LABELS: Record<LogementStatut, string> = {
  locataire_social: 'Locataire du parc social',
  locataire_prive: 'Locataire du parc privé',
  proprietaire: 'Propriétaire',
  accedant: 'Accédant à la propriété',
  heberge: 'Hébergé·e',
  sous_locataire: 'Sous-locataire',
  occupant_sans_titre: 'Occupant sans titre',
  autre: 'Autre',
};

export const HOUSEHOLD_RELATIONS = [
  'conjoint',
  'enfant',
  'parent',
  'frere_soeur',
  'petit_enfant',
  'autre_famille',
  'autre',
] as const;
export type HouseholdRelation = (typeof HOUSEHOLD_RELATIONS)[number];
export const HOUSEHOLD_RELATION_LABELS: Record<HouseholdRelation, string> = {
  conjoint: 'Conjoint·e',
  enfant: 'Enfant',
  parent: 'Parent',
  frere_soeur: 'Frère ou sœur',
  petit_enfant: 'Petit-enfant',
  autre_famille: 'Autre membre de la famille',
  autre: 'Autre personne du foyer',
};

export const GIR_LEVELS = [1, 2, 3, 4, 5, 6] as const;
export const GIR_LABELS: Record<number, string> = {
  1: 'GIR 1 — dépendance totale',
  2: 'GIR 2 — dépendance très importante',
  3: 'GIR 3 — dépendance importante',
  4: 'GIR 4 — dépendance partielle',
  5: 'GIR 5 — aide ponctuelle',
  6: 'GIR 6 — autonome',
};

export const PROTECTION_MESURES = [
  'aucune',
  'sauvegarde_justice',
  'curatelle_simple',
  'curatelle_renforcee',
  'tutelle',
  'habilitation_familiale',
  'masp',
  'maj',
] as const;
export type ProtectionMesure = (typeof PROTECTION_MESURES)[number];
export const PROTECTION_MESURE_LABELS: Record<ProtectionMesure, string> = {
  aucune: 'Aucune mesure',
  sauvegarde_justice: 'Sauvegarde de justice',
  curatelle_simple: 'Curatelle simple',
  curatelle_renforcee: 'Curatelle renforcée',
  tutelle: 'Tutelle',
  habilitation_familiale: 'Habilitation familiale',
  masp: 'MASP (mesure d’accompagnement social personnalisé)',
  maj: 'MAJ (mesure d’accompagnement judiciaire)',
};

export const NATIONALITES = ['francaise', 'union_europeenne', 'hors_union_europeenne'] as const;
export type Nationalite = (typeof NATIONALITES)[number];
export const NATIONALITE_LABELS: Record<Nationalite, string> = {
  francaise: 'Française',
  union_europeenne: 'Union européenne, EEE ou Suisse',
  hors_union_europeenne: 'Hors Union européenne',
};

export const TITRE_SEJOUR_TYPES = [
  'carte_sejour_temporaire',
  'carte_sejour_pluriannuelle',
  'carte_resident',
  'recepisse',
  'autorisation_provisoire',
  'attestation_demande_asile',
  'visa_long_sejour',
  'aucun',
  'autre',
] as const;
export type TitreSejourType = (typeof TITRE_SEJOUR_TYPES)[number];
export const TITRE_SEJOUR_TYPE_LABELS: Record<TitreSejourType, string> = {
  carte_sejour_temporaire: 'Carte de séjour temporaire',
  carte_sejour_pluriannuelle: 'Carte de séjour pluriannuelle',
  carte_resident: 'Carte de résident',
  recepisse: 'Récépissé de demande de titre',
  autorisation_provisoire: 'Autorisation provisoire de séjour',
  attestation_demande_asile: 'Attestation de demande d’asile',
  visa_long_sejour: 'Visa long séjour',
  aucun: 'Aucun titre',
  autre: 'Autre',
};

export const BUDGET_KINDS = ['ressource', 'charge'] as const;
export type BudgetKind = (typeof BUDGET_KINDS)[number];
export const BUDGET_KIND_LABELS: Record<BudgetKind, string> = { ressource: 'Ressource', charge: 'Charge' };

export const RESSOURCE_TYPES = [
  'salaire',
  'rsa',
  'prime_activite',
  'are',
  'aah',
  'retraite',
  'aspa',
  'apl_al',
  'allocations_familiales',
  'pension_alimentaire_recue',
  'autre',
] as const;
export type RessourceType = (typeof RESSOURCE_TYPES)[number];
export const RESSOURCE_TYPE_LABELS: Record<RessourceType, string> = {
  salaire: 'Salaire',
  rsa: 'RSA',
  prime_activite: 'Prime d’activité',
  are: 'Allocation chômage (ARE)',
  aah: 'Allocation aux adultes handicapés (AAH)',
  retraite: 'Pension de retraite',
  aspa: 'Minimum vieillesse (ASPA)',
  apl_al: 'Aide au logement (APL, ALF, ALS)',
  allocations_familiales: 'Allocations familiales',
  pension_alimentaire_recue: 'Pension alimentaire reçue',
  autre: 'Autre ressource',
};

export const CHARGE_TYPES = [
  'loyer',
  'energie',
  'eau',
  'assurance',
  'mutuelle',
  'credit',
  'pension_alimentaire_versee',
  'impots',
  'transport',
  'telephone_internet',
  'dette_impaye',
  'autre',
] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];
export const CHARGE_TYPE_LABELS: Record<ChargeType, string> = {
  loyer: 'Loyer ou mensualité de prêt immobilier',
  energie: 'Énergie (électricité, gaz, fioul)',
  eau: 'Eau',
  assurance: 'Assurance',
  mutuelle: 'Mutuelle',
  credit: 'Crédit à la consommation',
  pension_alimentaire_versee: 'Pension alimentaire versée',
  impots: 'Impôts',
  transport: 'Transport',
  telephone_internet: 'Téléphone et internet',
  dette_impaye: 'Dette ou impayé (remboursement)',
  autre: 'Autre charge',
};

export const BUDGET_TYPES: { ressource: readonly RessourceType[]; charge: readonly ChargeType[] } = {
  ressource: RESSOURCE_TYPES,
  charge: CHARGE_TYPES,
};

/** The French label of a budget line's type (the code itself if unknown). */
export function budgetTypeLabel(kind: BudgetKind, type: string): string {
  const labels: Record<string, string> = kind === 'ressource' ? RESSOURCE_TYPE_LABELS : CHARGE_TYPE_LABELS;
  return labels[type] ?? type;
}

// ----------------------------------------------------------------------------------------
// Categories and the rule

export const SITUATION_CATEGORIES = ['courant', 'sante', 'justice', 'dettes', 'sejour'] as const;
export type SituationCategory = 'courant' | SensitiveCategory | 'sejour';

export const SITUATION_CATEGORY_LABELS: Record<SituationCategory, string> = {
  courant: 'Situation',
  ...SENSITIVE_CATEGORY_LABELS,
  sejour: 'Droit au séjour',
};

/** Who sees each category, in words (shown beside the sensitive fields). */
export const SITUATION_CATEGORY_AUDIENCE: Record<SituationCategory, string> = {
  courant:
    'Visible par la structure qui a créé le dossier, les structures du groupe de suivi et le CCAS ; jamais par les bénévoles ni les membres de commission.',
  sante:
    'Information de santé : visible seulement par les professionnels qui accompagnent la personne (structure qui a créé le dossier, groupe de suivi, CCAS).',
  justice:
    'Information judiciaire : visible seulement par les professionnels qui accompagnent la personne (structure qui a créé le dossier, groupe de suivi, CCAS).',
  dettes:
    'Dette ou impayé : visible seulement par les professionnels qui accompagnent la personne (structure qui a créé le dossier, groupe de suivi, CCAS).',
  sejour:
    'Droit au séjour : visible seulement par le CCAS et la structure qui a créé le dossier, pour instruire un droit qui l’exige.',
};

/** The fields of the 1:1 situation (person_situation, plus person.preferred_contact). */
export const SITUATION_FIELDS = [
  'situationFamiliale',
  'logementType',
  'logementStatut',
  'bailleurNom',
  'bailleurOrganisationId',
  'gir',
  'girEvaluatedOn',
  'protectionMesure',
  'protectionMandataire',
  'nationalite',
  'titreSejourType',
  'titreSejourFin',
  'preferredContact',
  'contactBestTimes',
  'contactNotes',
] as const;
export type SituationField = (typeof SITUATION_FIELDS)[number];

export const SITUATION_FIELD_LABELS: Record<SituationField, string> = {
  situationFamiliale: 'Situation familiale',
  logementType: 'Type de logement',
  logementStatut: 'Statut d’occupation',
  bailleurNom: 'Bailleur',
  bailleurOrganisationId: 'Bailleur du réseau',
  gir: 'GIR',
  girEvaluatedOn: 'Date de l’évaluation du GIR',
  protectionMesure: 'Mesure de protection',
  protectionMandataire: 'Mandataire',
  nationalite: 'Nationalité',
  titreSejourType: 'Titre de séjour',
  titreSejourFin: 'Fin de validité du titre',
  preferredContact: 'Mode de contact préféré',
  contactBestTimes: 'Meilleurs moments pour joindre la personne',
  contactNotes: 'Consignes de contact',
};

export const SITUATION_FIELD_CATEGORIES: Record<SituationField, SituationCategory> = {
  situationFamiliale: 'courant',
  logementType: 'courant',
  logementStatut: 'courant',
  bailleurNom: 'courant',
  bailleurOrganisationId: 'courant',
  gir: 'sante',
  girEvaluatedOn: 'sante',
  protectionMesure: 'justice',
  protectionMandataire: 'justice',
  nationalite: 'sejour',
  titreSejourType: 'sejour',
  titreSejourFin: 'sejour',
  preferredContact: 'courant',
  contactBestTimes: 'courant',
  contactNotes: 'courant',
};

/** A budget line's category: debts and arrears are `dettes`, every other line `courant`. */
export function budgetLineCategory(line: { kind: BudgetKind; type: string }): SituationCategory {
  return line.kind === 'charge' && line.type === 'dette_impaye' ? 'dettes' : 'courant';
}

/** The relations that read the situation (full access to the file). */
export const SITUATION_READER_RELATIONS: readonly ViewerRelation[] = ['author_organisation', 'group_member', 'ccas'];
/** The relations that read the right to stay. */
export const SEJOUR_RELATIONS: readonly ViewerRelation[] = ['author_organisation', 'ccas'];

export interface SituationViewer {
  role: Role;
  relation: ViewerRelation;
}

/**
 * How the viewer stands towards the file: viewerRelation with the file's creator organisation
 * as the « author » (volunteer first, then creator, CCAS, group member, other partners).
 */
export function situationViewerRelation(
  viewer: FileViewer,
  file: { createdByOrganisationId: string },
  groupOrganisationIds: readonly string[],
): ViewerRelation {
  return viewerRelation(viewer, { authorOrganisationId: file.createdByOrganisationId }, groupOrganisationIds);
}

/**
 * The roles that read the situation: those who accompany the person, and the territory admin
 * (ordinary fields only). Any other role (volunteers, commission members, a role added later)
 * reads nothing.
 */
export const SITUATION_READER_ROLES: readonly Role[] = ['admin', ...SENSITIVE_ROLES];

/** The single rule: may this viewer read a field (or budget line) of this category? */
export function canSeeSituationCategory(viewer: SituationViewer, category: SituationCategory): boolean {
  if (!SITUATION_READER_ROLES.includes(viewer.role) || NO_TIMELINE_ROLES.includes(viewer.role)) return false;
  if (viewer.relation === 'volunteer') return false;
  if (!SITUATION_READER_RELATIONS.includes(viewer.relation)) return false;
  if (category === 'courant') return true;
  if (!SENSITIVE_ROLES.includes(viewer.role)) return false;
  if (category === 'sejour') return SEJOUR_RELATIONS.includes(viewer.relation);
  return true;
}

/** May this viewer read this field of the situation? */
export function canSeeSituationField(viewer: SituationViewer, field: SituationField): boolean {
  return canSeeSituationCategory(viewer, SITUATION_FIELD_CATEGORIES[field]);
}

/**
 * May this viewer change a field of this category? Those who read it and accompany the person
 * (SENSITIVE_ROLES): the territory admin, a technical role, reads the ordinary fields of a
 * file its organisation holds but changes nothing.
 */
export function canEditSituationCategory(viewer: SituationViewer, category: SituationCategory): boolean {
  return SENSITIVE_ROLES.includes(viewer.role) && canSeeSituationCategory(viewer, category);
}

export function canEditSituationField(viewer: SituationViewer, field: SituationField): boolean {
  return canEditSituationCategory(viewer, SITUATION_FIELD_CATEGORIES[field]);
}

/** The categories a viewer reads / edits (the page shows only those sections). */
export function visibleSituationCategories(viewer: SituationViewer): SituationCategory[] {
  return SITUATION_CATEGORIES.filter((c) => canSeeSituationCategory(viewer, c));
}
export function editableSituationCategories(viewer: SituationViewer): SituationCategory[] {
  return SITUATION_CATEGORIES.filter((c) => canEditSituationCategory(viewer, c));
}

// ----------------------------------------------------------------------------------------
// Amounts and totals

/**
 * A monthly amount typed in euros (« 1 234,56 », « 1234.5 », « 80 € ») → integer cents, or
 * an error message in French.
 */
export function parseEuros(text: string): { cents: number } | { error: string } {
  let v = text.replace(/[\s\u00a0\u202f€]/g, '');
  if (v === '') return { error: 'Indiquez le montant mensuel.' };
  if (v.includes(',') && v.includes('.')) v = v.replace(/\./g, '');
  v = v.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(v)) return { error: 'Indiquez un montant en euros, par exemple 1 234,56.' };
  if (/\.\d{3,}$/.test(v)) return { error: 'Indiquez au plus deux chiffres après la virgule (les centimes).' };
  const [euros, decimals = ''] = v.split('.') as [string, string?];
  const cents = Number(euros) * 100 + Number(decimals.padEnd(2, '0'));
  if (cents <= 0) return { error: 'Le montant doit être supérieur à 0 €.' };
  if (cents > MAX_AMOUNT_CENTS) return { error: 'Le montant mensuel ne peut pas dépasser 999 999,99 €.' };
  return { cents };
}

/** Cents as typed back in a form: « 1234,56 » (no thousands separator, comma). */
export function centsToTyped(cents: number): string {
  const euros = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(euros) : `${euros},${String(rest).padStart(2, '0')}`;
}

export const MAX_AMOUNT_CENTS = 99_999_999;

export interface BudgetTotals {
  ressourcesCents: number;
  chargesCents: number;
  /** Resources minus charges (negative when the charges exceed the resources). */
  soldeCents: number;
}

/** Monthly totals of the budget lines given (the caller gives only the lines the viewer sees). */
export function budgetTotals(lines: readonly { kind: BudgetKind; amountCents: number }[]): BudgetTotals {
  let ressourcesCents = 0;
  let chargesCents = 0;
  for (const l of lines) {
    if (l.kind === 'ressource') ressourcesCents += l.amountCents;
    else chargesCents += l.amountCents;
  }
  return { ressourcesCents, chargesCents, soldeCents: ressourcesCents - chargesCents };
}

// ----------------------------------------------------------------------------------------
// Inputs

const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

/** An optional enum field of an update: absent = unchanged, '' or null = cleared. */
const nullableEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(emptyToNull, z.enum(values, { error: message }).nullable()).optional();

const nullableText = (max: number, message: string) =>
  z.preprocess(emptyToNull, z.string().trim().max(max, message).nullable()).optional();

const nullableDate = (label: string) => z.preprocess(emptyToNull, dateSchema(label).nullable()).optional();

const notFuture = (v: string | null | undefined) =>
  v === null || v === undefined || v <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/**
 * An update of the situation: only the fields present change (absent = unchanged; null or an
 * empty string = cleared). `version` is the one the user saw (0: no situation recorded yet).
 */
export const situationUpdateInput = z.object({
  personId: idSchema,
  version: z.number().int().min(0),
  situationFamiliale: nullableEnum(SITUATIONS_FAMILIALES, 'Choisissez une situation familiale dans la liste.'),
  logementType: nullableEnum(LOGEMENT_TYPES, 'Choisissez un type de logement dans la liste.'),
  logementStatut: nullableEnum(LOGEMENT_STATUTS, 'Choisissez un statut d’occupation dans la liste.'),
  bailleurNom: nullableText(200, 'Le nom du bailleur ne doit pas dépasser 200 caractères.'),
  bailleurOrganisationId: z.preprocess(emptyToNull, idSchema.nullable()).optional(),
  gir: z
    .preprocess(
      (v) => (typeof v === 'string' ? (v.trim() === '' ? null : Number(v)) : v),
      z
        .number({ error: 'Le GIR est un nombre de 1 à 6.' })
        .int('Le GIR est un nombre de 1 à 6.')
        .min(1, 'Le GIR est un nombre de 1 à 6.')
        .max(6, 'Le GIR est un nombre de 1 à 6.')
        .nullable(),
    )
    .optional(),
  girEvaluatedOn: nullableDate('date de l’évaluation').refine(
    notFuture,
    'La date de l’évaluation ne peut pas être dans le futur.',
  ),
  protectionMesure: nullableEnum(PROTECTION_MESURES, 'Choisissez une mesure de protection dans la liste.'),
  protectionMandataire: nullableText(200, 'Le nom du mandataire ne doit pas dépasser 200 caractères.'),
  nationalite: nullableEnum(NATIONALITES, 'Choisissez une nationalité dans la liste.'),
  titreSejourType: nullableEnum(TITRE_SEJOUR_TYPES, 'Choisissez un titre de séjour dans la liste.'),
  titreSejourFin: nullableDate('date de fin de validité'),
  preferredContact: nullableEnum(PREFERRED_CONTACTS, 'Choisissez un mode de contact dans la liste.'),
  contactBestTimes: nullableText(200, 'Les moments ne doivent pas dépasser 200 caractères.'),
  contactNotes: nullableText(1000, 'Les consignes ne doivent pas dépasser 1 000 caractères.'),
});
export type SituationUpdateInput = z.infer<typeof situationUpdateInput>;

/** The situation's values once an update is applied (every field, null when empty). */
export type SituationValues = { [K in SituationField]: K extends 'gir' ? number | null : string | null };

/**
 * The rules between fields, checked on the situation as it would be after an update (an update
 * may change one section only): a GIR date needs a GIR, a mandataire needs a mesure, a titre
 * de séjour concerns a person of a nationality outside the European Union.
 */
export function situationConsistencyErrors(s: SituationValues): { field: SituationField; message: string }[] {
  const errors: { field: SituationField; message: string }[] = [];
  if (s.girEvaluatedOn && s.gir === null)
    errors.push({ field: 'gir', message: 'Indiquez le GIR évalué à cette date, ou effacez la date.' });
  if (s.protectionMandataire && (s.protectionMesure === null || s.protectionMesure === 'aucune'))
    errors.push({ field: 'protectionMesure', message: 'Indiquez la mesure exercée par ce mandataire.' });
  if ((s.titreSejourType || s.titreSejourFin) && s.nationalite !== 'hors_union_europeenne')
    errors.push({
      field: 'titreSejourType',
      message: 'Le titre de séjour ne concerne que les personnes de nationalité hors Union européenne.',
    });
  return errors;
}

const requiredText = (max: number, empty: string, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, tooLong);

const memberBirthDate = z
  .preprocess(emptyToNull, dateSchema('date de naissance').nullable())
  .optional()
  .transform((v) => v ?? null)
  .refine(
    (v) => v === null || (v >= '1900-01-01' && notFuture(v)),
    'La date de naissance doit être passée et postérieure à 1900.',
  );

const memberFields = {
  personId: idSchema,
  relation: z.enum(HOUSEHOLD_RELATIONS, { error: 'Indiquez le lien avec la personne.' }),
  prenom: requiredText(100, 'Indiquez le prénom.', 'Le prénom ne doit pas dépasser 100 caractères.'),
  nom: z
    .preprocess(emptyToNull, z.string().trim().max(100, 'Le nom ne doit pas dépasser 100 caractères.').nullable())
    .optional()
    .transform((v) => v ?? null),
  dateNaissance: memberBirthDate,
  aCharge: z.boolean().default(false),
};

export const householdAddInput = z.object(memberFields);
export type HouseholdAddInput = z.infer<typeof householdAddInput>;
export const householdUpdateInput = z.object({
  ...memberFields,
  memberId: idSchema,
  version: z.number().int().min(1),
});
export const householdRemoveInput = z.object({
  personId: idSchema,
  memberId: idSchema,
  version: z.number().int().min(1),
});

const budgetFields = {
  personId: idSchema,
  kind: z.enum(BUDGET_KINDS, { error: 'Indiquez s’il s’agit d’une ressource ou d’une charge.' }),
  type: z.string({ error: 'Choisissez un type dans la liste.' }),
  label: z
    .preprocess(emptyToNull, z.string().trim().max(120, 'Le libellé ne doit pas dépasser 120 caractères.').nullable())
    .optional()
    .transform((v) => v ?? null),
  amountCents: z
    .number({ error: 'Indiquez le montant mensuel.' })
    .int('Indiquez un montant en centimes entiers.')
    .min(1, 'Le montant doit être supérieur à 0 €.')
    .max(MAX_AMOUNT_CENTS, 'Le montant mensuel ne peut pas dépasser 999 999,99 €.'),
  /** Whose line it is (a member of the household); absent: the person or the household as a whole. */
  memberId: z
    .preprocess(emptyToNull, idSchema.nullable())
    .optional()
    .transform((v) => v ?? null),
};

const budgetRules = (v: { kind: BudgetKind; type: string; label: string | null }, ctx: z.RefinementCtx) => {
  if (!(BUDGET_TYPES[v.kind] as readonly string[]).includes(v.type))
    ctx.addIssue({ code: 'custom', path: ['type'], message: 'Choisissez un type dans la liste.' });
  else if (v.type === 'autre' && !v.label)
    ctx.addIssue({
      code: 'custom',
      path: ['label'],
      message:
        v.kind === 'ressource' ? 'Précisez de quelle ressource il s’agit.' : 'Précisez de quelle charge il s’agit.',
    });
};

export const budgetAddInput = z.object(budgetFields).superRefine(budgetRules);
export type BudgetAddInput = z.infer<typeof budgetAddInput>;
export const budgetUpdateInput = z
  .object({ ...budgetFields, lineId: idSchema, version: z.number().int().min(1) })
  .superRefine(budgetRules);
export const budgetRemoveInput = z.object({
  personId: idSchema,
  lineId: idSchema,
  version: z.number().int().min(1),
});

export const SITUATION_CONFLICT_MESSAGE =
  'Ces informations ont été modifiées par quelqu’un d’autre depuis que vous avez ouvert la page. Rechargez la page pour voir la version actuelle, puis refaites votre modification.';
