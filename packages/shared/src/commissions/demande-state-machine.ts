import type { Role } from '../auth/roles.ts';

/**
 * The lifecycle of a demande d'aide (an application for an aide facultative examined by a
 * commission). The API enforces these rules; the web offers only the actions they allow.
 *
 *   en_instruction → complete → inscrite (à l'ordre du jour) → decidee → notifiee → versee → cloturee
 *                                        ↘ ajournee → inscrite (a later agenda)
 *   an urgent secours: → decidee_urgence (outside a séance, by an authorised person)
 *                        → ratifiee at the next séance (→ decidee), or notified and paid at once
 *
 * Guards are facts the state alone does not hold, given by the caller (DemandeContext):
 * `seance_en_cours` (the demande's séance is open and has its quorum, see seance.ts),
 * `signee` (the decision needs no signature, or has its two), `versement` (the decision grants
 * money). A refusal or an in-kind aid is notified then closed; money is paid only after the two
 * signatures. Ratifying an urgent decision already notified is recorded on the decision itself
 * (seance.ts `urgentDecisionsToRatify`), the demande's state goes on.
 */

export const DEMANDE_STATES = [
  'en_instruction',
  'complete',
  'inscrite',
  'ajournee',
  'decidee',
  'decidee_urgence',
  'notifiee',
  'versee',
  'cloturee',
] as const;
export type DemandeState = (typeof DEMANDE_STATES)[number];

export const DEMANDE_STATE_LABELS: Record<DemandeState, string> = {
  en_instruction: 'En instruction',
  complete: 'Complète',
  inscrite: 'Inscrite à l’ordre du jour',
  ajournee: 'Ajournée',
  decidee: 'Décidée',
  decidee_urgence: 'Décidée en urgence (à ratifier)',
  notifiee: 'Notifiée',
  versee: 'Versée',
  cloturee: 'Clôturée',
};

export const DEMANDE_ACTIONS = [
  'completer',
  'rouvrir_instruction',
  'inscrire',
  'retirer',
  'decider',
  'ajourner',
  'decider_urgence',
  'ratifier',
  'notifier',
  'verser',
  'cloturer',
  'classer_sans_suite',
] as const;
export type DemandeAction = (typeof DEMANDE_ACTIONS)[number];

export const DEMANDE_ACTION_LABELS: Record<DemandeAction, string> = {
  completer: 'Déclarer la demande complète',
  rouvrir_instruction: 'Reprendre l’instruction',
  inscrire: 'Inscrire à l’ordre du jour',
  retirer: 'Retirer de l’ordre du jour',
  decider: 'Enregistrer la décision',
  ajourner: 'Ajourner',
  decider_urgence: 'Décider en urgence',
  ratifier: 'Ratifier la décision d’urgence',
  notifier: 'Notifier la décision',
  verser: 'Enregistrer le versement',
  cloturer: 'Clôturer',
  classer_sans_suite: 'Classer sans suite',
};

/**
 * Capacities a member holds in a commission (configured per commission type). The président
 * (or vice-président in their absence) chairs; the secrétaire records; signers sign decisions
 * granting money; a délégataire may decide an urgent secours outside a séance.
 */
export const COMMISSION_CAPACITIES = [
  'president',
  'vice_president',
  'secretaire',
  'signataire',
  'delegataire_urgence',
] as const;
export type CommissionCapacity = (typeof COMMISSION_CAPACITIES)[number];
export const COMMISSION_CAPACITY_LABELS: Record<CommissionCapacity, string> = {
  president: 'Président ou présidente',
  vice_president: 'Vice-président ou vice-présidente',
  secretaire: 'Secrétaire de séance',
  signataire: 'Signataire des décisions',
  delegataire_urgence: 'Peut décider un secours d’urgence',
};

/**
 * How an actor stands towards a demande: a worker of the instructing organisation, a CCAS
 * coordinator, the commission's chair or secretary, a person authorised to decide urgent
 * secours, the system (jobs: the notification letter sent). Commission members without these
 * capacities vote (seance.ts) but move no demande.
 */
export type DemandeRelation =
  'instructeur' | 'coordinateur' | 'president' | 'secretaire' | 'delegataire_urgence' | 'system';
export const DEMANDE_RELATIONS: readonly DemandeRelation[] = [
  'instructeur',
  'coordinateur',
  'president',
  'secretaire',
  'delegataire_urgence',
  'system',
];

export type DemandeGuard = 'seance_en_cours' | 'signee' | 'versement';
export const DEMANDE_GUARDS: readonly DemandeGuard[] = ['seance_en_cours', 'signee', 'versement'];
export const DEMANDE_GUARD_LABELS: Record<DemandeGuard, string> = {
  seance_en_cours: 'La séance doit être ouverte et le quorum atteint.',
  signee: 'La décision doit d’abord être signée par deux signataires.',
  versement: 'Seule une décision qui accorde une somme donne lieu à un versement.',
};
export type DemandeContext = Partial<Record<DemandeGuard, boolean>>;

export interface DemandeTransition {
  from: readonly DemandeState[];
  to: DemandeState;
  by: readonly DemandeRelation[];
  when?: readonly DemandeGuard[];
  /** What the actor must give: the decision (outcome, amount, form…), a motive. */
  requires?: readonly ('decision' | 'motif')[];
}

export const DEMANDE_TRANSITIONS: Record<DemandeAction, DemandeTransition> = {
  completer: { from: ['en_instruction'], to: 'complete', by: ['instructeur', 'coordinateur'] },
  rouvrir_instruction: {
    from: ['complete'],
    to: 'en_instruction',
    by: ['instructeur', 'coordinateur'],
    requires: ['motif'],
  },
  inscrire: { from: ['complete', 'ajournee'], to: 'inscrite', by: ['coordinateur', 'secretaire'] },
  retirer: { from: ['inscrite'], to: 'complete', by: ['coordinateur', 'secretaire'], requires: ['motif'] },
  decider: {
    from: ['inscrite'],
    to: 'decidee',
    by: ['president', 'secretaire'],
    when: ['seance_en_cours'],
    requires: ['decision'],
  },
  ajourner: {
    from: ['inscrite'],
    to: 'ajournee',
    by: ['president', 'secretaire'],
    when: ['seance_en_cours'],
    requires: ['motif'],
  },
  decider_urgence: {
    from: ['en_instruction', 'complete', 'inscrite', 'ajournee'],
    to: 'decidee_urgence',
    by: ['delegataire_urgence'],
    requires: ['decision', 'motif'],
  },
  ratifier: { from: ['decidee_urgence'], to: 'decidee', by: ['president', 'secretaire'], when: ['seance_en_cours'] },
  notifier: { from: ['decidee', 'decidee_urgence'], to: 'notifiee', by: ['coordinateur', 'system'], when: ['signee'] },
  verser: { from: ['notifiee'], to: 'versee', by: ['coordinateur'], when: ['signee', 'versement'] },
  cloturer: { from: ['notifiee', 'versee'], to: 'cloturee', by: ['coordinateur', 'system'] },
  classer_sans_suite: {
    from: ['en_instruction', 'complete', 'ajournee'],
    to: 'cloturee',
    by: ['instructeur', 'coordinateur'],
    requires: ['motif'],
  },
};

export const DEMANDE_FINAL_STATES: readonly DemandeState[] = ['cloturee'];
/** States where the demande is still being assembled, and may be edited by its instructor. */
export const DEMANDE_EDITABLE_STATES: readonly DemandeState[] = ['en_instruction', 'complete'];
/** States where a decision exists. */
export const DEMANDE_DECIDED_STATES: readonly DemandeState[] = ['decidee', 'decidee_urgence', 'notifiee', 'versee'];

/** The state an action leads to, or null when the actor may not take it now. */
export function demandeNextState(
  state: DemandeState,
  action: DemandeAction,
  relation: DemandeRelation | null,
  context: DemandeContext = {},
): DemandeState | null {
  const t = DEMANDE_TRANSITIONS[action];
  if (!relation || !t.from.includes(state) || !t.by.includes(relation)) return null;
  if ((t.when ?? []).some((guard) => context[guard] !== true)) return null;
  return t.to;
}

/** The actions an actor may take now (what the demande page offers). */
export function demandeAllowedActions(
  state: DemandeState,
  relations: readonly DemandeRelation[],
  context: DemandeContext = {},
): DemandeAction[] {
  return DEMANDE_ACTIONS.filter((a) => relations.some((r) => demandeNextState(state, a, r, context) !== null));
}

/**
 * Why an action the actor could take in this state is not possible yet (the guards missing), for
 * a disabled button's explanation; empty when it is possible or not the actor's to take.
 */
export function demandeBlockingGuards(
  state: DemandeState,
  action: DemandeAction,
  relations: readonly DemandeRelation[],
  context: DemandeContext = {},
): DemandeGuard[] {
  const t = DEMANDE_TRANSITIONS[action];
  if (!t.from.includes(state) || !relations.some((r) => t.by.includes(r))) return [];
  return (t.when ?? []).filter((guard) => context[guard] !== true);
}

/**
 * The only roles that may act on a demande (need to know): volunteers, administrators and any
 * other role never do, whatever capacities they were given.
 */
export const DEMANDE_ACTOR_ROLES: readonly Role[] = [
  'coordinator',
  'partner_manager',
  'partner_worker',
  'commission_member',
];

/**
 * The relations of an actor to one demande: a professional of the instructing organisation is
 * its instructeur; a coordinator is coordinateur of every demande of the territory; the
 * capacities the actor holds in the demande's commission type give the rest (président and
 * vice-président chair, and may decide an urgent secours; secrétaire; délégataire d'urgence).
 * Volunteers, administrators and other roles have none.
 */
export function demandeRelations(
  actor: { role: Role; organisationId: string },
  demande: { instructingOrganisationId: string },
  capacities: readonly CommissionCapacity[] = [],
): DemandeRelation[] {
  if (!DEMANDE_ACTOR_ROLES.includes(actor.role)) return [];
  const relations: DemandeRelation[] = [];
  const professional =
    actor.role === 'coordinator' || actor.role === 'partner_manager' || actor.role === 'partner_worker';
  if (professional && actor.organisationId === demande.instructingOrganisationId) relations.push('instructeur');
  if (actor.role === 'coordinator') relations.push('coordinateur');
  const chairs = capacities.includes('president') || capacities.includes('vice_president');
  if (chairs) relations.push('president');
  if (capacities.includes('secretaire')) relations.push('secretaire');
  if (chairs || capacities.includes('delegataire_urgence')) relations.push('delegataire_urgence');
  return relations;
}
