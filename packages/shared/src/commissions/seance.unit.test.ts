import { describe, expect, it } from 'vitest';
import { demandeNextState } from './demande-state-machine.ts';
import {
  canEditDecision,
  canRecordDecision,
  correctionOf,
  decisionGrantsMoney,
  decisionInForce,
  envelopeAllows,
  envelopeDelta,
  identityTerms,
  initials,
  isDecisionSigned,
  presentationView,
  quorumRequired,
  quorumRuleSchema,
  quorumStatus,
  redactIdentity,
  requiredSignatures,
  SEANCE_ACTIONS,
  SEANCE_RELATIONS,
  SEANCE_STATES,
  SEANCE_TRANSITIONS,
  seanceAllowedActions,
  seanceChair,
  seanceClosingBlockers,
  seanceGuard,
  seanceNextState,
  seanceRelations,
  signDecision,
  tallyVotes,
  urgentDecisionsToRatify,
  validateAttendance,
  validateDecision,
  type AttendanceLike,
  type CommissionMemberLike,
  type DemandeForPresentation,
  type SignableDecision,
} from './seance.ts';

/** A commission of 7 voting members and 1 consultative one. */
const MEMBERS: CommissionMemberLike[] = [
  { userId: 'pres', voting: true, capacities: ['president', 'signataire'] },
  { userId: 'vp', voting: true, capacities: ['vice_president'] },
  { userId: 'secr', voting: true, capacities: ['secretaire'] },
  { userId: 'm4', voting: true, capacities: [] },
  { userId: 'm5', voting: true, capacities: [] },
  { userId: 'm6', voting: true, capacities: [] },
  { userId: 'm7', voting: true, capacities: ['signataire'] },
  { userId: 'consult', voting: false, capacities: [] },
];
const present = (...ids: string[]): AttendanceLike[] => ids.map((userId) => ({ userId, status: 'present' as const }));
const MAJORITE = quorumRuleSchema.parse({ kind: 'majorite' });

describe('quorum', () => {
  it('majority of voting members: 4 of 7; a consultative member does not count', () => {
    expect(quorumRequired(MAJORITE, 7)).toBe(4);
    expect(quorumRequired(MAJORITE, 8)).toBe(5);
    expect(quorumStatus(MAJORITE, MEMBERS, present('pres', 'secr', 'm4', 'consult'))).toEqual({
      membresVotants: 7,
      presentsVotants: 3,
      representes: 0,
      comptes: 3,
      requis: 4,
      atteint: false,
    });
    expect(quorumStatus(MAJORITE, MEMBERS, present('pres', 'secr', 'm4', 'm5')).atteint).toBe(true);
  });

  it('a fixed number, and a fraction rounded up', () => {
    const trois = quorumRuleSchema.parse({ kind: 'nombre', minimum: 3 });
    expect(quorumStatus(trois, MEMBERS, present('pres', 'm4')).atteint).toBe(false);
    expect(quorumStatus(trois, MEMBERS, present('pres', 'm4', 'm5')).atteint).toBe(true);
    const tiers = quorumRuleSchema.parse({ kind: 'fraction', numerateur: 1, denominateur: 3 });
    // 7 / 3 = 2.33 → 3
    expect(quorumRequired(tiers, 7)).toBe(3);
    expect(quorumRequired(tiers, 6)).toBe(2);
  });

  it('proxies count for the quorum only when the rule says so', () => {
    const attendance: AttendanceLike[] = [
      ...present('pres', 'secr', 'm4'),
      { userId: 'm5', status: 'represente', proxyHolderUserId: 'm4' },
    ];
    expect(quorumStatus(MAJORITE, MEMBERS, attendance)).toMatchObject({ comptes: 3, representes: 1, atteint: false });
    const withProxies = quorumRuleSchema.parse({ kind: 'majorite', pouvoirsComptent: true });
    expect(quorumStatus(withProxies, MEMBERS, attendance)).toMatchObject({ comptes: 4, atteint: true });
  });

  it('the rule schema asks what is missing, in French', () => {
    expect(quorumRuleSchema.safeParse({ kind: 'nombre' }).error?.issues[0]?.message).toBe(
      'Indiquez le nombre de membres votants requis.',
    );
    expect(
      quorumRuleSchema.safeParse({ kind: 'fraction', numerateur: 3, denominateur: 2 }).error?.issues[0]?.message,
    ).toBe('La fraction ne peut pas dépasser 1.');
    expect(quorumRuleSchema.safeParse({ kind: 'tirage' }).error?.issues[0]?.message).toBe(
      'Choisissez la règle de quorum.',
    );
  });

  it('without quorum no decision may be recorded, and the demande cannot be decided', () => {
    const without = quorumStatus(MAJORITE, MEMBERS, present('pres', 'secr', 'm4'));
    const check = canRecordDecision('ouverte', without);
    expect(check).toEqual({
      ok: false,
      reason: 'quorum_non_atteint',
      message: 'Le quorum n’est pas atteint (3 sur 4 requis) : aucune décision ne peut être enregistrée.',
    });
    const guard = seanceGuard('ouverte', without);
    expect(demandeNextState('inscrite', 'decider', 'president', guard)).toBeNull();
    expect(demandeNextState('inscrite', 'ajourner', 'secretaire', guard)).toBeNull();
    expect(demandeNextState('decidee_urgence', 'ratifier', 'president', guard)).toBeNull();

    const withQuorum = quorumStatus(MAJORITE, MEMBERS, present('pres', 'secr', 'm4', 'm5'));
    expect(canRecordDecision('ouverte', withQuorum)).toEqual({ ok: true });
    expect(demandeNextState('inscrite', 'decider', 'president', seanceGuard('ouverte', withQuorum))).toBe('decidee');
    // a séance not open records nothing, quorum or not
    for (const state of ['planifiee', 'close', 'annulee'] as const) {
      expect(canRecordDecision(state, withQuorum)).toMatchObject({ ok: false, reason: 'seance_non_ouverte' });
      expect(demandeNextState('inscrite', 'decider', 'president', seanceGuard(state, withQuorum))).toBeNull();
    }
  });

  it('a commission without voting members never has its quorum', () => {
    expect(quorumStatus(MAJORITE, [{ userId: 'x', voting: false, capacities: [] }], present('x')).atteint).toBe(false);
  });
});

describe('attendance sheet', () => {
  it('accepts a valid sheet', () => {
    expect(
      validateAttendance(MEMBERS, [
        ...present('pres', 'secr'),
        { userId: 'm4', status: 'represente', proxyHolderUserId: 'pres' },
        { userId: 'm5', status: 'excuse' },
      ]),
    ).toEqual([]);
  });

  it('rejects strangers, duplicates, proxies to absent members, two proxies for one holder, a consultative proxy', () => {
    const messages = (a: AttendanceLike[]) => validateAttendance(MEMBERS, a).map((e) => `${e.path}: ${e.message}`);
    expect(messages(present('intrus'))).toEqual(['0.userId: Cette personne n’est pas membre de la commission.']);
    expect(messages(present('pres', 'pres'))).toEqual([
      '1.userId: Ce membre figure deux fois sur la feuille de présence.',
    ]);
    expect(
      messages([
        { userId: 'm4', status: 'excuse' },
        { userId: 'm5', status: 'represente', proxyHolderUserId: 'm4' },
      ]),
    ).toEqual(['1.proxyHolderUserId: Choisissez le membre présent qui détient le pouvoir.']);
    expect(
      messages([
        ...present('pres'),
        { userId: 'm4', status: 'represente', proxyHolderUserId: 'pres' },
        { userId: 'm5', status: 'represente', proxyHolderUserId: 'pres' },
      ]),
    ).toEqual(['2.proxyHolderUserId: Un membre présent ne peut détenir qu’un seul pouvoir.']);
    expect(
      messages([...present('pres'), { userId: 'consult', status: 'represente', proxyHolderUserId: 'pres' }]),
    ).toEqual(['1.status: Seul un membre votant peut donner un pouvoir.']);
    expect(messages([{ userId: 'm4', status: 'absent', proxyHolderUserId: 'pres' }])).toEqual([
      '0.proxyHolderUserId: Seul un membre représenté a un porteur de pouvoir.',
    ]);
  });
});

describe('votes', () => {
  const attendance: AttendanceLike[] = [
    ...present('pres', 'secr', 'm4', 'm5', 'consult'),
    { userId: 'm6', status: 'represente', proxyHolderUserId: 'm4' },
  ];

  it('counts votes cast (abstentions apart) and proxies', () => {
    const t = tallyVotes(
      [
        { voterUserId: 'pres', choice: 'pour' },
        { voterUserId: 'secr', choice: 'pour' },
        { voterUserId: 'm4', choice: 'contre' },
        { voterUserId: 'm4', choice: 'pour', onBehalfOfUserId: 'm6' },
        { voterUserId: 'm5', choice: 'abstention' },
      ],
      MEMBERS,
      attendance,
    );
    expect(t).toEqual({
      ok: true,
      pour: 3,
      contre: 1,
      abstention: 1,
      exprimes: 4,
      adoptee: true,
      voixPreponderante: false,
    });
  });

  it('on a tie the chair decides, unless the rule is off or the chair abstained', () => {
    const votes = (presChoice: 'pour' | 'contre' | 'abstention') => [
      { voterUserId: 'pres', choice: presChoice },
      { voterUserId: 'secr', choice: 'contre' as const },
      { voterUserId: 'm4', choice: presChoice === 'abstention' ? ('pour' as const) : ('pour' as const) },
      { voterUserId: 'm5', choice: presChoice === 'contre' ? ('pour' as const) : ('contre' as const) },
    ];
    // pres pour, m4 pour / secr contre, m5 contre → 2–2, chair pour → adopted
    expect(tallyVotes(votes('pour'), MEMBERS, attendance)).toMatchObject({
      pour: 2,
      contre: 2,
      adoptee: true,
      voixPreponderante: true,
    });
    // pres contre, secr contre / m4 pour, m5 pour → 2–2, chair contre → rejected
    expect(tallyVotes(votes('contre'), MEMBERS, attendance)).toMatchObject({ adoptee: false, voixPreponderante: true });
    expect(tallyVotes(votes('pour'), MEMBERS, attendance, { voixPreponderante: false })).toMatchObject({
      adoptee: false,
      voixPreponderante: false,
    });
    // chair abstains: m4 pour / secr, m5 contre → 1–2 rejected anyway; a 1–1 tie stays rejected
    expect(
      tallyVotes(
        [
          { voterUserId: 'pres', choice: 'abstention' },
          { voterUserId: 'm4', choice: 'pour' },
          { voterUserId: 'm5', choice: 'contre' },
        ],
        MEMBERS,
        attendance,
      ),
    ).toMatchObject({ adoptee: false, voixPreponderante: false });
  });

  it('the vice-président chairs, and breaks ties, when the président is away', () => {
    const withoutPresident = [...present('vp', 'secr', 'm4', 'm5')];
    expect(seanceChair(MEMBERS, withoutPresident)).toBe('vp');
    expect(seanceChair(MEMBERS, attendance)).toBe('pres');
    expect(seanceChair(MEMBERS, present('m4'))).toBeNull();
    expect(
      tallyVotes(
        [
          { voterUserId: 'vp', choice: 'pour' },
          { voterUserId: 'm4', choice: 'pour' },
          { voterUserId: 'secr', choice: 'contre' },
          { voterUserId: 'm5', choice: 'contre' },
        ],
        MEMBERS,
        withoutPresident,
      ),
    ).toMatchObject({ adoptee: true, voixPreponderante: true });
  });

  it('refuses double votes, absent or consultative voters, votes with a proxy not held', () => {
    const errors = (votes: Parameters<typeof tallyVotes>[0]) => {
      const t = tallyVotes(votes, MEMBERS, attendance);
      return t.ok ? [] : t.errors;
    };
    expect(
      errors([
        { voterUserId: 'pres', choice: 'pour' },
        { voterUserId: 'pres', choice: 'contre' },
      ]),
    ).toEqual(['Un membre ne vote qu’une fois.']);
    expect(errors([{ voterUserId: 'm7', choice: 'pour' }])).toEqual([
      'Seuls les membres votants présents prennent part au vote.',
    ]);
    expect(errors([{ voterUserId: 'consult', choice: 'pour' }])).toEqual([
      'Seuls les membres votants présents prennent part au vote.',
    ]);
    expect(errors([{ voterUserId: 'pres', choice: 'pour', onBehalfOfUserId: 'm6' }])).toEqual([
      'Ce membre ne détient pas le pouvoir de la personne pour laquelle il vote.',
    ]);
    expect(
      errors([
        { voterUserId: 'm4', choice: 'pour', onBehalfOfUserId: 'm6' },
        { voterUserId: 'm4', choice: 'pour', onBehalfOfUserId: 'm6' },
      ]),
    ).toEqual(['Un membre ne vote qu’une fois.']);
  });
});

describe('decision validation', () => {
  const secours = { aidKind: 'secours_financier' as const, amountAskedCents: 30000 };
  const fields = (...args: Parameters<typeof validateDecision>) => validateDecision(...args).map((i) => i.field);

  it('accord: the amount asked, a form; a payment to a third party names it', () => {
    expect(validateDecision({ outcome: 'accord', amountGrantedCents: 30000, form: 'personne' }, secours)).toEqual([]);
    expect(
      validateDecision({ outcome: 'accord', amountGrantedCents: 30000, form: 'tiers', creditorName: 'EDF' }, secours),
    ).toEqual([]);
    expect(validateDecision({ outcome: 'accord', amountGrantedCents: 30000, form: 'tiers' }, secours)).toEqual([
      { field: 'creditorName', message: 'Indiquez le tiers à qui l’aide est versée.' },
    ]);
    expect(validateDecision({ outcome: 'accord', amountGrantedCents: 20000, form: 'personne' }, secours)).toEqual([
      { field: 'amountGrantedCents', message: 'Un montant inférieur au montant demandé est un accord partiel.' },
    ]);
    expect(validateDecision({ outcome: 'accord', amountGrantedCents: 40000, form: 'personne' }, secours)).toEqual([
      { field: 'amountGrantedCents', message: 'Le montant accordé ne peut pas dépasser le montant demandé.' },
    ]);
    expect(fields({ outcome: 'accord', amountGrantedCents: null, form: null }, secours)).toEqual([
      'amountGrantedCents',
      'form',
    ]);
  });

  it('accord partiel: a motive and an amount strictly between 0 and the amount asked', () => {
    expect(
      validateDecision(
        { outcome: 'accord_partiel', amountGrantedCents: 15000, form: 'personne', motive: 'Barème' },
        secours,
      ),
    ).toEqual([]);
    expect(
      validateDecision(
        { outcome: 'accord_partiel', amountGrantedCents: 15000, form: 'personne', motive: '  ' },
        secours,
      ),
    ).toEqual([
      { field: 'motive', message: 'Indiquez le motif de l’accord partiel : il figurera dans la lettre de décision.' },
    ]);
    expect(
      fields({ outcome: 'accord_partiel', amountGrantedCents: 30000, form: 'personne', motive: 'x' }, secours),
    ).toEqual(['amountGrantedCents']);
    expect(
      fields({ outcome: 'accord_partiel', amountGrantedCents: 0, form: 'personne', motive: 'x' }, secours),
    ).toEqual(['amountGrantedCents']);
  });

  it('refus and ajournement: a motive, no amount, no form', () => {
    expect(validateDecision({ outcome: 'refus', motive: 'Ressources au-dessus du barème' }, secours)).toEqual([]);
    expect(validateDecision({ outcome: 'refus' }, secours)).toEqual([
      { field: 'motive', message: 'Indiquez le motif du refus : il figurera dans la lettre de décision.' },
    ]);
    expect(fields({ outcome: 'refus', motive: 'x', amountGrantedCents: 100, form: 'personne' }, secours)).toEqual([
      'amountGrantedCents',
      'form',
    ]);
    expect(fields({ outcome: 'ajournee' }, secours)).toEqual(['motive']);
    expect(validateDecision({ outcome: 'ajournee', motive: 'Avis d’imposition manquant' }, secours)).toEqual([]);
  });

  it('the form must suit the aid; an access in weeks has a duration; in-kind aids need no amount', () => {
    const epicerie = { aidKind: 'epicerie_sociale' as const, amountAskedCents: 0 };
    expect(
      validateDecision({ outcome: 'accord', form: 'nature', duration: { value: 8, unit: 'semaines' } }, epicerie),
    ).toEqual([]);
    expect(fields({ outcome: 'accord', form: 'nature' }, epicerie)).toEqual(['duration']);
    expect(fields({ outcome: 'accord', form: 'personne', duration: { value: 8, unit: 'semaines' } }, epicerie)).toEqual(
      ['form'],
    );
    expect(
      validateDecision(
        { outcome: 'accord', amountGrantedCents: 50000, form: 'personne' },
        { aidKind: 'impaye_loyer', amountAskedCents: 50000 },
      ),
    ).toEqual([{ field: 'form', message: 'Cette forme n’est pas possible pour : impayé de loyer.' }]);
    expect(fields({ outcome: 'accord', form: 'nature', duration: { value: 2.5, unit: 'semaines' } }, epicerie)).toEqual(
      ['duration'],
    );
  });

  it('a proposal the vote rejected cannot be recorded', () => {
    const rejected = tallyVotes(
      [
        { voterUserId: 'pres', choice: 'contre' },
        { voterUserId: 'm4', choice: 'contre' },
        { voterUserId: 'm5', choice: 'pour' },
      ],
      MEMBERS,
      present('pres', 'm4', 'm5'),
    );
    expect(validateDecision({ outcome: 'refus', motive: 'x' }, secours, rejected)).toEqual([
      { field: 'votes', message: 'Cette proposition n’a pas obtenu la majorité : elle ne peut pas être enregistrée.' },
    ]);
  });

  it('which decisions grant money', () => {
    expect(decisionGrantsMoney({ outcome: 'accord', amountGrantedCents: 1 })).toBe(true);
    expect(decisionGrantsMoney({ outcome: 'accord_partiel', amountGrantedCents: 100 })).toBe(true);
    expect(decisionGrantsMoney({ outcome: 'accord', amountGrantedCents: 0 })).toBe(false);
    expect(decisionGrantsMoney({ outcome: 'accord', amountGrantedCents: null })).toBe(false);
    expect(decisionGrantsMoney({ outcome: 'refus', amountGrantedCents: 100 })).toBe(false);
  });
});

describe('envelope', () => {
  it('a grant fits when it does not exceed what remains', () => {
    expect(envelopeAllows({ budgetCents: 100000, consumedCents: 70000 }, 30000)).toEqual({
      ok: true,
      remainingCents: 30000,
    });
    expect(envelopeAllows({ budgetCents: 100000, consumedCents: 70000 }, 30001)).toEqual({
      ok: false,
      remainingCents: 30000,
    });
  });

  it('a correction consumes or gives back the difference', () => {
    expect(
      envelopeDelta(
        { outcome: 'accord', amountGrantedCents: 30000 },
        { outcome: 'accord_partiel', amountGrantedCents: 20000 },
      ),
    ).toBe(-10000);
    expect(envelopeDelta({ outcome: 'refus' }, { outcome: 'accord', amountGrantedCents: 5000 })).toBe(5000);
    expect(envelopeDelta({ outcome: 'accord', amountGrantedCents: 5000 }, { outcome: 'refus' })).toBe(-5000);
  });
});

describe('two-signature rule', () => {
  const grant: SignableDecision = { outcome: 'accord', amountGrantedCents: 30000, form: 'personne', signatures: [] };
  const president = { userId: 'pres', capacities: MEMBERS[0]!.capacities };
  const secretary = { userId: 'secr', capacities: MEMBERS[2]!.capacities };
  const plainMember = { userId: 'm4', capacities: [] };
  const AT = '2026-03-10T18:00:00Z';

  it('two distinct authorised people sign; then the decision is signed', () => {
    expect(requiredSignatures(grant)).toBe(2);
    expect(isDecisionSigned(grant)).toBe(false);
    const first = signDecision(grant, president, AT);
    expect(first).toEqual({
      ok: true,
      complete: false,
      signatures: [{ userId: 'pres', capacity: 'president', signedAt: AT }],
    });
    if (!first.ok) throw new Error('unreachable');
    const once = { ...grant, signatures: first.signatures };
    expect(isDecisionSigned(once)).toBe(false);
    const second = signDecision(once, secretary, AT);
    expect(second).toMatchObject({ ok: true, complete: true });
    if (!second.ok) throw new Error('unreachable');
    const twice = { ...grant, signatures: second.signatures };
    expect(isDecisionSigned(twice)).toBe(true);
    expect(second.signatures.map((s) => s.capacity)).toEqual(['president', 'secretaire']);
  });

  it('one person cannot sign twice, even with another capacity', () => {
    const first = signDecision(grant, president, AT);
    if (!first.ok) throw new Error('unreachable');
    const again = signDecision({ ...grant, signatures: first.signatures }, president, AT, 'signataire');
    expect(again).toEqual({
      ok: false,
      error: 'deja_signe',
      message: 'Vous avez déjà signé cette décision : une deuxième personne habilitée doit la signer.',
    });
  });

  it('a member without signing capacity cannot sign; a capacity not held cannot be claimed', () => {
    expect(signDecision(grant, plainMember, AT)).toMatchObject({ ok: false, error: 'non_habilite' });
    expect(signDecision(grant, secretary, AT, 'president')).toMatchObject({ ok: false, error: 'non_habilite' });
    expect(signDecision(grant, { userId: 'urg', capacities: ['delegataire_urgence'] }, AT)).toMatchObject({
      ok: false,
      error: 'non_habilite',
    });
  });

  it('a third signature is refused', () => {
    const signed: SignableDecision = {
      ...grant,
      signatures: [
        { userId: 'pres', capacity: 'president', signedAt: AT },
        { userId: 'secr', capacity: 'secretaire', signedAt: AT },
      ],
    };
    expect(signDecision(signed, { userId: 'm7', capacities: ['signataire'] }, AT)).toMatchObject({
      ok: false,
      error: 'deja_signee',
    });
  });

  it('a decision granting nothing needs no signature and takes effect at once', () => {
    const refus: SignableDecision = { outcome: 'refus', motive: 'x', signatures: [] };
    expect(requiredSignatures(refus)).toBe(0);
    expect(isDecisionSigned(refus)).toBe(true);
    expect(signDecision(refus, president, AT)).toMatchObject({ ok: false, error: 'signature_inutile' });
    const colis: SignableDecision = { outcome: 'accord', form: 'nature', signatures: [] };
    expect(isDecisionSigned(colis)).toBe(true);
  });

  it('the demande is notified and paid only once signed', () => {
    const once: SignableDecision = { ...grant, signatures: [{ userId: 'pres', capacity: 'president', signedAt: AT }] };
    const ctx = (d: SignableDecision) => ({ signee: isDecisionSigned(d), versement: decisionGrantsMoney(d) });
    expect(demandeNextState('decidee', 'notifier', 'coordinateur', ctx(once))).toBeNull();
    const twice = {
      ...once,
      signatures: [...once.signatures, { userId: 'secr', capacity: 'secretaire' as const, signedAt: AT }],
    };
    expect(demandeNextState('decidee', 'notifier', 'coordinateur', ctx(twice))).toBe('notifiee');
    expect(demandeNextState('notifiee', 'verser', 'coordinateur', ctx(twice))).toBe('versee');
    const refus: SignableDecision = { outcome: 'refus', motive: 'x', signatures: [] };
    expect(demandeNextState('decidee', 'notifier', 'system', ctx(refus))).toBe('notifiee');
    expect(demandeNextState('notifiee', 'verser', 'coordinateur', ctx(refus))).toBeNull();
  });

  it('a signed decision cannot be edited; a correction is a new decision referencing it', () => {
    expect(canEditDecision(grant)).toBe(true);
    const signedOnce = {
      ...grant,
      id: 'd1',
      signatures: [{ userId: 'pres', capacity: 'president' as const, signedAt: AT }],
    };
    expect(canEditDecision(signedOnce)).toBe(false);
    expect(correctionOf({ ...grant, id: 'd0' }, { outcome: 'refus', motive: 'x' })).toEqual({
      ok: false,
      message: 'Cette décision n’est pas encore signée : modifiez-la directement.',
    });
    const correction = correctionOf(signedOnce, {
      outcome: 'accord_partiel' as const,
      amountGrantedCents: 20000,
      form: 'personne' as const,
      motive: 'Erreur de montant',
    });
    expect(correction).toEqual({
      ok: true,
      decision: {
        outcome: 'accord_partiel',
        amountGrantedCents: 20000,
        form: 'personne',
        motive: 'Erreur de montant',
        correctsDecisionId: 'd1',
        signatures: [],
      },
    });
    // the original is untouched
    expect(signedOnce.amountGrantedCents).toBe(30000);
    expect(signedOnce.signatures).toHaveLength(1);
    const corrected = { ...signedOnce, correctedByDecisionId: 'd2' };
    expect(canEditDecision({ ...corrected, signatures: [] })).toBe(false);
    expect(correctionOf(corrected, { outcome: 'refus', motive: 'x' })).toMatchObject({ ok: false });
  });

  it('the decision in force is the last one not corrected', () => {
    const decisions = [
      { id: 'd1', correctsDecisionId: null },
      { id: 'd2', correctsDecisionId: 'd1' },
      { id: 'd3', correctsDecisionId: 'd2' },
    ];
    expect(decisionInForce(decisions)?.id).toBe('d3');
    expect(decisionInForce(decisions.slice(0, 1))?.id).toBe('d1');
    expect(decisionInForce([])).toBeNull();
  });

  it('urgent decisions not yet ratified are listed for the next séance', () => {
    const list = [
      { id: 'a', urgence: true, ratifiedAt: null },
      { id: 'b', urgence: true, ratifiedAt: '2026-03-10' },
      { id: 'c', urgence: false, ratifiedAt: null },
    ];
    expect(urgentDecisionsToRatify(list).map((d) => d.id)).toEqual(['a']);
  });
});

/** The séance lifecycle, every state × action × relation, against a hand transcription. */
describe('séance state machine', () => {
  const ALLOWED: Record<string, string> = {
    'planifiee › ouvrir › coordinateur': 'ouverte',
    'planifiee › ouvrir › president': 'ouverte',
    'planifiee › ouvrir › secretaire': 'ouverte',
    'ouverte › clore › coordinateur': 'close',
    'ouverte › clore › president': 'close',
    'ouverte › clore › secretaire': 'close',
    'planifiee › annuler › coordinateur': 'annulee',
    'planifiee › annuler › president': 'annulee',
  };
  it('every state × action × relation', () => {
    for (const state of SEANCE_STATES)
      for (const action of SEANCE_ACTIONS)
        for (const relation of [...SEANCE_RELATIONS, null]) {
          const key = `${state} › ${action} › ${relation}`;
          expect(seanceNextState(state, action, relation), key).toBe(ALLOWED[key] ?? null);
        }
    const defined = Object.entries(SEANCE_TRANSITIONS).flatMap(([a, t]) =>
      t.from.flatMap((f) => t.by.map((b) => `${f} › ${a} › ${b}`)),
    );
    expect(defined.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('relations from role and capacities; offered actions', () => {
    expect(seanceRelations({ role: 'coordinator' }, ['secretaire'])).toEqual(['coordinateur', 'secretaire']);
    expect(seanceRelations({ role: 'commission_member' }, ['vice_president'])).toEqual(['president']);
    expect(seanceRelations({ role: 'commission_member' }, ['signataire'])).toEqual([]);
    expect(seanceRelations({ role: 'volunteer' }, ['president'])).toEqual([]);
    expect(seanceRelations({ role: 'admin' }, ['secretaire'])).toEqual([]);
    expect(seanceRelations({ role: 'archivist' }, ['president'])).toEqual([]);
    expect(seanceAllowedActions('planifiee', ['secretaire'])).toEqual(['ouvrir']);
    expect(seanceAllowedActions('close', SEANCE_RELATIONS)).toEqual([]);
  });

  it('closing waits for every demande still on the agenda', () => {
    expect(
      seanceClosingBlockers([
        { demandeId: 'a', state: 'decidee' },
        { demandeId: 'b', state: 'inscrite' },
        { demandeId: 'c', state: 'ajournee' },
      ]),
    ).toEqual(['b']);
  });
});

describe('presentation mode', () => {
  const demande: DemandeForPresentation = {
    numeroDossier: 'D-2026-0042',
    identity: {
      nom: 'Lefèvre',
      prenom: 'Jean-Pierre',
      nomNaissance: 'Martin-Ollivier',
      dateNaissance: '1984-03-07',
      adresse: '12 rue des Coquelicots, 44000 Nantes',
      telephone: '06 12 34 56 78',
      courriel: 'jp.lefevre@example.org',
      autresNoms: ['Inès Lefèvre'],
      autresDatesNaissance: ['2015-11-01'],
    },
    aidKind: 'impaye_energie',
    objet: 'Facture EDF impayée de M. Lefevre',
    montantDemandeCents: 42000,
    composition: { adultes: 1, enfants: 1 },
    resteAVivre: { parUniteMensuelCents: 21000, parUniteJourCents: 700 },
    quotientFamilialEuros: 380,
    suggestion: { suggestion: 'accord_total', montantSuggereCents: 42000 },
    syntheseSeance:
      'M. LEFÈVRE Jean-Pierre (né Martin-Ollivier le 07/03/1984, ou 7 mars 1984), vit au 12 rue des Coquelicots à Nantes ' +
      'avec sa fille Inès, née le 1er novembre 2015. Joignable au 06.12.34.56.78 ou 0612345678, jp.lefevre@example.org. ' +
      'Perte d’emploi en janvier, dette d’énergie de 420 €.',
  };

  const FORBIDDEN = [
    'Lefèvre',
    'Lefevre',
    'LEFÈVRE',
    'Jean',
    'Pierre',
    'Martin',
    'Ollivier',
    'Inès',
    '1984-03-07',
    '07/03/1984',
    '7 mars 1984',
    '2015-11-01',
    '1er novembre 2015',
    'Coquelicots',
    '44000',
    'Nantes',
    '06 12',
    '06.12',
    '0612345678',
    'example.org',
  ];

  it('shows initials, file number, amounts, reste à vivre, and no name, birth date, address, phone or e-mail', () => {
    const view = presentationView(demande);
    const text = JSON.stringify(view);
    for (const term of FORBIDDEN) expect(text.toLowerCase(), term).not.toContain(term.toLowerCase());
    expect(view).toMatchObject({
      initiales: 'J.-P. L.',
      numeroDossier: 'D-2026-0042',
      aidKind: 'impaye_energie',
      aidKindLabel: 'Impayé d’énergie',
      montantDemandeCents: 42000,
      composition: { adultes: 1, enfants: 1 },
      resteAVivre: { parUniteMensuelCents: 21000, parUniteJourCents: 700 },
      quotientFamilialEuros: 380,
      suggestion: { suggestion: 'accord_total', montantSuggereCents: 42000 },
      urgence: false,
    });
    // what is not identifying stays readable
    expect(view.synthese).toContain('Perte d’emploi en janvier, dette d’énergie de 420 €.');
    expect(view.objet).toBe('Facture EDF impayée de M. […]');
    // no identity key leaks through
    expect(Object.keys(view)).not.toContain('identity');
  });

  it('redacts whole words only, whatever the case or accents', () => {
    const identity = { nom: 'Roux', prenom: 'Ève' };
    expect(redactIdentity('Mme EVE ROUX a un roux-rouge; Éveline reste', identity)).toBe(
      'Mme […] […] a un […]-rouge; Éveline reste',
    );
  });

  it('hides a name with particles without hiding every « de » or « la » of the text', () => {
    const identity = { nom: 'de La Fontaine', prenom: 'Jean' };
    expect(redactIdentity('Jean de La Fontaine a besoin de la cantine ; M. Fontaine', identity)).toBe(
      '[…] […] a besoin de la cantine ; M. […]',
    );
  });

  it('initials', () => {
    expect(initials('Jean-Pierre', 'Dupont')).toBe('J.-P. D.');
    expect(initials('éloïse', 'de La Fontaine')).toBe('É. D.');
    expect(initials('Marie Claire', 'Ba')).toBe('M. B.');
  });

  it('identity terms include every usual form of the birth date', () => {
    const terms = identityTerms({ nom: 'A', prenom: 'B', dateNaissance: '2001-01-01' });
    expect(terms).toEqual(
      expect.arrayContaining(['2001-01-01', '01/01/2001', '1/1/2001', '1 janvier 2001', '1er janvier 2001']),
    );
  });
});
