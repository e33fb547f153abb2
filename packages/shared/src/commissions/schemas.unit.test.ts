import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../errors.ts';
import { computeDemandeBudget, DEFAULT_BAREME } from './bareme.ts';
import { AID_KIND_LABELS, AID_KIND_VALUES, DECISION_FORM_LABELS, DECISION_FORMS } from './labels.ts';
import {
  amountSchema,
  attendanceInput,
  commissionTypeInput,
  createDemandeInput,
  createSeanceInput,
  decisionInput,
  demandeListInput,
  demandeTransitionInput,
  eurosToCents,
  paymentInput,
  updateDemandeInput,
} from './schemas.ts';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const errorsOf = (
  schema: {
    safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  v: unknown,
) => {
  const r = schema.safeParse(v);
  return r.success ? {} : fieldErrors(r.error!);
};

describe('amounts', () => {
  it('reads euros typed the French way', () => {
    expect(eurosToCents('1 234,56 €')).toBe(123456);
    expect(eurosToCents('1\u202f234,5')).toBe(123450);
    expect(eurosToCents('80')).toBe(8000);
    expect(eurosToCents('12.05')).toBe(1205);
    expect(eurosToCents('12,345')).toBeNull();
    expect(eurosToCents('-5')).toBeNull();
    expect(eurosToCents('douze')).toBeNull();
  });

  it('numbers are cents; errors say what to type', () => {
    const s = amountSchema('le montant demandé');
    expect(s.parse(30000)).toBe(30000);
    expect(s.parse('300')).toBe(30000);
    expect(s.safeParse('abc').error?.issues[0]?.message).toBe(
      'Le montant demandé doit être un montant en euros, par exemple 120,50.',
    );
    expect(s.safeParse(12.5).success).toBe(false);
    expect(s.safeParse('2 000 000').error?.issues[0]?.message).toBe(
      'Le montant demandé ne doit pas dépasser 1 000 000 €.',
    );
  });
});

describe('commission type configuration', () => {
  const members = [
    { userId: ID(1), voting: true, capacities: ['president'] },
    { userId: ID(2), voting: true, capacities: ['secretaire', 'signataire'] },
    { userId: ID(3), voting: true, organisationId: ID(9) },
    { userId: ID(4), voting: false },
  ];
  const valid = {
    name: 'Commission des aides facultatives',
    aidKinds: ['secours_financier', 'colis_alimentaire'],
    envelopes: [{ aidKind: 'secours_financier', year: 2026, budgetCents: '15 000' }],
    members,
  };

  it('parses with defaults: majority quorum, the default barème, presentation mode on', () => {
    const c = commissionTypeInput.parse(valid);
    expect(c.quorum).toEqual({ kind: 'majorite', pouvoirsComptent: false });
    expect(c.bareme).toEqual(DEFAULT_BAREME);
    expect(c.presentationParDefaut).toBe(true);
    expect(c.voixPreponderante).toBe(true);
    expect(c.envelopes[0]!.budgetCents).toBe(1500000);
    expect(c.members[2]!.organisationId).toBe(ID(9));
    expect(c.members[3]!.capacities).toEqual([]);
  });

  it('rejects inconsistent configurations with French messages', () => {
    expect(errorsOf(commissionTypeInput, { ...valid, aidKinds: [], envelopes: [] })).toEqual({
      aidKinds: 'Choisissez au moins un type d’aide décidé par cette commission.',
    });
    expect(
      errorsOf(commissionTypeInput, {
        ...valid,
        envelopes: [{ aidKind: 'micro_credit', year: 2026, budgetCents: 100 }],
      }),
    ).toEqual({
      'envelopes.0.aidKind': 'Cette enveloppe concerne un type d’aide que la commission ne décide pas.',
    });
    expect(
      errorsOf(commissionTypeInput, {
        ...valid,
        envelopes: [
          { aidKind: 'secours_financier', year: 2026, budgetCents: 100 },
          { aidKind: 'secours_financier', year: 2026, budgetCents: 200 },
        ],
      }),
    ).toEqual({ envelopes: 'Une seule enveloppe par type d’aide et par année.' });
    expect(
      errorsOf(commissionTypeInput, {
        ...valid,
        members: [...members, { userId: ID(5), voting: true, capacities: ['president'] }],
      }),
    ).toEqual({
      members: 'La commission n’a qu’un président ou une présidente.',
    });
    expect(errorsOf(commissionTypeInput, { ...valid, quorum: { kind: 'nombre', minimum: 4 } })).toEqual({
      quorum: 'Le quorum dépasse le nombre de membres votants : il ne pourrait jamais être atteint.',
    });
    expect(errorsOf(commissionTypeInput, { ...valid, members: members.slice(0, 1) })).toEqual({
      members: 'Une commission qui accorde des sommes doit compter au moins deux signataires habilités.',
    });
    // a food-aid commission (in kind only) needs no signer
    expect(
      errorsOf(commissionTypeInput, {
        ...valid,
        aidKinds: ['colis_alimentaire'],
        envelopes: [],
        members: members.slice(2),
      }),
    ).toEqual({});
    expect(errorsOf(commissionTypeInput, { ...valid, members: [members[3]] })).toEqual({
      members: 'La commission doit compter au moins un membre votant.',
    });
  });
});

describe('demande d’aide', () => {
  const base = {
    personId: ID(1),
    commissionTypeId: ID(2),
    aidKind: 'impaye_energie',
    objet: 'Facture d’électricité impayée',
    montantDemandeCents: '420,00',
    creditor: { kind: 'fournisseur_energie', name: 'EDF', reference: '123' },
    household: [
      { relation: 'demandeur', birthDate: '12/04/1990' },
      { relation: 'enfant', birthDate: '2019-09-15' },
    ],
    lines: [
      { kind: 'ressource', type: 'salaire', amountCents: '650' },
      { kind: 'charge', type: 'loyer', amountCents: 78000 },
    ],
    pieces: [{ kind: 'facture_impayee', status: 'fournie', attachmentId: ID(3) }],
  };

  it('parses and feeds the barème computation', () => {
    const d = createDemandeInput.parse(base);
    expect(d.montantDemandeCents).toBe(42000);
    expect(d.household[0]!.birthDate).toBe('1990-04-12');
    expect(d.lines.map((l) => l.amountCents)).toEqual([65000, 78000]);
    expect(d.referralId).toBeNull();
    expect(d.urgent).toBe(false);
    const budget = computeDemandeBudget(
      { household: d.household, lines: d.lines, montantDemandeCents: d.montantDemandeCents ?? 0 },
      DEFAULT_BAREME,
      '2026-03-01',
    );
    // UC 1.3; RAV = 65000 − 78000 = −13000
    expect(budget.uc.units).toBe(1.3);
    expect(budget.resteAVivre.mensuelCents).toBe(-13000);
  });

  it('asks for what is missing', () => {
    expect(
      errorsOf(createDemandeInput, {
        ...base,
        montantDemandeCents: '',
        creditor: null,
        household: [{ relation: 'enfant' }],
        lines: [{ kind: 'charge', type: 'salaire', amountCents: 1 }],
      }),
    ).toEqual({
      'household.0.birthDate':
        'Indiquez la date de naissance (ou à défaut l’âge) : elle sert au calcul des unités de consommation.',
      'lines.0.type': 'Choisissez un type de charge dans la liste.',
      household: 'Le foyer compte une et une seule personne « demandeur ».',
      montantDemandeCents: 'Indiquez le montant demandé.',
      creditor: 'Indiquez le créancier (bailleur, fournisseur…) : cette aide lui est versée directement.',
    });
    expect(errorsOf(createDemandeInput, { ...base, aidKind: 'epicerie_sociale', montantDemandeCents: null })).toEqual({
      dureeDemandee: 'Indiquez la durée d’accès demandée.',
    });
    expect(
      errorsOf(createDemandeInput, { ...base, household: [{ relation: 'demandeur', birthDate: '31/02/1990' }] }),
    ).toEqual({
      'household.0.birthDate': 'La date de naissance doit être une date réelle, au format JJ/MM/AAAA.',
    });
  });

  it('an update checks only what it sends', () => {
    expect(updateDemandeInput.parse({ demandeId: ID(5), objet: 'Nouvel objet' })).toMatchObject({
      demandeId: ID(5),
      objet: 'Nouvel objet',
    });
    expect(errorsOf(updateDemandeInput, { demandeId: ID(5), household: [] })).toEqual({
      household: 'Indiquez la composition du foyer.',
    });
  });

  it('lists filter on a known state', () => {
    expect(demandeListInput.parse({ state: 'inscrite' })).toEqual({
      commissionTypeId: null,
      state: 'inscrite',
      offset: 0,
      limit: 20,
    });
    expect(errorsOf(demandeListInput, { state: 'perdue' })).toEqual({ state: 'État inconnu.' });
  });

  it('a transition that needs a motive asks for it', () => {
    expect(errorsOf(demandeTransitionInput, { demandeId: ID(1), action: 'classer_sans_suite' })).toEqual({
      motif: 'Indiquez le motif.',
    });
    expect(errorsOf(demandeTransitionInput, { demandeId: ID(1), action: 'completer' })).toEqual({});
    expect(errorsOf(demandeTransitionInput, { demandeId: ID(1), action: 'voler' })).toEqual({
      action: 'Action inconnue.',
    });
  });
});

describe('séance, attendance, decision, payment', () => {
  it('creates a séance with a French date and hour', () => {
    expect(
      createSeanceInput.parse({
        commissionTypeId: ID(1),
        date: '10/03/2026',
        heure: '14h30',
        lieu: 'Salle du conseil',
      }),
    ).toMatchObject({
      date: '2026-03-10',
      heure: '14:30',
      messageConvocation: null,
    });
    expect(
      errorsOf(createSeanceInput, { commissionTypeId: ID(1), date: '10/03/2026', heure: '25:00', lieu: '' }),
    ).toEqual({
      heure: 'Indiquez l’heure au format HH:MM, par exemple 14:30.',
      lieu: 'Indiquez le lieu de la séance.',
    });
  });

  it('attendance lists each member once', () => {
    expect(
      errorsOf(attendanceInput, {
        seanceId: ID(1),
        entries: [
          { userId: ID(2), status: 'present' },
          { userId: ID(2), status: 'absent' },
        ],
      }),
    ).toEqual({ entries: 'Un membre figure deux fois sur la feuille de présence.' });
  });

  it('a decision needs a motive for refus, accord partiel, ajournement and corrections', () => {
    expect(errorsOf(decisionInput, { demandeId: ID(1), seanceId: ID(2), outcome: 'refus' })).toEqual({
      motive: 'Indiquez le motif du refus : il figurera dans la lettre de décision.',
    });
    expect(
      errorsOf(decisionInput, {
        demandeId: ID(1),
        outcome: 'accord',
        amountGrantedCents: '300',
        form: 'personne',
        correctsDecisionId: ID(3),
      }),
    ).toEqual({
      motive: 'Indiquez ce que corrige cette décision rectificative.',
    });
    const ok = decisionInput.parse({
      demandeId: ID(1),
      seanceId: ID(2),
      outcome: 'accord',
      amountGrantedCents: '300',
      form: 'personne',
    });
    expect(ok).toMatchObject({ amountGrantedCents: 30000, votes: [], correctsDecisionId: null, motive: null });
  });

  it('a payment has a positive amount and a payee', () => {
    expect(
      errorsOf(paymentInput, {
        demandeId: ID(1),
        paidOn: '2026-03-12',
        amountCents: 0,
        payee: 'tiers',
        payeeName: 'EDF',
      }),
    ).toEqual({
      amountCents: 'Le montant versé doit être positif.',
    });
  });
});

describe('labels', () => {
  it('every aid kind and decision form has a French label', () => {
    expect(AID_KIND_VALUES).toEqual(
      expect.arrayContaining([
        'colis_alimentaire',
        'epicerie_sociale',
        'bons_achat',
        'secours_financier',
        'micro_credit',
        'fsl_acces',
        'fsl_maintien',
        'impaye_loyer',
        'impaye_energie',
      ]),
    );
    for (const k of AID_KIND_VALUES) expect(AID_KIND_LABELS[k]).toMatch(/^[A-ZÉ]/);
    for (const f of DECISION_FORMS) expect(DECISION_FORM_LABELS[f]).toMatch(/^[A-ZÉ]/);
  });
});
