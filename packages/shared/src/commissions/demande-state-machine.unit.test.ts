import { describe, expect, it } from 'vitest';
import {
  COMMISSION_CAPACITIES,
  DEMANDE_ACTIONS,
  DEMANDE_ACTION_LABELS,
  DEMANDE_GUARDS,
  DEMANDE_RELATIONS,
  DEMANDE_STATES,
  DEMANDE_STATE_LABELS,
  DEMANDE_TRANSITIONS,
  demandeAllowedActions,
  demandeBlockingGuards,
  demandeNextState,
  demandeRelations,
  type CommissionCapacity,
  type DemandeContext,
  type DemandeGuard,
  type DemandeRelation,
} from './demande-state-machine.ts';
import { ROLES, type Role } from '../auth/roles.ts';

/**
 * The specification, transcribed by hand from the issue: every allowed
 * "state › action › relation" → [new state, guards that must hold]. Everything else is refused.
 */
const S = 'seance_en_cours';
const ALLOWED: Record<string, [string, DemandeGuard[]]> = {
  'en_instruction › completer › instructeur': ['complete', []],
  'en_instruction › completer › coordinateur': ['complete', []],
  'complete › rouvrir_instruction › instructeur': ['en_instruction', []],
  'complete › rouvrir_instruction › coordinateur': ['en_instruction', []],
  'complete › inscrire › coordinateur': ['inscrite', []],
  'complete › inscrire › secretaire': ['inscrite', []],
  'ajournee › inscrire › coordinateur': ['inscrite', []],
  'ajournee › inscrire › secretaire': ['inscrite', []],
  'inscrite › retirer › coordinateur': ['complete', []],
  'inscrite › retirer › secretaire': ['complete', []],
  'inscrite › decider › president': ['decidee', [S]],
  'inscrite › decider › secretaire': ['decidee', [S]],
  'inscrite › ajourner › president': ['ajournee', [S]],
  'inscrite › ajourner › secretaire': ['ajournee', [S]],
  'en_instruction › decider_urgence › delegataire_urgence': ['decidee_urgence', []],
  'complete › decider_urgence › delegataire_urgence': ['decidee_urgence', []],
  'inscrite › decider_urgence › delegataire_urgence': ['decidee_urgence', []],
  'ajournee › decider_urgence › delegataire_urgence': ['decidee_urgence', []],
  'decidee_urgence › ratifier › president': ['decidee', [S]],
  'decidee_urgence › ratifier › secretaire': ['decidee', [S]],
  'decidee › notifier › coordinateur': ['notifiee', ['signee']],
  'decidee › notifier › system': ['notifiee', ['signee']],
  'decidee_urgence › notifier › coordinateur': ['notifiee', ['signee']],
  'decidee_urgence › notifier › system': ['notifiee', ['signee']],
  'notifiee › verser › coordinateur': ['versee', ['signee', 'versement']],
  'notifiee › cloturer › coordinateur': ['cloturee', []],
  'notifiee › cloturer › system': ['cloturee', []],
  'versee › cloturer › coordinateur': ['cloturee', []],
  'versee › cloturer › system': ['cloturee', []],
  'en_instruction › classer_sans_suite › instructeur': ['cloturee', []],
  'en_instruction › classer_sans_suite › coordinateur': ['cloturee', []],
  'complete › classer_sans_suite › instructeur': ['cloturee', []],
  'complete › classer_sans_suite › coordinateur': ['cloturee', []],
  'ajournee › classer_sans_suite › instructeur': ['cloturee', []],
  'ajournee › classer_sans_suite › coordinateur': ['cloturee', []],
};

const RELATIONS: (DemandeRelation | null)[] = [...DEMANDE_RELATIONS, null];
/** Every combination of the three guards (8 contexts). */
const CONTEXTS: DemandeContext[] = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) =>
  Object.fromEntries(DEMANDE_GUARDS.map((g, i) => [g, (bits & (1 << i)) !== 0])),
);
const describeContext = (ctx: DemandeContext) =>
  DEMANDE_GUARDS.filter((g) => ctx[g])
    .join('+')
    .padEnd(1, '∅');

function expected(state: string, action: string, relation: string | null, ctx: DemandeContext): string | null {
  const entry = ALLOWED[`${state} › ${action} › ${relation}`];
  if (!entry) return null;
  const [to, guards] = entry;
  return guards.every((g) => ctx[g]) ? to : null;
}

describe('demande state machine: every state × action × relation × guards', () => {
  for (const state of DEMANDE_STATES) {
    for (const action of DEMANDE_ACTIONS) {
      it(`${state} › ${action}`, () => {
        for (const relation of RELATIONS) {
          for (const ctx of CONTEXTS) {
            const key = `${state} › ${action} › ${relation} [${describeContext(ctx)}]`;
            expect(demandeNextState(state, action, relation, ctx), key).toBe(expected(state, action, relation, ctx));
          }
        }
      });
    }
  }

  it('the transcription covers exactly the transitions the machine defines', () => {
    const defined = Object.entries(DEMANDE_TRANSITIONS).flatMap(([action, t]) =>
      t.from.flatMap((from) => t.by.map((by) => [`${from} › ${action} › ${by}`, [t.to, [...(t.when ?? [])]]] as const)),
    );
    expect(Object.fromEntries(defined)).toEqual(ALLOWED);
    expect(defined).toHaveLength(Object.keys(ALLOWED).length);
  });

  it('without a context, the guarded actions are refused', () => {
    expect(demandeNextState('inscrite', 'decider', 'president')).toBeNull();
    expect(demandeNextState('decidee', 'notifier', 'coordinateur')).toBeNull();
    expect(demandeNextState('notifiee', 'verser', 'coordinateur', { signee: true })).toBeNull();
    expect(demandeNextState('notifiee', 'verser', 'coordinateur', { signee: true, versement: true })).toBe('versee');
  });

  it('nothing leaves cloturee; no relation allows nothing', () => {
    for (const ctx of CONTEXTS) expect(demandeAllowedActions('cloturee', DEMANDE_RELATIONS, ctx)).toEqual([]);
    for (const state of DEMANDE_STATES)
      for (const ctx of CONTEXTS) expect(demandeAllowedActions(state, [], ctx)).toEqual([]);
  });

  it('offers each actor only its actions', () => {
    expect(demandeAllowedActions('en_instruction', ['instructeur'])).toEqual(['completer', 'classer_sans_suite']);
    expect(demandeAllowedActions('complete', ['coordinateur'])).toEqual([
      'rouvrir_instruction',
      'inscrire',
      'classer_sans_suite',
    ]);
    expect(demandeAllowedActions('inscrite', ['president'], { seance_en_cours: true })).toEqual([
      'decider',
      'ajourner',
    ]);
    expect(demandeAllowedActions('inscrite', ['president'])).toEqual([]);
    expect(demandeAllowedActions('inscrite', ['president', 'delegataire_urgence'])).toEqual(['decider_urgence']);
    expect(demandeAllowedActions('decidee_urgence', ['secretaire'], { seance_en_cours: true })).toEqual(['ratifier']);
    expect(demandeAllowedActions('notifiee', ['coordinateur'], { signee: true })).toEqual(['cloturer']);
    expect(demandeAllowedActions('notifiee', ['coordinateur'], { signee: true, versement: true })).toEqual([
      'verser',
      'cloturer',
    ]);
  });

  it('explains what blocks an action the actor could take', () => {
    expect(demandeBlockingGuards('decidee', 'notifier', ['coordinateur'])).toEqual(['signee']);
    expect(demandeBlockingGuards('decidee', 'notifier', ['coordinateur'], { signee: true })).toEqual([]);
    expect(demandeBlockingGuards('decidee', 'notifier', ['instructeur'])).toEqual([]);
    expect(demandeBlockingGuards('notifiee', 'verser', ['coordinateur'])).toEqual(['signee', 'versement']);
    expect(demandeBlockingGuards('complete', 'decider', ['president'])).toEqual([]);
  });

  it('what must be given: a decision, a motive', () => {
    expect(DEMANDE_TRANSITIONS.decider.requires).toEqual(['decision']);
    expect(DEMANDE_TRANSITIONS.ajourner.requires).toEqual(['motif']);
    expect(DEMANDE_TRANSITIONS.decider_urgence.requires).toEqual(['decision', 'motif']);
    expect(DEMANDE_TRANSITIONS.classer_sans_suite.requires).toEqual(['motif']);
  });

  it('every state and action has a French label', () => {
    for (const s of DEMANDE_STATES) expect(DEMANDE_STATE_LABELS[s]).toMatch(/^[A-ZÉ]/);
    for (const a of DEMANDE_ACTIONS) expect(DEMANDE_ACTION_LABELS[a]).toMatch(/^[A-ZÉ]/);
  });
});

/**
 * The same rules as seen by a real user: every role × organisation position × set of
 * capacities in the commission. Expected relations written from the issue: professionals of the
 * instructing organisation instruct; coordinators coordinate every demande; the chair (président
 * or vice-président) and the secretary act in séance; the chair and délégataires decide urgent
 * secours; volunteers, administrators (and any other role, e.g. an archivist) never act.
 */
describe('demande relations: every role × organisation position × capacities', () => {
  const INSTRUCTING = 'org-instructing';
  const demande = { instructingOrganisationId: INSTRUCTING };
  const CAPACITY_SETS: CommissionCapacity[][] = [
    [],
    ...COMMISSION_CAPACITIES.map((c) => [c]),
    ['president', 'signataire'],
    ['secretaire', 'signataire'],
  ];

  function expectedRelations(role: Role, instructing: boolean, caps: CommissionCapacity[]): DemandeRelation[] {
    if (!['coordinator', 'partner_manager', 'partner_worker', 'commission_member'].includes(role)) return [];
    const out: DemandeRelation[] = [];
    if (instructing && ['coordinator', 'partner_manager', 'partner_worker'].includes(role)) out.push('instructeur');
    if (role === 'coordinator') out.push('coordinateur');
    const chair = caps.includes('president') || caps.includes('vice_president');
    if (chair) out.push('president');
    if (caps.includes('secretaire')) out.push('secretaire');
    if (chair || caps.includes('delegataire_urgence')) out.push('delegataire_urgence');
    return out;
  }

  for (const role of ROLES) {
    for (const instructing of [true, false]) {
      it(`${role} of ${instructing ? 'the instructing' : 'another'} organisation`, () => {
        for (const caps of CAPACITY_SETS) {
          const organisationId = instructing ? INSTRUCTING : 'org-other';
          const got = demandeRelations({ role, organisationId }, demande, caps);
          expect(got, caps.join('+')).toEqual(expectedRelations(role, instructing, caps));
          expect(got).not.toContain('system');
        }
      });
    }
  }

  it('a commission member without capacity moves no demande; a signataire alone neither', () => {
    for (const caps of [[], ['signataire']] as CommissionCapacity[][]) {
      const relations = demandeRelations({ role: 'commission_member', organisationId: 'org-x' }, demande, caps);
      for (const state of DEMANDE_STATES)
        expect(
          demandeAllowedActions(state, relations, { seance_en_cours: true, signee: true, versement: true }),
        ).toEqual([]);
    }
  });
});
