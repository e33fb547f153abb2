import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  nextState,
  overallState,
  REFERRAL_ACTIONS,
  REFERRAL_RELATIONS,
  REFERRAL_STATES,
  referralRelations,
  TRANSITIONS,
  type ReferralRelation,
} from './state-machine.ts';
import { ROLES, type Role } from '../auth/roles.ts';

/**
 * The specification, transcribed by hand from the issue: every allowed
 * "state › action › relation → new state". Everything else must be refused.
 */
const ALLOWED: Record<string, string> = {
  'brouillon › send › sender': 'envoyee',
  'envoyee › view › recipient': 'vue',
  'envoyee › accept › recipient': 'acceptee',
  'vue › accept › recipient': 'acceptee',
  'envoyee › refuse › recipient': 'refusee',
  'vue › refuse › recipient': 'refusee',
  'envoyee › expire › system': 'expiree',
  'vue › expire › system': 'expiree',
  'brouillon › cancel › sender': 'annulee',
  'envoyee › cancel › sender': 'annulee',
  'vue › cancel › sender': 'annulee',
  'acceptee › cancel › sender': 'annulee',
  'acceptee › start › recipient': 'en_cours',
  'acceptee › complete › recipient': 'terminee',
  'en_cours › complete › recipient': 'terminee',
  'acceptee › fail › recipient': 'echec',
  'en_cours › fail › recipient': 'echec',
  'envoyee › reorient › coordinator': 'terminee',
  'vue › reorient › coordinator': 'terminee',
  'refusee › reorient › coordinator': 'terminee',
  'expiree › reorient › coordinator': 'terminee',
};

const RELATIONS: (ReferralRelation | null)[] = [...REFERRAL_RELATIONS, null];

describe('referral state machine: every state × action × relation', () => {
  for (const state of REFERRAL_STATES) {
    for (const action of REFERRAL_ACTIONS) {
      it(`${state} › ${action}`, () => {
        for (const relation of RELATIONS) {
          const key = `${state} › ${action} › ${relation}`;
          expect(nextState(state, action, relation), key).toBe(ALLOWED[key] ?? null);
        }
      });
    }
  }

  it('the transcription covers exactly the transitions the machine defines', () => {
    const defined = Object.entries(TRANSITIONS).flatMap(([action, t]) =>
      t.from.flatMap((from) => t.by.map((by) => `${from} › ${action} › ${by}`)),
    );
    expect(defined.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('no relation (another partner, a volunteer, another territory) allows nothing', () => {
    for (const state of REFERRAL_STATES) expect(allowedActions(state, [])).toEqual([]);
  });

  it('offers each actor only its actions', () => {
    expect(allowedActions('vue', ['recipient'])).toEqual(['accept', 'refuse']);
    expect(allowedActions('vue', ['sender'])).toEqual(['cancel']);
    expect(allowedActions('refusee', ['coordinator'])).toEqual(['reorient']);
    expect(allowedActions('acceptee', ['sender', 'recipient'])).toEqual(['cancel', 'start', 'complete', 'fail']);
    expect(allowedActions('terminee', ['sender', 'recipient', 'coordinator', 'system'])).toEqual([]);
  });

  it('refusal needs a coded reason and a message; closing needs an outcome', () => {
    expect(TRANSITIONS.refuse.requires).toEqual(['reason', 'message']);
    expect(TRANSITIONS.complete.requires).toEqual(['outcome']);
  });
});

describe('overall state of a referral sent to several partners', () => {
  it('follows its tasks', () => {
    expect(overallState(['envoyee', 'envoyee'])).toBe('envoyee');
    expect(overallState(['vue', 'envoyee'])).toBe('vue');
    expect(overallState(['refusee', 'acceptee'])).toBe('acceptee');
    expect(overallState(['en_cours', 'acceptee', 'refusee'])).toBe('en_cours');
    expect(overallState(['terminee', 'envoyee'])).toBe('envoyee'); // one partner has not answered yet
    expect(overallState(['terminee', 'refusee'])).toBe('terminee');
    expect(overallState(['refusee', 'expiree'])).toBe('refusee');
    expect(overallState(['annulee', 'annulee'])).toBe('annulee');
    expect(overallState(['echec', 'refusee'])).toBe('echec');
    expect(overallState(['brouillon'])).toBe('brouillon');
    expect(overallState([])).toBe('brouillon');
  });
});

/**
 * The same rules as seen by a real user: every state × action × role × the position of the
 * user's organisation (sending, receiving, both, neither). Expected results written from the
 * issue: partners act through their organisation's part; coordinators also route (réorienter)
 * any referral; volunteers, commission members and archivists never act (nor see), whatever their
 * organisation; the system only expires.
 */
describe('referral actions: every state × action × role × organisation position', () => {
  const SENDER = 'org-sender';
  const RECIPIENT = 'org-recipient';
  const positions = {
    sending: SENDER,
    receiving: RECIPIENT,
    other: 'org-other',
  } as const;
  const task = { senderOrganisationId: SENDER, recipientOrganisationId: RECIPIENT };
  const professional = (role: Role) => role !== 'volunteer' && role !== 'commission_member' && role !== 'archivist';

  function expectedState(state: string, action: string, role: Role, position: keyof typeof positions): string | null {
    if (!professional(role)) return null;
    const as = (relation: string) => ALLOWED[`${state} › ${action} › ${relation}`] ?? null;
    if (position === 'sending' && as('sender')) return as('sender');
    if (position === 'receiving' && as('recipient')) return as('recipient');
    if (role === 'coordinator' && as('coordinator')) return as('coordinator');
    return null;
  }

  for (const role of ROLES) {
    for (const [position, organisationId] of Object.entries(positions) as [keyof typeof positions, string][]) {
      it(`${role} of the ${position} organisation`, () => {
        const relations = referralRelations({ role, organisationId }, task);
        for (const state of REFERRAL_STATES) {
          for (const action of REFERRAL_ACTIONS) {
            const results = relations.map((r) => nextState(state, action, r)).filter((x) => x !== null);
            const got = results[0] ?? null;
            expect(got, `${state} › ${action}`).toBe(expectedState(state, action, role, position));
            expect(allowedActions(state, relations).includes(action), `${state} › ${action} offered`).toBe(
              got !== null,
            );
          }
        }
      });
    }
  }

  it('a user of both the sending and the receiving organisation holds both parts', () => {
    const both = { senderOrganisationId: 'org-a', recipientOrganisationId: 'org-a' };
    expect(referralRelations({ role: 'partner_worker', organisationId: 'org-a' }, both)).toEqual([
      'sender',
      'recipient',
    ]);
    expect(referralRelations({ role: 'volunteer', organisationId: 'org-a' }, both)).toEqual([]);
  });

  it('the system relation is never given to a user', () => {
    for (const role of ROLES)
      for (const organisationId of Object.values(positions))
        expect(referralRelations({ role, organisationId }, task)).not.toContain('system');
  });
});
