import { z } from 'zod';

/**
 * The budget of a household asking for an aide facultative, and the barème that turns it into a
 * suggestion for the commission: units of consumption, resources and charges, reste à vivre,
 * quotient familial. Pure functions, no I/O; the API stores the inputs and shows the results and
 * the formulas (docs/commissions.md) on screen.
 *
 * Money is always an integer number of euro cents. Rounding: every displayed result is computed
 * from the exact fraction (no rounding of intermediate results) and rounded once to the cent,
 * half away from zero (« arrondi commercial » : 0,5 centime → 1 centime; -0,5 → -1).
 *
 * The budget lines are monthly amounts (the form converts a quarterly or yearly bill before
 * saving it). The household and budget-line types of the person's file (persons/situation.ts)
 * map onto the minimal input types below.
 */

// ——— Rounding ———

/** num / den rounded to the nearest integer, halves away from zero. Exact (bigint). */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('Division par zéro.');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** A decimal with at most two decimals (0.3, 0.5, 30.42) as an integer number of hundredths. */
export function toHundredths(value: number): number {
  return Math.round(value * 100);
}

const hasAtMostTwoDecimals = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9;

/** « 1 234,56 € » (French grouping, two decimals). */
export function formatEuros(cents: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

// ——— Errors ———

export const BAREME_ERROR_CODES = [
  'demandeur_manquant',
  'plusieurs_demandeurs',
  'age_manquant',
  'date_naissance_invalide',
  'montant_invalide',
  'parts_nulles',
] as const;
export type BaremeErrorCode = (typeof BAREME_ERROR_CODES)[number];

/** A computation that cannot be done with the data given; the message says what to fix (French). */
export class BaremeError extends Error {
  constructor(
    readonly code: BaremeErrorCode,
    message: string,
    /** The input that must be fixed, e.g. `household.2.birthDate`. */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'BaremeError';
  }
}

// ——— Household ———

export const DEMANDE_HOUSEHOLD_RELATIONS = ['demandeur', 'conjoint', 'enfant', 'autre'] as const;
export type DemandeHouseholdRelation = (typeof DEMANDE_HOUSEHOLD_RELATIONS)[number];
export const DEMANDE_HOUSEHOLD_RELATION_LABELS: Record<DemandeHouseholdRelation, string> = {
  demandeur: 'Demandeur ou demandeuse',
  conjoint: 'Conjoint ou conjointe',
  enfant: 'Enfant',
  autre: 'Autre personne du foyer',
};

/**
 * One person living in the household. Either `birthDate` (AAAA-MM-JJ, preferred) or `age` (in
 * full years) must be known. `aCharge`: a dependant for the quotient familial (default: true for
 * an `enfant`, false otherwise). `handicap`: a dependant giving the extra half part (a child for
 * whom the AEEH is paid).
 */
export interface BaremeHouseholdMember {
  relation: DemandeHouseholdRelation;
  birthDate?: string | null;
  age?: number | null;
  aCharge?: boolean | null;
  handicap?: boolean | null;
}

/** Age in full years on `asOf` (both AAAA-MM-JJ). A 29 February birthday falls on 1 March. */
export function ageOnDate(birthDate: string, asOf: string): number {
  const valid = (v: string) => {
    const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null;
    return d !== null && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  };
  if (!valid(birthDate) || !valid(asOf)) throw new RangeError(`Date invalide : ${birthDate} / ${asOf}`);
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return asOf.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function memberAge(member: BaremeHouseholdMember, index: number, asOf: string): number {
  if (member.birthDate) {
    let age: number;
    try {
      age = ageOnDate(member.birthDate, asOf);
    } catch {
      throw new BaremeError(
        'date_naissance_invalide',
        `La date de naissance de la personne n° ${index + 1} du foyer est invalide.`,
        `household.${index}.birthDate`,
      );
    }
    if (age < 0)
      throw new BaremeError(
        'date_naissance_invalide',
        `La date de naissance de la personne n° ${index + 1} du foyer est postérieure à la date de calcul.`,
        `household.${index}.birthDate`,
      );
    return age;
  }
  if (member.age !== undefined && member.age !== null && Number.isInteger(member.age) && member.age >= 0)
    return member.age;
  throw new BaremeError(
    'age_manquant',
    `Indiquez la date de naissance (ou l’âge) de la personne n° ${index + 1} du foyer : elle est nécessaire au calcul des unités de consommation.`,
    `household.${index}.birthDate`,
  );
}

function checkDemandeur(household: readonly BaremeHouseholdMember[]): void {
  const count = household.filter((m) => m.relation === 'demandeur').length;
  if (count === 0)
    throw new BaremeError('demandeur_manquant', 'Le foyer doit comprendre le demandeur ou la demandeuse.', 'household');
  if (count > 1)
    throw new BaremeError('plusieurs_demandeurs', 'Le foyer ne peut compter qu’un seul demandeur.', 'household');
}

// ——— Units of consumption ———

const weight = (label: string) =>
  z
    .number({ error: `Indiquez le poids ${label}.` })
    .min(0, `Le poids ${label} ne peut pas être négatif.`)
    .max(5, `Le poids ${label} ne doit pas dépasser 5.`)
    .refine(hasAtMostTwoDecimals, `Le poids ${label} a au plus deux décimales.`);

/**
 * The equivalence scale. Default: the modified OECD scale used by INSEE and Eurostat — 1 unit
 * for the first adult, 0.5 for each other person aged 14 or more, 0.3 for each child under 14
 * (https://www.insee.fr/fr/metadonnees/definition/c1802). Editable per commission type.
 */
export const ucScaleSchema = z.object({
  premierAdulte: weight('du premier adulte').default(1),
  autreAdulte: weight('des autres personnes de 14 ans ou plus').default(0.5),
  enfant: weight('des enfants').default(0.3),
  ageAdulte: z
    .number({ error: 'Indiquez l’âge à partir duquel une personne compte comme un adulte.' })
    .int('L’âge doit être un nombre entier.')
    .min(1, 'L’âge doit être compris entre 1 et 25 ans.')
    .max(25, 'L’âge doit être compris entre 1 et 25 ans.')
    .default(14),
});
export type UcScale = z.infer<typeof ucScaleSchema>;
export const OECD_MODIFIED_SCALE: UcScale = { premierAdulte: 1, autreAdulte: 0.5, enfant: 0.3, ageAdulte: 14 };

export interface UnitsOfConsumption {
  /** Units, e.g. 2.1. */
  units: number;
  /** The same in hundredths (210), what the exact computations use. */
  hundredths: number;
  adults: number;
  children: number;
}

/**
 * The demandeur counts as the first adult (whatever their age: a 17-year-old living alone is the
 * household's reference person); every other member aged `ageAdulte` or more on `asOf` counts
 * `autreAdulte`, every younger one `enfant`.
 */
export function unitsOfConsumption(
  household: readonly BaremeHouseholdMember[],
  asOf: string,
  scale: UcScale = OECD_MODIFIED_SCALE,
): UnitsOfConsumption {
  checkDemandeur(household);
  let hundredths = 0;
  let adults = 0;
  let children = 0;
  household.forEach((member, index) => {
    const age = memberAge(member, index, asOf);
    if (member.relation === 'demandeur') {
      hundredths += toHundredths(scale.premierAdulte);
      adults += 1;
    } else if (age >= scale.ageAdulte) {
      hundredths += toHundredths(scale.autreAdulte);
      adults += 1;
    } else {
      hundredths += toHundredths(scale.enfant);
      children += 1;
    }
  });
  return { units: hundredths / 100, hundredths, adults, children };
}

// ——— Resources and charges ———

/**
 * Resource types. `imposable`: counted in the annual taxable resources when they have to be
 * estimated for the quotient familial; `prestationFamiliale`: a monthly prestation familiale
 * (Code de la sécurité sociale, art. L511-1: PAJE, allocations familiales, complément familial,
 * allocation de logement, AEEH, ASF, AJPP; the yearly ARS is left out), added to the monthly
 * resources of the quotient familial.
 */
export const DEMANDE_RESOURCE_TYPES = {
  salaire: { label: 'Salaires et revenus d’activité', imposable: true, prestationFamiliale: false },
  chomage: { label: 'Allocations chômage (ARE, ASS)', imposable: true, prestationFamiliale: false },
  indemnites_journalieres: { label: 'Indemnités journalières', imposable: true, prestationFamiliale: false },
  retraite: { label: 'Pensions de retraite', imposable: true, prestationFamiliale: false },
  pension_invalidite: { label: 'Pension d’invalidité', imposable: true, prestationFamiliale: false },
  pension_alimentaire_recue: { label: 'Pension alimentaire reçue', imposable: true, prestationFamiliale: false },
  rsa: { label: 'RSA', imposable: false, prestationFamiliale: false },
  prime_activite: { label: 'Prime d’activité', imposable: false, prestationFamiliale: false },
  aah: { label: 'AAH', imposable: false, prestationFamiliale: false },
  aspa: { label: 'ASPA (minimum vieillesse)', imposable: false, prestationFamiliale: false },
  allocations_familiales: { label: 'Allocations familiales', imposable: false, prestationFamiliale: true },
  complement_familial: { label: 'Complément familial', imposable: false, prestationFamiliale: true },
  asf: { label: 'Allocation de soutien familial (ASF)', imposable: false, prestationFamiliale: true },
  paje: { label: 'PAJE (allocation de base, CMG…)', imposable: false, prestationFamiliale: true },
  aeeh: { label: 'AEEH', imposable: false, prestationFamiliale: true },
  aide_logement: {
    label: 'Aide au logement versée au foyer (APL, ALF, ALS)',
    imposable: false,
    prestationFamiliale: true,
  },
  bourse: { label: 'Bourses d’études', imposable: false, prestationFamiliale: false },
  autre_ressource: { label: 'Autres ressources', imposable: false, prestationFamiliale: false },
} as const satisfies Record<string, { label: string; imposable: boolean; prestationFamiliale: boolean }>;
export type DemandeResourceType = keyof typeof DEMANDE_RESOURCE_TYPES;
export const DEMANDE_RESOURCE_TYPE_VALUES = Object.keys(DEMANDE_RESOURCE_TYPES) as [
  DemandeResourceType,
  ...DemandeResourceType[],
];

/**
 * Charge types. Only the « charges retenues » of the barème are subtracted for the reste à vivre
 * (DEFAULT_CHARGES_RETENUES): the fixed, compulsory monthly charges of housing, energy, health
 * cover, taxes, transport to work, childcare, maintenance owed, a court-approved debt plan and
 * an agreed repayment schedule of arrears (échéancier with a landlord or supplier).
 * Food, clothing, hygiene and leisure are not charges: they are what the reste à vivre pays for.
 * Consumer-credit repayments and « autres charges » are recorded but not retained by default
 * (a commission may retain them: the list is per barème).
 */
export const DEMANDE_CHARGE_TYPES = {
  loyer: { label: 'Loyer ou mensualité d’accession (hors aide au logement versée au bailleur)' },
  charges_locatives: { label: 'Charges locatives' },
  energie: { label: 'Énergie (électricité, gaz, fioul, bois)' },
  eau: { label: 'Eau' },
  assurance_habitation: { label: 'Assurance habitation' },
  mutuelle: { label: 'Complémentaire santé (mutuelle)' },
  assurances_autres: { label: 'Autres assurances (véhicule…)' },
  telephone_internet: { label: 'Téléphone et internet' },
  impots: { label: 'Impôts et taxes (revenu, habitation, foncière)' },
  transport: { label: 'Transport (abonnement, carburant pour le travail)' },
  frais_garde: { label: 'Frais de garde et de cantine des enfants' },
  pension_alimentaire_versee: { label: 'Pension alimentaire versée' },
  plan_surendettement: { label: 'Mensualité d’un plan de surendettement' },
  echeancier_dette: { label: 'Échéancier de remboursement d’une dette ou d’un impayé (loyer, énergie…)' },
  credit: { label: 'Remboursement de crédits (hors plan de surendettement)' },
  autre_charge: { label: 'Autres charges' },
} as const satisfies Record<string, { label: string }>;
export type DemandeChargeType = keyof typeof DEMANDE_CHARGE_TYPES;
export const DEMANDE_CHARGE_TYPE_VALUES = Object.keys(DEMANDE_CHARGE_TYPES) as [
  DemandeChargeType,
  ...DemandeChargeType[],
];

export const DEFAULT_CHARGES_RETENUES: readonly DemandeChargeType[] = [
  'loyer',
  'charges_locatives',
  'energie',
  'eau',
  'assurance_habitation',
  'mutuelle',
  'assurances_autres',
  'telephone_internet',
  'impots',
  'transport',
  'frais_garde',
  'pension_alimentaire_versee',
  'plan_surendettement',
  'echeancier_dette',
];

/**
 * From the person's file (persons/situation.ts) to the demande: the file's budget-line types and
 * household relations mapped onto these (the file's person is the demandeur). A type unknown
 * here becomes « autre ».
 */
export const SITUATION_RESOURCE_TYPE_MAP: Record<string, DemandeResourceType> = {
  salaire: 'salaire',
  rsa: 'rsa',
  prime_activite: 'prime_activite',
  are: 'chomage',
  aah: 'aah',
  retraite: 'retraite',
  aspa: 'aspa',
  apl_al: 'aide_logement',
  allocations_familiales: 'allocations_familiales',
  pension_alimentaire_recue: 'pension_alimentaire_recue',
  autre: 'autre_ressource',
};
export const SITUATION_CHARGE_TYPE_MAP: Record<string, DemandeChargeType> = {
  loyer: 'loyer',
  energie: 'energie',
  eau: 'eau',
  assurance: 'assurances_autres',
  mutuelle: 'mutuelle',
  credit: 'credit',
  pension_alimentaire_versee: 'pension_alimentaire_versee',
  impots: 'impots',
  transport: 'transport',
  telephone_internet: 'telephone_internet',
  dette_impaye: 'echeancier_dette',
  autre: 'autre_charge',
};

export function demandeLineFromSituation(line: {
  kind: 'ressource' | 'charge';
  type: string;
  amountCents: number;
}): BaremeBudgetLine {
  const type =
    line.kind === 'ressource'
      ? (SITUATION_RESOURCE_TYPE_MAP[line.type] ??
        (line.type in DEMANDE_RESOURCE_TYPES ? line.type : 'autre_ressource'))
      : (SITUATION_CHARGE_TYPE_MAP[line.type] ?? (line.type in DEMANDE_CHARGE_TYPES ? line.type : 'autre_charge'));
  return { kind: line.kind, type, amountCents: line.amountCents };
}

/** A household member's relation in the file → in the demande (parents, siblings… are « autre »). */
export function demandeRelationFromSituation(relation: string): DemandeHouseholdRelation {
  return relation === 'conjoint' || relation === 'enfant' ? relation : 'autre';
}

/** One monthly line of the budget (`type` is a DEMANDE_RESOURCE_TYPES or DEMANDE_CHARGE_TYPES key). */
export interface BaremeBudgetLine {
  kind: 'ressource' | 'charge';
  type: string;
  amountCents: number;
}

export interface DemandeBudgetTotals {
  ressourcesCents: number;
  chargesCents: number;
  chargesRetenuesCents: number;
  chargesNonRetenuesCents: number;
}

export function demandeBudgetTotals(
  lines: readonly BaremeBudgetLine[],
  chargesRetenues: readonly string[] = DEFAULT_CHARGES_RETENUES,
): DemandeBudgetTotals {
  const totals: DemandeBudgetTotals = {
    ressourcesCents: 0,
    chargesCents: 0,
    chargesRetenuesCents: 0,
    chargesNonRetenuesCents: 0,
  };
  lines.forEach((line, index) => {
    if (!Number.isSafeInteger(line.amountCents) || line.amountCents < 0)
      throw new BaremeError(
        'montant_invalide',
        `Le montant de la ligne n° ${index + 1} doit être un nombre positif de centimes.`,
        `lines.${index}.amountCents`,
      );
    if (line.kind === 'ressource') totals.ressourcesCents += line.amountCents;
    else {
      totals.chargesCents += line.amountCents;
      if (chargesRetenues.includes(line.type)) totals.chargesRetenuesCents += line.amountCents;
      else totals.chargesNonRetenuesCents += line.amountCents;
    }
  });
  return totals;
}

// ——— Reste à vivre ———

export const RESTE_A_VIVRE_UNITS = ['uc', 'personne'] as const;
export type ResteAVivreUnit = (typeof RESTE_A_VIVRE_UNITS)[number];
export const RESTE_A_VIVRE_UNIT_LABELS: Record<ResteAVivreUnit, string> = {
  uc: 'par unité de consommation',
  personne: 'par personne',
};

export interface ResteAVivre {
  /** Resources − charges retenues, for the household, per month (may be negative). */
  mensuelCents: number;
  /** The divisor used: units of consumption (or persons), in hundredths. */
  diviseurHundredths: number;
  /** Per unit (UC or person) per month, rounded once. */
  parUniteMensuelCents: number;
  /** Per unit per day: the monthly amount divided by `joursParMois`, from the exact value, rounded once. */
  parUniteJourCents: number;
}

/**
 * reste à vivre = ressources − charges retenues (household, per month);
 * per unit per month = that / units; per unit per day = that / units / joursParMois.
 * The daily figure is computed from the exact fraction, not from the rounded monthly one.
 */
export function resteAVivre(
  totals: Pick<DemandeBudgetTotals, 'ressourcesCents' | 'chargesRetenuesCents'>,
  diviseurHundredths: number,
  joursParMois = 30,
): ResteAVivre {
  if (diviseurHundredths <= 0)
    throw new BaremeError('parts_nulles', 'Le foyer doit compter au moins une unité de consommation.', 'household');
  const mensuel = BigInt(totals.ressourcesCents - totals.chargesRetenuesCents);
  const d = BigInt(diviseurHundredths);
  const days = BigInt(toHundredths(joursParMois));
  return {
    mensuelCents: Number(mensuel),
    diviseurHundredths,
    parUniteMensuelCents: Number(divideRoundHalfUp(mensuel * 100n, d)),
    parUniteJourCents: Number(divideRoundHalfUp(mensuel * 100n * 100n, d * days)),
  };
}

// ——— Quotient familial ———

const part = (label: string) =>
  z
    .number({ error: `Indiquez le nombre de parts ${label}.` })
    .min(0, `Le nombre de parts ${label} ne peut pas être négatif.`)
    .max(10, `Le nombre de parts ${label} ne doit pas dépasser 10.`)
    .refine(hasAtMostTwoDecimals, `Le nombre de parts ${label} a au plus deux décimales.`);

/**
 * The parts of the quotient familial. Default: the CAF's action-sociale quotient (not the tax
 * one): QF = (annual taxable resources / 12 + monthly prestations familiales) / parts, as stated
 * by the CAF (e.g. Caf de Tarn-et-Garonne, « Conditions générales d'attribution des aides
 * individuelles … mode de calcul du quotient familial », caf.fr:
 * « [(Ressources annuelles − abattements sociaux) / 12 + Prestations familiales mensuelles] /
 * nombre de parts »). Parts: 2 for a couple, and 2 for a parent isolé (the CAF counts the
 * allocataire, alone or in a couple, for 2 parts: « le couple ou un parent seul constitue
 * 2 parts »), 0.5 for each of the first two dependent children, 1 for the third, 0.5 for each
 * further one, +0.5 for a dependent child with a disability (AEEH) — the grid published by
 * CAF-based guides (mes-allocs.fr « grille quotient familial CAF »: 2 → 2.5 → 3 → 4 → +0.5 per
 * further child; monportailfinancier.fr, minutefacile.com). Sources differ on two points, and
 * we chose: a person alone without dependants has 1 part (as in the tax grid and mes-allocs.fr;
 * the CAF rarely computes a QF for them), and each child after the third adds 0.5 (not 1). Both
 * are editable per barème (`personneSeule`, `enfantSuivant`). When the household has a QF
 * attested by the CAF (attestation or API Particulier), that value is entered and wins.
 */
export const qfPartsSchema = z.object({
  personneSeule: part('d’une personne seule').default(1),
  couple: part('d’un couple').default(2),
  parentIsole: part('d’un parent isolé').default(2),
  premierEnfant: part('du premier enfant').default(0.5),
  deuxiemeEnfant: part('du deuxième enfant').default(0.5),
  troisiemeEnfant: part('du troisième enfant').default(1),
  enfantSuivant: part('de chaque enfant suivant').default(0.5),
  handicap: part('supplémentaires pour un enfant handicapé').default(0.5),
});
export type QfParts = z.infer<typeof qfPartsSchema>;
export const CAF_QF_PARTS: QfParts = {
  personneSeule: 1,
  couple: 2,
  parentIsole: 2,
  premierEnfant: 0.5,
  deuxiemeEnfant: 0.5,
  troisiemeEnfant: 1,
  enfantSuivant: 0.5,
  handicap: 0.5,
};

const isDependant = (m: BaremeHouseholdMember) => (m.aCharge ?? m.relation === 'enfant') && m.relation !== 'demandeur';

/** Number of parts (as a number, e.g. 3.5) for the quotient familial. */
export function quotientFamilialParts(
  household: readonly BaremeHouseholdMember[],
  parts: QfParts = CAF_QF_PARTS,
): number {
  return quotientFamilialPartsHundredths(household, parts) / 100;
}

function quotientFamilialPartsHundredths(household: readonly BaremeHouseholdMember[], parts: QfParts): number {
  checkDemandeur(household);
  const couple = household.some((m) => m.relation === 'conjoint');
  const dependants = household.filter(isDependant);
  let h = toHundredths(couple ? parts.couple : dependants.length > 0 ? parts.parentIsole : parts.personneSeule);
  dependants.forEach((member, rank) => {
    const byRank = [parts.premierEnfant, parts.deuxiemeEnfant, parts.troisiemeEnfant][rank] ?? parts.enfantSuivant;
    h += toHundredths(byRank);
    if (member.handicap) h += toHundredths(parts.handicap);
  });
  return h;
}

export interface QuotientFamilialInput {
  /** Annual taxable resources (revenu brut global / imposable of the avis d'imposition), cents. */
  annualTaxableResourcesCents: number;
  /** Monthly prestations familiales, cents. */
  monthlyFamilyBenefitsCents: number;
}

export interface QuotientFamilial {
  parts: number;
  /** Monthly QF in cents, rounded once. */
  cents: number;
  /** The same rounded to the euro, as the CAF shows it. */
  euros: number;
}

/** QF = (annual taxable resources / 12 + monthly prestations familiales) / parts. */
export function quotientFamilial(
  input: QuotientFamilialInput,
  household: readonly BaremeHouseholdMember[],
  parts: QfParts = CAF_QF_PARTS,
): QuotientFamilial {
  for (const key of ['annualTaxableResourcesCents', 'monthlyFamilyBenefitsCents'] as const)
    if (!Number.isSafeInteger(input[key]) || input[key] < 0)
      throw new BaremeError('montant_invalide', 'Les ressources du quotient familial doivent être positives.', key);
  const h = quotientFamilialPartsHundredths(household, parts);
  if (h <= 0) throw new BaremeError('parts_nulles', 'Le nombre de parts du quotient familial est nul.', 'household');
  const numerator = BigInt(input.annualTaxableResourcesCents) + 12n * BigInt(input.monthlyFamilyBenefitsCents);
  const denominator = 12n * BigInt(h);
  return {
    parts: h / 100,
    cents: Number(divideRoundHalfUp(numerator * 100n, denominator)),
    euros: Number(divideRoundHalfUp(numerator, denominator)),
  };
}

/**
 * The quotient familial's resources from the budget lines, when the avis d'imposition is not
 * given: annual taxable resources estimated as 12 × the monthly `imposable` resources, monthly
 * prestations familiales as the `prestationFamiliale` lines.
 */
export function quotientFamilialResourcesFromLines(lines: readonly BaremeBudgetLine[]): QuotientFamilialInput {
  let taxable = 0;
  let benefits = 0;
  for (const line of lines) {
    if (line.kind !== 'ressource') continue;
    const meta = (DEMANDE_RESOURCE_TYPES as Record<string, { imposable: boolean; prestationFamiliale: boolean }>)[
      line.type
    ];
    if (meta?.imposable) taxable += line.amountCents;
    if (meta?.prestationFamiliale) benefits += line.amountCents;
  }
  return { annualTaxableResourcesCents: 12 * taxable, monthlyFamilyBenefitsCents: benefits };
}

// ——— The barème and its suggestion ———

export const BAREME_SUGGESTIONS = ['accord_total', 'accord_partiel', 'refus'] as const;
export type BaremeSuggestion = (typeof BAREME_SUGGESTIONS)[number];
export const BAREME_SUGGESTION_LABELS: Record<BaremeSuggestion, string> = {
  accord_total: 'Accord total',
  accord_partiel: 'Accord partiel',
  refus: 'Refus',
};

const centsSchema = z
  .number({ error: 'Indiquez un montant.' })
  .int('Le montant s’exprime en centimes entiers.')
  .min(0, 'Le montant ne peut pas être négatif.')
  .max(100_000_000, 'Le montant ne doit pas dépasser 1 000 000 €.');

/**
 * One tranche: applies when the reste à vivre per unit per day is strictly below `jusquA` (cents;
 * null: no upper bound, the last tranche). `tauxPourcent`: the share of the amount asked that is
 * suggested; `plafondCents`: a cap on the suggested amount.
 */
export const baremeTrancheSchema = z
  .object({
    jusquA: z
      .number({ error: 'Indiquez le seuil de la tranche.' })
      .int('Le seuil s’exprime en centimes entiers.')
      .nullable(),
    suggestion: z.enum(BAREME_SUGGESTIONS, { error: 'Choisissez la suggestion de la tranche.' }),
    tauxPourcent: z
      .number()
      .int('Le taux est un nombre entier de pourcents.')
      .min(0, 'Le taux est compris entre 0 et 100 %.')
      .max(100, 'Le taux est compris entre 0 et 100 %.')
      .optional(),
    plafondCents: centsSchema.nullish(),
    libelle: z.string().trim().max(200, 'Le libellé ne doit pas dépasser 200 caractères.').optional(),
  })
  .superRefine((t, ctx) => {
    if (
      t.suggestion === 'accord_partiel' &&
      (t.tauxPourcent === undefined || t.tauxPourcent <= 0 || t.tauxPourcent >= 100)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['tauxPourcent'],
        message: 'Un accord partiel suggère un taux compris entre 1 et 99 % du montant demandé.',
      });
  });
export type BaremeTranche = z.infer<typeof baremeTrancheSchema>;

export const baremeSchema = z
  .object({
    echelle: ucScaleSchema.default(OECD_MODIFIED_SCALE),
    /** Divide the reste à vivre by units of consumption (default) or by persons. */
    unite: z.enum(RESTE_A_VIVRE_UNITS, { error: 'Choisissez l’unité du reste à vivre.' }).default('uc'),
    joursParMois: z
      .number({ error: 'Indiquez le nombre de jours par mois.' })
      .min(28, 'Le nombre de jours par mois est compris entre 28 et 31.')
      .max(31, 'Le nombre de jours par mois est compris entre 28 et 31.')
      .refine(hasAtMostTwoDecimals, 'Le nombre de jours par mois a au plus deux décimales.')
      .default(30),
    chargesRetenues: z
      .array(z.enum(DEMANDE_CHARGE_TYPE_VALUES, { error: 'Type de charge inconnu.' }))
      .default([...DEFAULT_CHARGES_RETENUES]),
    partsQuotientFamilial: qfPartsSchema.default(CAF_QF_PARTS),
    tranches: z.array(baremeTrancheSchema).min(1, 'Le barème doit compter au moins une tranche.'),
  })
  .superRefine((b, ctx) => {
    const last = b.tranches.length - 1;
    b.tranches.forEach((t, i) => {
      if (i === last && t.jusquA !== null)
        ctx.addIssue({
          code: 'custom',
          path: ['tranches', i, 'jusquA'],
          message: 'La dernière tranche n’a pas de seuil supérieur.',
        });
      if (i < last && t.jusquA === null)
        ctx.addIssue({
          code: 'custom',
          path: ['tranches', i, 'jusquA'],
          message: 'Seule la dernière tranche peut être sans seuil.',
        });
      const previous = i > 0 ? b.tranches[i - 1]!.jusquA : null;
      if (i > 0 && t.jusquA !== null && previous !== null && t.jusquA <= previous)
        ctx.addIssue({
          code: 'custom',
          path: ['tranches', i, 'jusquA'],
          message: 'Les seuils doivent être rangés du plus petit au plus grand.',
        });
    });
    if (new Set(b.chargesRetenues).size !== b.chargesRetenues.length)
      ctx.addIssue({ code: 'custom', path: ['chargesRetenues'], message: 'Une charge est retenue deux fois.' });
  });
export type Bareme = z.infer<typeof baremeSchema>;

/**
 * The default barème (an example each CCAS adapts, thresholds in reste à vivre per UC per day):
 * below 8 € → accord total; 8 € to less than 12 € → accord partiel, half of the amount asked;
 * 12 € or more → refus (the household's reste à vivre is above the barème).
 */
export const DEFAULT_BAREME: Bareme = {
  echelle: OECD_MODIFIED_SCALE,
  unite: 'uc',
  joursParMois: 30,
  chargesRetenues: [...DEFAULT_CHARGES_RETENUES],
  partsQuotientFamilial: CAF_QF_PARTS,
  tranches: [
    {
      jusquA: 800,
      suggestion: 'accord_total',
      tauxPourcent: 100,
      libelle: 'Reste à vivre inférieur à 8 € par jour et par UC',
    },
    {
      jusquA: 1200,
      suggestion: 'accord_partiel',
      tauxPourcent: 50,
      libelle: 'Reste à vivre de 8 € à moins de 12 € par jour et par UC',
    },
    { jusquA: null, suggestion: 'refus', tauxPourcent: 0, libelle: 'Reste à vivre de 12 € ou plus par jour et par UC' },
  ],
};

export interface BaremeSuggestionResult {
  trancheIndex: number;
  suggestion: BaremeSuggestion;
  montantSuggereCents: number;
  libelle: string | null;
}

/** The tranche the reste à vivre per unit per day falls in, and the amount it suggests. */
export function baremeSuggestion(
  bareme: Pick<Bareme, 'tranches'>,
  parUniteJourCents: number,
  montantDemandeCents: number,
): BaremeSuggestionResult {
  let index = bareme.tranches.findIndex((t) => t.jusquA === null || parUniteJourCents < t.jusquA);
  if (index < 0) index = bareme.tranches.length - 1;
  const t = bareme.tranches[index]!;
  const rate = t.suggestion === 'refus' ? 0 : (t.tauxPourcent ?? 100);
  let amount = Number(divideRoundHalfUp(BigInt(montantDemandeCents) * BigInt(rate), 100n));
  if (t.plafondCents !== undefined && t.plafondCents !== null) amount = Math.min(amount, t.plafondCents);
  return { trancheIndex: index, suggestion: t.suggestion, montantSuggereCents: amount, libelle: t.libelle ?? null };
}

// ——— Everything at once (what the demande page shows) ———

export interface DemandeBudgetInput {
  household: readonly BaremeHouseholdMember[];
  lines: readonly BaremeBudgetLine[];
  montantDemandeCents: number;
  /** From the avis d'imposition; when absent, estimated from the lines (12 × taxable monthly). */
  revenuImposableAnnuelCents?: number | null;
  /** A QF attested by the CAF (euros): shown instead of the computed one. */
  quotientFamilialCafEuros?: number | null;
}

export interface DemandeBudget {
  uc: UnitsOfConsumption;
  personnes: number;
  totals: DemandeBudgetTotals;
  resteAVivre: ResteAVivre;
  quotientFamilial: QuotientFamilial & { source: 'avis_imposition' | 'estimation' | 'caf' };
  suggestion: BaremeSuggestionResult;
}

export function computeDemandeBudget(input: DemandeBudgetInput, bareme: Bareme, asOf: string): DemandeBudget {
  const uc = unitsOfConsumption(input.household, asOf, bareme.echelle);
  const totals = demandeBudgetTotals(input.lines, bareme.chargesRetenues);
  const divisor = bareme.unite === 'uc' ? uc.hundredths : input.household.length * 100;
  const rav = resteAVivre(totals, divisor, bareme.joursParMois);
  const fromLines = quotientFamilialResourcesFromLines(input.lines);
  const given = input.revenuImposableAnnuelCents;
  const qfInput =
    given !== undefined && given !== null ? { ...fromLines, annualTaxableResourcesCents: given } : fromLines;
  const computed = quotientFamilial(qfInput, input.household, bareme.partsQuotientFamilial);
  const caf = input.quotientFamilialCafEuros;
  const qf =
    caf !== undefined && caf !== null
      ? { parts: computed.parts, cents: caf * 100, euros: caf, source: 'caf' as const }
      : {
          ...computed,
          source: given !== undefined && given !== null ? ('avis_imposition' as const) : ('estimation' as const),
        };
  return {
    uc,
    personnes: input.household.length,
    totals,
    resteAVivre: rav,
    quotientFamilial: qf,
    suggestion: baremeSuggestion(bareme, rav.parUniteJourCents, input.montantDemandeCents),
  };
}
