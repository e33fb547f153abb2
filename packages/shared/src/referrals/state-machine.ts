import type { Role } from '../auth/roles.ts';

/**
 * The lifecycle of one referral to one recipient (an orientation), aligned on FHIR `Task`
 * (draft → requested → received → accepted | rejected | cancelled → in-progress → completed |
 * failed). A referral sent to several partners has one such task per recipient; its overall
 * state is derived from theirs (overallState). The API enforces these rules; the web shows only
 * the actions they allow.
 */

export const REFERRAL_STATES = [
  'brouillon',
  'envoyee',
  'vue',
  'acceptee',
  'refusee',
  'expiree',
  'annulee',
  'en_cours',
  'terminee',
  'echec',
] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export const REFERRAL_STATE_LABELS: Record<ReferralState, string> = {
  brouillon: 'Brouillon',
  envoyee: 'Envoyée',
  vue: 'Vue',
  acceptee: 'Acceptée',
  refusee: 'Refusée',
  expiree: 'Expirée',
  annulee: 'Annulée',
  en_cours: 'En cours',
  terminee: 'Terminée',
  echec: 'Échec',
};

/** The FHIR Task status each state corresponds to (for exports and interoperability). */
export const FHIR_TASK_STATUS: Record<ReferralState, string> = {
  brouillon: 'draft',
  envoyee: 'requested',
  vue: 'received',
  acceptee: 'accepted',
  refusee: 'rejected',
  expiree: 'cancelled',
  annulee: 'cancelled',
  en_cours: 'in-progress',
  terminee: 'completed',
  echec: 'failed',
};

export const REFERRAL_ACTIONS = [
  'send',
  'view',
  'accept',
  'refuse',
  'expire',
  'cancel',
  'start',
  'complete',
  'fail',
  'reorient',
] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

export const REFERRAL_ACTION_LABELS: Record<ReferralAction, string> = {
  send: 'Envoyer',
  view: 'Marquer comme vue',
  accept: 'Accepter',
  refuse: 'Refuser',
  expire: 'Expirer',
  cancel: 'Annuler l’orientation',
  start: 'Commencer l’accompagnement',
  complete: 'Clôturer avec un résultat',
  fail: 'Clôturer en échec',
  reorient: 'Réorienter vers un autre partenaire',
};

/**
 * How the actor stands towards the referral: a member of the sending organisation, of the
 * receiving one, a CCAS coordinator (or admin) of the territory, or the system (jobs). Anyone
 * else (another partner, a volunteer, a commission member) has no relation and no action.
 */
export type ReferralRelation = 'sender' | 'recipient' | 'coordinator' | 'system';
export const REFERRAL_RELATIONS: readonly ReferralRelation[] = ['sender', 'recipient', 'coordinator', 'system'];

export const REFUSAL_REASONS = [
  'non_eligible',
  'hors_zone',
  'pas_de_place',
  'ne_releve_pas_du_service',
  'personne_injoignable',
  'doublon',
  'autre',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export const REFUSAL_REASON_LABELS: Record<RefusalReason, string> = {
  non_eligible: 'Non éligible',
  hors_zone: 'Hors zone',
  pas_de_place: 'Pas de place',
  ne_releve_pas_du_service: 'Ne relève pas de notre service',
  personne_injoignable: 'Personne injoignable',
  doublon: 'Doublon',
  autre: 'Autre',
};

export const OUTCOMES = ['aide_apportee', 'personne_injoignable', 'ne_souhaite_plus', 'reorientee'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  aide_apportee: 'Aide apportée',
  personne_injoignable: 'Personne injoignable',
  ne_souhaite_plus: 'Ne souhaite plus être accompagnée',
  reorientee: 'Réorientée',
};

export interface Transition {
  from: readonly ReferralState[];
  to: ReferralState;
  by: readonly ReferralRelation[];
  /** What the actor must give: a coded reason, an outcome, a free message. */
  requires?: readonly ('reason' | 'outcome' | 'message' | 'target')[];
}

/**
 * The whole lifecycle. `reorient` closes this task (outcome « réorientée ») and the API opens
 * a new one for the new recipient, linked to this one (the chain is kept).
 */
export const TRANSITIONS: Record<ReferralAction, Transition> = {
  send: { from: ['brouillon'], to: 'envoyee', by: ['sender'] },
  view: { from: ['envoyee'], to: 'vue', by: ['recipient'] },
  accept: { from: ['envoyee', 'vue'], to: 'acceptee', by: ['recipient'] },
  refuse: { from: ['envoyee', 'vue'], to: 'refusee', by: ['recipient'], requires: ['reason', 'message'] },
  expire: { from: ['envoyee', 'vue'], to: 'expiree', by: ['system'] },
  cancel: { from: ['brouillon', 'envoyee', 'vue', 'acceptee'], to: 'annulee', by: ['sender'], requires: ['message'] },
  start: { from: ['acceptee'], to: 'en_cours', by: ['recipient'] },
  complete: { from: ['acceptee', 'en_cours'], to: 'terminee', by: ['recipient'], requires: ['outcome'] },
  fail: { from: ['acceptee', 'en_cours'], to: 'echec', by: ['recipient'], requires: ['message'] },
  reorient: {
    from: ['envoyee', 'vue', 'refusee', 'expiree'],
    to: 'terminee',
    by: ['coordinator'],
    requires: ['target', 'message'],
  },
};

export const FINAL_STATES: readonly ReferralState[] = ['refusee', 'expiree', 'annulee', 'terminee', 'echec'];

/** The state an action leads to, or null when the action is not allowed. */
export function nextState(
  state: ReferralState,
  action: ReferralAction,
  relation: ReferralRelation | null,
): ReferralState | null {
  const t = TRANSITIONS[action];
  if (!relation || !t.from.includes(state) || !t.by.includes(relation)) return null;
  return t.to;
}

/** The actions an actor may take now (what the referral page offers). */
export function allowedActions(state: ReferralState, relations: readonly ReferralRelation[]): ReferralAction[] {
  return REFERRAL_ACTIONS.filter((a) => relations.some((r) => nextState(state, a, r) !== null));
}

/**
 * The state shown for a referral sent to several partners, from its tasks' states: an
 * accompaniment under way wins; then answers still awaited (the loop is not closed while one
 * partner has not answered); then a completed one; a draft; otherwise the negative ending.
 */
export function overallState(states: readonly ReferralState[]): ReferralState {
  const any = (...wanted: ReferralState[]) => wanted.find((w) => states.includes(w));
  return (
    any('en_cours', 'acceptee') ??
    any('vue', 'envoyee') ??
    any('terminee') ??
    any('brouillon') ??
    any('echec', 'refusee', 'expiree', 'annulee') ??
    'brouillon'
  );
}

/** Roles that never see a referral, whatever their organisation (need to know). */
export const ROLES_WITHOUT_REFERRALS: readonly Role[] = ['volunteer', 'commission_member', 'archivist'];

/**
 * How an actor stands towards one task: member of the sending organisation, of the receiving
 * one, a coordinator of the territory. Volunteers and commission members have none.
 */
export function referralRelations(
  actor: { role: Role; organisationId: string },
  task: { senderOrganisationId: string; recipientOrganisationId: string },
): ReferralRelation[] {
  if (ROLES_WITHOUT_REFERRALS.includes(actor.role)) return [];
  const relations: ReferralRelation[] = [];
  if (actor.organisationId === task.senderOrganisationId) relations.push('sender');
  if (actor.organisationId === task.recipientOrganisationId) relations.push('recipient');
  if (actor.role === 'coordinator') relations.push('coordinator');
  return relations;
}

/** States in which the recipient still owes an answer (what "waits" and may expire). */
export const WAITING_STATES: readonly ReferralState[] = ['envoyee', 'vue'];
/** States of an accompaniment under way. */
export const ACTIVE_STATES: readonly ReferralState[] = ['acceptee', 'en_cours'];
