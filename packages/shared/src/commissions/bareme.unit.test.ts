import { describe, expect, it } from 'vitest';
import { CHARGE_TYPES, HOUSEHOLD_RELATIONS, RESSOURCE_TYPES } from '../persons/situation.ts';
import {
  ageOnDate,
  BaremeError,
  baremeSchema,
  baremeSuggestion,
  demandeBudgetTotals,
  computeDemandeBudget,
  DEMANDE_CHARGE_TYPES,
  DEMANDE_RESOURCE_TYPES,
  demandeLineFromSituation,
  demandeRelationFromSituation,
  DEFAULT_BAREME,
  DEFAULT_CHARGES_RETENUES,
  divideRoundHalfUp,
  formatEuros,
  quotientFamilial,
  quotientFamilialParts,
  resteAVivre,
  ucScaleSchema,
  unitsOfConsumption,
  type BaremeBudgetLine,
  type BaremeHouseholdMember,
} from './bareme.ts';

/** Every reference household is computed on this date. */
const AS_OF = '2026-03-01';

const r = (type: string, amountCents: number): BaremeBudgetLine => ({ kind: 'ressource', type, amountCents });
const c = (type: string, amountCents: number): BaremeBudgetLine => ({ kind: 'charge', type, amountCents });

/**
 * Reference households, computed by hand (arithmetic in the comments; amounts in cents).
 * Default barème: OECD-modified scale (1 / 0.5 / 0.3, adult from 14), 30 days a month,
 * tranches per UC per day: < 8 € total, < 12 € partial 50 %, otherwise refus.
 */
describe('reference households (computed by hand)', () => {
  it('1. single parent with two children aged 6 and 10', () => {
    const household: BaremeHouseholdMember[] = [
      { relation: 'demandeur', birthDate: '1990-04-12' },
      { relation: 'enfant', birthDate: '2019-09-15' }, // 6 on 2026-03-01
      { relation: 'enfant', birthDate: '2015-05-20' }, // 10
    ];
    const lines = [
      r('salaire', 65000), // 650,00 € part-time
      r('allocations_familiales', 14852), // 148,52 €
      r('asf', 39838), // 2 × 199,19 €
      r('aide_logement', 31200), // 312,00 €
      c('loyer', 78000),
      c('energie', 12000),
      c('mutuelle', 4500),
      c('telephone_internet', 3500),
      c('credit', 8000), // consumer credit: recorded, not retained
    ];
    const b = computeDemandeBudget(
      { household, lines, montantDemandeCents: 30000, revenuImposableAnnuelCents: 702000 },
      DEFAULT_BAREME,
      AS_OF,
    );
    // UC = 1 + 0.3 + 0.3 = 1.6
    expect(b.uc).toEqual({ units: 1.6, hundredths: 160, adults: 1, children: 2 });
    // resources = 65000 + 14852 + 39838 + 31200 = 150890
    // charges = 78000 + 12000 + 4500 + 3500 + 8000 = 106000, retained 98000, not retained 8000
    expect(b.totals).toEqual({
      ressourcesCents: 150890,
      chargesCents: 106000,
      chargesRetenuesCents: 98000,
      chargesNonRetenuesCents: 8000,
    });
    // RAV = 150890 − 98000 = 52890; / 1.6 = 33056.25 → 33056; / 1.6 / 30 = 1101.875 → 1102
    expect(b.resteAVivre).toEqual({
      mensuelCents: 52890,
      diviseurHundredths: 160,
      parUniteMensuelCents: 33056,
      parUniteJourCents: 1102,
    });
    // parts = 2 (parent isolé) + 0.5 + 0.5 = 3
    // QF = (702000 / 12 + (14852 + 39838 + 31200)) / 3 = (58500 + 85890) / 3 = 48130 → 481,30 €, 481 €
    expect(b.quotientFamilial).toEqual({ parts: 3, cents: 48130, euros: 481, source: 'avis_imposition' });
    // 8 € ≤ 11,02 € < 12 € → accord partiel 50 % of 300,00 € = 150,00 €
    expect(b.suggestion).toMatchObject({ trancheIndex: 1, suggestion: 'accord_partiel', montantSuggereCents: 15000 });
  });

  it('2. couple with three children aged 3, 8 and 15 (the 15-year-old counts as an adult)', () => {
    const household: BaremeHouseholdMember[] = [
      { relation: 'demandeur', birthDate: '1985-01-03' },
      { relation: 'conjoint', birthDate: '1987-08-22' },
      { relation: 'enfant', birthDate: '2022-06-01' }, // 3
      { relation: 'enfant', birthDate: '2017-11-30' }, // 8
      { relation: 'enfant', birthDate: '2010-12-01' }, // 15
    ];
    const lines = [
      r('salaire', 145000),
      r('chomage', 82000),
      r('allocations_familiales', 33803),
      r('complement_familial', 19631),
      r('aide_logement', 28000),
      c('loyer', 95000),
      c('charges_locatives', 8000),
      c('energie', 21000),
      c('eau', 4000),
      c('assurance_habitation', 2500),
      c('mutuelle', 12000),
      c('transport', 7500),
      c('frais_garde', 11000),
      c('telephone_internet', 6000),
      c('autre_charge', 5000), // not retained
    ];
    const b = computeDemandeBudget({ household, lines, montantDemandeCents: 25000 }, DEFAULT_BAREME, AS_OF);
    // UC = 1 + 0.5 + 0.3 + 0.3 + 0.5 = 2.6
    expect(b.uc).toEqual({ units: 2.6, hundredths: 260, adults: 3, children: 2 });
    // resources = 145000 + 82000 + 33803 + 19631 + 28000 = 308434
    // retained = 95000 + 8000 + 21000 + 4000 + 2500 + 12000 + 7500 + 11000 + 6000 = 167000; all = 172000
    expect(b.totals).toEqual({
      ressourcesCents: 308434,
      chargesCents: 172000,
      chargesRetenuesCents: 167000,
      chargesNonRetenuesCents: 5000,
    });
    // RAV = 308434 − 167000 = 141434; / 2.6 = 54397.69 → 54398; / 2.6 / 30 = 141434 / 78 = 1813.26 → 1813
    expect(b.resteAVivre).toMatchObject({ mensuelCents: 141434, parUniteMensuelCents: 54398, parUniteJourCents: 1813 });
    // no avis d'imposition: annual taxable estimated = 12 × (145000 + 82000) = 2724000
    // benefits = 33803 + 19631 + 28000 = 81434; parts = 2 + 0.5 + 0.5 + 1 = 4
    // QF = (2724000 / 12 + 81434) / 4 = (227000 + 81434) / 4 = 77108.5 → 77109 (half up); 771.085 → 771 €
    expect(b.quotientFamilial).toEqual({ parts: 4, cents: 77109, euros: 771, source: 'estimation' });
    // 18,13 € ≥ 12 € → refus, nothing suggested
    expect(b.suggestion).toMatchObject({ trancheIndex: 2, suggestion: 'refus', montantSuggereCents: 0 });
  });

  it('3. elderly person alone (82), unpaid energy bill', () => {
    const household: BaremeHouseholdMember[] = [{ relation: 'demandeur', birthDate: '1943-07-10' }];
    const lines = [
      r('retraite', 91240),
      r('aide_logement', 19800),
      c('loyer', 65000),
      c('energie', 9550),
      c('mutuelle', 8630),
      c('assurance_habitation', 1820),
      c('telephone_internet', 2999),
    ];
    const b = computeDemandeBudget(
      { household, lines, montantDemandeCents: 18000, revenuImposableAnnuelCents: 1094880 },
      DEFAULT_BAREME,
      AS_OF,
    );
    expect(ageOnDate('1943-07-10', AS_OF)).toBe(82);
    // UC = 1
    expect(b.uc.units).toBe(1);
    // resources = 91240 + 19800 = 111040; retained = 65000 + 9550 + 8630 + 1820 + 2999 = 87999
    // RAV = 23041; per UC = 23041; per day = 23041 / 30 = 768.03 → 768
    expect(b.resteAVivre).toMatchObject({ mensuelCents: 23041, parUniteMensuelCents: 23041, parUniteJourCents: 768 });
    // parts = 1 (alone, no dependant); QF = 1094880 / 12 + 19800 = 91240 + 19800 = 111040 → 1110,40 €
    expect(b.quotientFamilial).toEqual({ parts: 1, cents: 111040, euros: 1110, source: 'avis_imposition' });
    // 7,68 € < 8 € → accord total: the whole 180,00 €
    expect(b.suggestion).toMatchObject({ trancheIndex: 0, suggestion: 'accord_total', montantSuggereCents: 18000 });
  });

  it('4. couple without children, with a debt plan', () => {
    const household: BaremeHouseholdMember[] = [
      { relation: 'demandeur', age: 45 },
      { relation: 'conjoint', age: 47 },
    ];
    const lines = [
      r('salaire', 139869),
      r('prime_activite', 18600),
      c('loyer', 69000),
      c('energie', 13000),
      c('eau', 3500),
      c('assurance_habitation', 2000),
      c('mutuelle', 9500),
      c('impots', 3000),
      c('plan_surendettement', 15000),
    ];
    const b = computeDemandeBudget(
      { household, lines, montantDemandeCents: 33333, revenuImposableAnnuelCents: 1500000 },
      DEFAULT_BAREME,
      AS_OF,
    );
    // UC = 1 + 0.5 = 1.5
    expect(b.uc.units).toBe(1.5);
    // resources = 139869 + 18600 = 158469; retained = 69000+13000+3500+2000+9500+3000+15000 = 115000
    // RAV = 43469; / 1.5 = 28979.33 → 28979; / 1.5 / 30 = 43469 / 45 = 965.98 → 966
    expect(b.resteAVivre).toMatchObject({ mensuelCents: 43469, parUniteMensuelCents: 28979, parUniteJourCents: 966 });
    // parts = 2; prime d'activité is not a prestation familiale; QF = 1500000 / 12 / 2 = 62500 → 625 €
    expect(b.quotientFamilial).toEqual({ parts: 2, cents: 62500, euros: 625, source: 'avis_imposition' });
    // 9,66 € → accord partiel 50 % of 333,33 € = 166,665 € → 166,67 € (half up)
    expect(b.suggestion).toMatchObject({ suggestion: 'accord_partiel', montantSuggereCents: 16667 });
  });

  it('5. single adult with a 15-year-old', () => {
    const household: BaremeHouseholdMember[] = [
      { relation: 'demandeur', birthDate: '1979-02-28' },
      { relation: 'enfant', birthDate: '2010-09-01' }, // 15: counts 0.5 UC, still a dependant for the QF
    ];
    const lines = [
      r('rsa', 87200),
      r('asf', 19919),
      r('aide_logement', 35000),
      c('loyer', 56000),
      c('energie', 9000),
      c('telephone_internet', 2000),
    ];
    const b = computeDemandeBudget({ household, lines, montantDemandeCents: 10000 }, DEFAULT_BAREME, AS_OF);
    // UC = 1 + 0.5 = 1.5
    expect(b.uc).toEqual({ units: 1.5, hundredths: 150, adults: 2, children: 0 });
    // resources = 87200 + 19919 + 35000 = 142119; retained = 56000 + 9000 + 2000 = 67000
    // RAV = 75119; / 1.5 = 50079.33 → 50079; / 45 = 1669.31 → 1669
    expect(b.resteAVivre).toMatchObject({ mensuelCents: 75119, parUniteMensuelCents: 50079, parUniteJourCents: 1669 });
    // taxable = 0 (RSA is not taxable); benefits = 19919 + 35000 = 54919; parts = 2 + 0.5 = 2.5
    // QF = 54919 / 2.5 = 21967.6 → 21968; 219.676 → 220 €
    expect(b.quotientFamilial).toEqual({ parts: 2.5, cents: 21968, euros: 220, source: 'estimation' });
    expect(b.suggestion.suggestion).toBe('refus');
  });

  it('6. the same couple with three children, per person instead of per UC', () => {
    const bareme = { ...DEFAULT_BAREME, unite: 'personne' as const };
    const household: BaremeHouseholdMember[] = [
      { relation: 'demandeur', age: 41 },
      { relation: 'conjoint', age: 38 },
      { relation: 'enfant', age: 3 },
      { relation: 'enfant', age: 8 },
      { relation: 'enfant', age: 15 },
    ];
    const b = computeDemandeBudget(
      { household, lines: [r('salaire', 308434), c('loyer', 167000)], montantDemandeCents: 0 },
      bareme,
      AS_OF,
    );
    // RAV = 141434; / 5 persons = 28286.8 → 28287; / 5 / 30 = 141434 / 150 = 942.89 → 943
    expect(b.resteAVivre).toMatchObject({
      diviseurHundredths: 500,
      parUniteMensuelCents: 28287,
      parUniteJourCents: 943,
    });
    // 9,43 € per person per day → accord partiel
    expect(b.suggestion.suggestion).toBe('accord_partiel');
  });
});

describe('units of consumption', () => {
  it('a child is an adult from the day of their 14th birthday', () => {
    const on14th = unitsOfConsumption(
      [
        { relation: 'demandeur', age: 40 },
        { relation: 'enfant', birthDate: '2012-03-01' }, // 14 on 2026-03-01
      ],
      AS_OF,
    );
    expect(on14th.hundredths).toBe(150);
    const dayBefore = unitsOfConsumption(
      [
        { relation: 'demandeur', age: 40 },
        { relation: 'enfant', birthDate: '2012-03-02' }, // still 13
      ],
      AS_OF,
    );
    expect(dayBefore.hundredths).toBe(130);
  });

  it('the demandeur counts 1 even when under 14 or 17; a grandparent counts 0.5', () => {
    expect(unitsOfConsumption([{ relation: 'demandeur', age: 17 }], AS_OF).units).toBe(1);
    expect(
      unitsOfConsumption(
        [
          { relation: 'demandeur', age: 30 },
          { relation: 'autre', age: 80 },
        ],
        AS_OF,
      ).units,
    ).toBe(1.5);
  });

  it('sums exactly (no floating error): 1 + 0.3 × 7 = 3.1', () => {
    const household: BaremeHouseholdMember[] = [
      { relation: 'demandeur', age: 35 },
      ...Array.from({ length: 7 }, () => ({ relation: 'enfant' as const, age: 5 })),
    ];
    expect(unitsOfConsumption(household, AS_OF)).toEqual({ units: 3.1, hundredths: 310, adults: 1, children: 7 });
  });

  it('uses an edited scale (e.g. 1 / 0.7 / 0.5, the old OECD scale)', () => {
    const scale = ucScaleSchema.parse({ premierAdulte: 1, autreAdulte: 0.7, enfant: 0.5, ageAdulte: 15 });
    const household: BaremeHouseholdMember[] = [
      { relation: 'demandeur', age: 35 },
      { relation: 'conjoint', age: 35 },
      { relation: 'enfant', age: 14 }, // under 15 in this scale
    ];
    // 1 + 0.7 + 0.5 = 2.2
    expect(unitsOfConsumption(household, AS_OF, scale).units).toBe(2.2);
  });

  it('the scale schema has OECD defaults and French messages', () => {
    expect(ucScaleSchema.parse({})).toEqual({ premierAdulte: 1, autreAdulte: 0.5, enfant: 0.3, ageAdulte: 14 });
    const bad = ucScaleSchema.safeParse({ enfant: 0.333 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('Le poids des enfants a au plus deux décimales.');
    expect(ucScaleSchema.safeParse({ autreAdulte: -1 }).error?.issues[0]?.message).toMatch(/négatif/);
  });

  it('a member without birth date nor age is an error naming the person', () => {
    const household: BaremeHouseholdMember[] = [{ relation: 'demandeur', age: 30 }, { relation: 'enfant' }];
    expect(() => unitsOfConsumption(household, AS_OF)).toThrow(BaremeError);
    try {
      unitsOfConsumption(household, AS_OF);
    } catch (e) {
      expect(e).toMatchObject({ code: 'age_manquant', path: 'household.1.birthDate' });
      expect((e as Error).message).toMatch(/date de naissance.*personne n° 2/);
    }
    expect(() => computeDemandeBudget({ household, lines: [], montantDemandeCents: 0 }, DEFAULT_BAREME, AS_OF)).toThrow(
      /personne n° 2/,
    );
  });

  it('rejects a birth date after the computation date, an invalid date, a household without or with two demandeurs', () => {
    const future = [{ relation: 'demandeur' as const, birthDate: '2027-01-01' }];
    expect(() => unitsOfConsumption(future, AS_OF)).toThrow(
      expect.objectContaining({ code: 'date_naissance_invalide' }),
    );
    const invalid = [{ relation: 'demandeur' as const, birthDate: '2020-02-30' }];
    expect(() => unitsOfConsumption(invalid, AS_OF)).toThrow(
      expect.objectContaining({ code: 'date_naissance_invalide' }),
    );
    expect(() => unitsOfConsumption([{ relation: 'enfant', age: 4 }], AS_OF)).toThrow(
      expect.objectContaining({ code: 'demandeur_manquant' }),
    );
    expect(() =>
      unitsOfConsumption(
        [
          { relation: 'demandeur', age: 4 },
          { relation: 'demandeur', age: 40 },
        ],
        AS_OF,
      ),
    ).toThrow(expect.objectContaining({ code: 'plusieurs_demandeurs' }));
  });

  it('age in full years, 29 February birthdays on 1 March', () => {
    expect(ageOnDate('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOnDate('2000-02-29', '2026-03-01')).toBe(26);
    expect(ageOnDate('2000-03-01', '2000-03-01')).toBe(0);
  });
});

describe('budget totals, reste à vivre and rounding', () => {
  it('only the charges retenues are subtracted; the list is configurable', () => {
    const lines = [r('salaire', 100000), c('loyer', 40000), c('credit', 10000), c('autre_charge', 5000)];
    expect(demandeBudgetTotals(lines)).toEqual({
      ressourcesCents: 100000,
      chargesCents: 55000,
      chargesRetenuesCents: 40000,
      chargesNonRetenuesCents: 15000,
    });
    expect(demandeBudgetTotals(lines, [...DEFAULT_CHARGES_RETENUES, 'credit']).chargesRetenuesCents).toBe(50000);
    expect(DEFAULT_CHARGES_RETENUES).not.toContain('credit');
    expect(DEFAULT_CHARGES_RETENUES).toContain('plan_surendettement');
  });

  it('zero resources give a negative reste à vivre, in the first tranche', () => {
    const b = computeDemandeBudget(
      {
        household: [{ relation: 'demandeur', age: 70 }],
        lines: [c('loyer', 40000)],
        montantDemandeCents: 20000,
      },
      DEFAULT_BAREME,
      AS_OF,
    );
    // RAV = 0 − 40000 = −40000; per day = −40000 / 30 = −1333.33 → −1333
    expect(b.resteAVivre).toMatchObject({
      mensuelCents: -40000,
      parUniteMensuelCents: -40000,
      parUniteJourCents: -1333,
    });
    expect(b.quotientFamilial.cents).toBe(0);
    expect(b.suggestion).toMatchObject({ suggestion: 'accord_total', montantSuggereCents: 20000 });
  });

  it('halves round away from zero, once, from the exact value', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfUp(7n, 3n)).toBe(2n);
    expect(divideRoundHalfUp(-7n, 3n)).toBe(-2n);
    expect(divideRoundHalfUp(0n, 3n)).toBe(0n);
    expect(() => divideRoundHalfUp(1n, 0n)).toThrow(RangeError);
    // −45 cents over 30 days = −1.5 → −2
    expect(resteAVivre({ ressourcesCents: 0, chargesRetenuesCents: 45 }, 100, 30).parUniteJourCents).toBe(-2);
    // 100 cents / 1.6 UC = 62.5 → 63 per month; / 30 = 2.083 → 2 per day (not 63 / 30 = 2.1 → 2 either way)
    expect(resteAVivre({ ressourcesCents: 100, chargesRetenuesCents: 0 }, 160, 30)).toMatchObject({
      parUniteMensuelCents: 63,
      parUniteJourCents: 2,
    });
    // 30.42 days a month: 30420 / 1 / 30.42 = 1000 exactly
    expect(resteAVivre({ ressourcesCents: 30420, chargesRetenuesCents: 0 }, 100, 30.42).parUniteJourCents).toBe(1000);
  });

  it('rejects negative or fractional amounts', () => {
    expect(() => demandeBudgetTotals([r('salaire', -1)])).toThrow(
      expect.objectContaining({ code: 'montant_invalide', path: 'lines.0.amountCents' }),
    );
    expect(() => demandeBudgetTotals([r('salaire', 10.5)])).toThrow(BaremeError);
  });

  it('formats euros the French way', () => {
    expect(formatEuros(123456).replace(/\s/g, ' ')).toBe('1 234,56 €');
  });
});

describe('quotient familial', () => {
  const adult = (relation: 'demandeur' | 'conjoint'): BaremeHouseholdMember => ({ relation, age: 40 });
  const child = (extra: Partial<BaremeHouseholdMember> = {}): BaremeHouseholdMember => ({
    relation: 'enfant',
    age: 8,
    ...extra,
  });

  it('parts: alone 1, couple 2, single parent 2, +0.5 +0.5 +1 then +0.5, +0.5 for a disabled child', () => {
    expect(quotientFamilialParts([adult('demandeur')])).toBe(1);
    expect(quotientFamilialParts([adult('demandeur'), adult('conjoint')])).toBe(2);
    expect(quotientFamilialParts([adult('demandeur'), child()])).toBe(2.5);
    expect(quotientFamilialParts([adult('demandeur'), adult('conjoint'), child()])).toBe(2.5);
    expect(quotientFamilialParts([adult('demandeur'), adult('conjoint'), child(), child()])).toBe(3);
    expect(quotientFamilialParts([adult('demandeur'), adult('conjoint'), child(), child(), child()])).toBe(4);
    expect(quotientFamilialParts([adult('demandeur'), adult('conjoint'), child(), child(), child(), child()])).toBe(
      4.5,
    );
    expect(quotientFamilialParts([adult('demandeur'), adult('conjoint'), child({ handicap: true })])).toBe(3);
  });

  it('a child not à charge and an adult à charge', () => {
    expect(quotientFamilialParts([adult('demandeur'), child({ aCharge: false })])).toBe(1);
    expect(quotientFamilialParts([adult('demandeur'), { relation: 'autre', age: 85, aCharge: true }])).toBe(2.5);
  });

  it('the parts grid is configurable (e.g. +1 for every child from the third)', () => {
    const parts = { ...quotientFamilialGrid(), enfantSuivant: 1 };
    expect(
      quotientFamilialParts([adult('demandeur'), adult('conjoint'), child(), child(), child(), child()], parts),
    ).toBe(5);
  });

  it('QF = (annual / 12 + monthly benefits) / parts', () => {
    // (1200000 / 12 + 20000) / 3 = (100000 + 20000) / 3 = 40000 → 400 €
    expect(
      quotientFamilial({ annualTaxableResourcesCents: 1200000, monthlyFamilyBenefitsCents: 20000 }, [
        adult('demandeur'),
        adult('conjoint'),
        child(),
        child(),
      ]),
    ).toEqual({ parts: 3, cents: 40000, euros: 400 });
  });

  it('a QF attested by the CAF wins over the computed one', () => {
    const b = computeDemandeBudget(
      {
        household: [adult('demandeur')],
        lines: [r('salaire', 100000)],
        montantDemandeCents: 0,
        quotientFamilialCafEuros: 512,
      },
      DEFAULT_BAREME,
      AS_OF,
    );
    expect(b.quotientFamilial).toMatchObject({ euros: 512, cents: 51200, source: 'caf' });
  });
});

function quotientFamilialGrid() {
  return baremeSchema.parse({ tranches: [{ jusquA: null, suggestion: 'refus' }] }).partsQuotientFamilial;
}

describe('barème configuration and suggestion', () => {
  it('parses a minimal barème with every default', () => {
    const b = baremeSchema.parse({ tranches: [{ jusquA: null, suggestion: 'accord_total' }] });
    expect(b.echelle).toEqual({ premierAdulte: 1, autreAdulte: 0.5, enfant: 0.3, ageAdulte: 14 });
    expect(b.unite).toBe('uc');
    expect(b.joursParMois).toBe(30);
    expect(b.chargesRetenues).toEqual(DEFAULT_CHARGES_RETENUES);
    expect(b.partsQuotientFamilial.parentIsole).toBe(2);
    expect(baremeSchema.parse(DEFAULT_BAREME)).toEqual(DEFAULT_BAREME);
  });

  it('rejects unordered thresholds, an unbounded middle tranche, a bounded last one, a partial without rate', () => {
    const messages = (input: unknown) => baremeSchema.safeParse(input).error?.issues.map((i) => i.message) ?? [];
    expect(
      messages({
        tranches: [
          { jusquA: 1200, suggestion: 'accord_total' },
          { jusquA: 800, suggestion: 'accord_partiel', tauxPourcent: 50 },
          { jusquA: null, suggestion: 'refus' },
        ],
      }),
    ).toEqual(['Les seuils doivent être rangés du plus petit au plus grand.']);
    expect(
      messages({
        tranches: [
          { jusquA: null, suggestion: 'accord_total' },
          { jusquA: 800, suggestion: 'refus' },
        ],
      }),
    ).toEqual(['Seule la dernière tranche peut être sans seuil.', 'La dernière tranche n’a pas de seuil supérieur.']);
    expect(messages({ tranches: [{ jusquA: null, suggestion: 'accord_partiel', tauxPourcent: 100 }] })).toEqual([
      'Un accord partiel suggère un taux compris entre 1 et 99 % du montant demandé.',
    ]);
    expect(messages({ tranches: [] })).toEqual(['Le barème doit compter au moins une tranche.']);
    expect(
      messages({ tranches: [{ jusquA: null, suggestion: 'refus' }], chargesRetenues: ['loyer', 'loyer'] }),
    ).toEqual(['Une charge est retenue deux fois.']);
    expect(messages({ tranches: [{ jusquA: null, suggestion: 'refus' }], chargesRetenues: ['voyages'] })).toEqual([
      'Type de charge inconnu.',
    ]);
  });

  it('thresholds are exclusive upper bounds: exactly 8,00 € falls in the second tranche', () => {
    expect(baremeSuggestion(DEFAULT_BAREME, 799, 10000).suggestion).toBe('accord_total');
    expect(baremeSuggestion(DEFAULT_BAREME, 800, 10000).suggestion).toBe('accord_partiel');
    expect(baremeSuggestion(DEFAULT_BAREME, 1199, 10000).suggestion).toBe('accord_partiel');
    expect(baremeSuggestion(DEFAULT_BAREME, 1200, 10000).suggestion).toBe('refus');
    expect(baremeSuggestion(DEFAULT_BAREME, -5000, 10000).trancheIndex).toBe(0);
  });

  it('caps the suggested amount', () => {
    const bareme = baremeSchema.parse({
      tranches: [
        { jusquA: 500, suggestion: 'accord_total', plafondCents: 15000 },
        { jusquA: null, suggestion: 'accord_partiel', tauxPourcent: 30, plafondCents: 5000 },
      ],
    });
    expect(baremeSuggestion(bareme, 100, 40000).montantSuggereCents).toBe(15000);
    expect(baremeSuggestion(bareme, 100, 10000).montantSuggereCents).toBe(10000);
    // 30 % of 40000 = 12000, capped at 5000
    expect(baremeSuggestion(bareme, 900, 40000).montantSuggereCents).toBe(5000);
    // 30 % of 10001 = 3000.3 → 3000
    expect(baremeSuggestion(bareme, 900, 10001).montantSuggereCents).toBe(3000);
  });
});

describe('from the person’s file (persons/situation.ts)', () => {
  it('maps every budget-line type of the file onto a type of the demande', () => {
    for (const type of RESSOURCE_TYPES) {
      const line = demandeLineFromSituation({ kind: 'ressource', type, amountCents: 100 });
      expect(Object.keys(DEMANDE_RESOURCE_TYPES), type).toContain(line.type);
    }
    for (const type of CHARGE_TYPES) {
      const line = demandeLineFromSituation({ kind: 'charge', type, amountCents: 100 });
      expect(Object.keys(DEMANDE_CHARGE_TYPES), type).toContain(line.type);
    }
    expect(demandeLineFromSituation({ kind: 'ressource', type: 'are', amountCents: 5 })).toEqual({
      kind: 'ressource',
      type: 'chomage',
      amountCents: 5,
    });
    expect(demandeLineFromSituation({ kind: 'charge', type: 'dette_impaye', amountCents: 5 }).type).toBe(
      'echeancier_dette',
    );
    expect(demandeLineFromSituation({ kind: 'charge', type: 'inconnu', amountCents: 5 }).type).toBe('autre_charge');
    expect(demandeLineFromSituation({ kind: 'charge', type: 'plan_surendettement', amountCents: 5 }).type).toBe(
      'plan_surendettement',
    );
  });

  it('maps every household relation of the file', () => {
    for (const relation of HOUSEHOLD_RELATIONS)
      expect(['conjoint', 'enfant', 'autre']).toContain(demandeRelationFromSituation(relation));
    expect(demandeRelationFromSituation('conjoint')).toBe('conjoint');
    expect(demandeRelationFromSituation('enfant')).toBe('enfant');
    expect(demandeRelationFromSituation('petit_enfant')).toBe('autre');
  });
});
