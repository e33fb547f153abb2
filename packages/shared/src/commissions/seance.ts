import { z } from 'zod';
import { DEMANDE_ACTOR_ROLES, type CommissionCapacity, type DemandeContext } from './demande-state-machine.ts';
import {
  AID_KINDS,
  AID_KIND_LABELS,
  type AidKind,
  type AttendanceStatus,
  type DecisionForm,
  type DecisionOutcome,
  type DurationUnit,
  type VoteChoice,
} from './labels.ts';

/**
 * The rules of a séance: quorum, votes, the decisions it records and their two signatures, the
 * séance's own lifecycle, and the anonymised projection shown in the room. Pure functions; the
 * API loads the rows, calls these, and stores the result (the envelope is consumed atomically in
 * SQL, `envelopeAllows` is only the check shown beforehand).
 */

// ——— Members and attendance ———

export interface CommissionMemberLike {
  userId: string;
  /** Has a deliberative vote (voix délibérative); others are consultative. */
  voting: boolean;
  capacities: readonly CommissionCapacity[];
}

export interface AttendanceLike {
  userId: string;
  status: AttendanceStatus;
  /** For `represente`: the present member holding the proxy (pouvoir). */
  proxyHolderUserId?: string | null;
}

// ——— Quorum ———

export const QUORUM_KINDS = ['majorite', 'nombre', 'fraction'] as const;
export type QuorumKind = (typeof QUORUM_KINDS)[number];
export const QUORUM_KIND_LABELS: Record<QuorumKind, string> = {
  majorite: 'La majorité des membres votants',
  nombre: 'Un nombre fixe de membres votants',
  fraction: 'Une fraction des membres votants',
};

/**
 * `majorite`: more than half of the voting members are present (n/2 rounded down, + 1);
 * `nombre`: at least `minimum` voting members present; `fraction`: at least
 * numerateur/denominateur of the voting members, rounded up. Proxies count only when
 * `pouvoirsComptent` (by default they count for the vote, not for the quorum: what the CCAS
 * board rules say for the conseil d'administration).
 */
export const quorumRuleSchema = z
  .object({
    kind: z.enum(QUORUM_KINDS, { error: 'Choisissez la règle de quorum.' }),
    minimum: z
      .number()
      .int('Le quorum est un nombre entier de membres.')
      .min(1, 'Le quorum est d’au moins un membre.')
      .max(200, 'Le quorum ne doit pas dépasser 200 membres.')
      .optional(),
    numerateur: z.number().int().min(1, 'La fraction doit être positive.').optional(),
    denominateur: z.number().int().min(1, 'La fraction doit être positive.').optional(),
    pouvoirsComptent: z.boolean().default(false),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'nombre' && r.minimum === undefined)
      ctx.addIssue({ code: 'custom', path: ['minimum'], message: 'Indiquez le nombre de membres votants requis.' });
    if (r.kind === 'fraction') {
      if (r.numerateur === undefined || r.denominateur === undefined)
        ctx.addIssue({ code: 'custom', path: ['numerateur'], message: 'Indiquez la fraction des membres requise.' });
      else if (r.numerateur > r.denominateur)
        ctx.addIssue({ code: 'custom', path: ['numerateur'], message: 'La fraction ne peut pas dépasser 1.' });
    }
  });
export type QuorumRule = z.infer<typeof quorumRuleSchema>;
export const DEFAULT_QUORUM_RULE: QuorumRule = { kind: 'majorite', pouvoirsComptent: false };

/** The number of voting members that must be counted present. */
export function quorumRequired(rule: QuorumRule, votingMembers: number): number {
  switch (rule.kind) {
    case 'majorite':
      return Math.floor(votingMembers / 2) + 1;
    case 'nombre':
      return rule.minimum ?? 1;
    case 'fraction': {
      const num = rule.numerateur ?? 1;
      const den = rule.denominateur ?? 1;
      return Math.max(1, Math.ceil((votingMembers * num) / den));
    }
  }
}

export interface QuorumStatus {
  membresVotants: number;
  presentsVotants: number;
  representes: number;
  /** What counts towards the quorum (present, plus proxies when they count). */
  comptes: number;
  requis: number;
  atteint: boolean;
}

export function quorumStatus(
  rule: QuorumRule,
  members: readonly CommissionMemberLike[],
  attendance: readonly AttendanceLike[],
): QuorumStatus {
  const voting = new Set(members.filter((m) => m.voting).map((m) => m.userId));
  const statusOf = new Map(attendance.map((a) => [a.userId, a]));
  let present = 0;
  let represented = 0;
  for (const userId of voting) {
    const a = statusOf.get(userId);
    if (a?.status === 'present') present += 1;
    else if (
      a?.status === 'represente' &&
      a.proxyHolderUserId &&
      statusOf.get(a.proxyHolderUserId)?.status === 'present'
    )
      represented += 1;
  }
  const counted = present + (rule.pouvoirsComptent ? represented : 0);
  const required = quorumRequired(rule, voting.size);
  return {
    membresVotants: voting.size,
    presentsVotants: present,
    representes: represented,
    comptes: counted,
    requis: required,
    atteint: voting.size > 0 && counted >= required,
  };
}

/** Checks an attendance sheet: known members, one line each, proxies held by present members, one each. */
export function validateAttendance(
  members: readonly CommissionMemberLike[],
  attendance: readonly AttendanceLike[],
): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  const known = new Map(members.map((m) => [m.userId, m]));
  const seen = new Set<string>();
  const proxiesHeld = new Map<string, number>();
  const byUser = new Map(attendance.map((a) => [a.userId, a]));
  attendance.forEach((a, i) => {
    if (!known.has(a.userId))
      errors.push({ path: `${i}.userId`, message: 'Cette personne n’est pas membre de la commission.' });
    if (seen.has(a.userId))
      errors.push({ path: `${i}.userId`, message: 'Ce membre figure deux fois sur la feuille de présence.' });
    seen.add(a.userId);
    if (a.status === 'represente') {
      const holder = a.proxyHolderUserId ? byUser.get(a.proxyHolderUserId) : undefined;
      if (!holder || holder.status !== 'present' || holder.userId === a.userId)
        errors.push({
          path: `${i}.proxyHolderUserId`,
          message: 'Choisissez le membre présent qui détient le pouvoir.',
        });
      else if (!known.get(a.userId)?.voting)
        errors.push({ path: `${i}.status`, message: 'Seul un membre votant peut donner un pouvoir.' });
      else {
        const n = (proxiesHeld.get(holder.userId) ?? 0) + 1;
        proxiesHeld.set(holder.userId, n);
        if (n > 1)
          errors.push({
            path: `${i}.proxyHolderUserId`,
            message: 'Un membre présent ne peut détenir qu’un seul pouvoir.',
          });
      }
    } else if (a.proxyHolderUserId)
      errors.push({ path: `${i}.proxyHolderUserId`, message: 'Seul un membre représenté a un porteur de pouvoir.' });
  });
  return errors;
}

// ——— Séance lifecycle ———

export const SEANCE_STATES = ['planifiee', 'ouverte', 'close', 'annulee'] as const;
export type SeanceState = (typeof SEANCE_STATES)[number];
export const SEANCE_STATE_LABELS: Record<SeanceState, string> = {
  planifiee: 'Planifiée',
  ouverte: 'Ouverte',
  close: 'Close',
  annulee: 'Annulée',
};

export const SEANCE_ACTIONS = ['ouvrir', 'clore', 'annuler'] as const;
export type SeanceAction = (typeof SEANCE_ACTIONS)[number];
export const SEANCE_ACTION_LABELS: Record<SeanceAction, string> = {
  ouvrir: 'Ouvrir la séance',
  clore: 'Clore la séance',
  annuler: 'Annuler la séance',
};

export type SeanceRelation = 'coordinateur' | 'president' | 'secretaire';
export const SEANCE_RELATIONS: readonly SeanceRelation[] = ['coordinateur', 'president', 'secretaire'];

export const SEANCE_TRANSITIONS: Record<
  SeanceAction,
  { from: readonly SeanceState[]; to: SeanceState; by: readonly SeanceRelation[] }
> = {
  ouvrir: { from: ['planifiee'], to: 'ouverte', by: ['coordinateur', 'president', 'secretaire'] },
  clore: { from: ['ouverte'], to: 'close', by: ['coordinateur', 'president', 'secretaire'] },
  annuler: { from: ['planifiee'], to: 'annulee', by: ['coordinateur', 'president'] },
};

export function seanceNextState(
  state: SeanceState,
  action: SeanceAction,
  relation: SeanceRelation | null,
): SeanceState | null {
  const t = SEANCE_TRANSITIONS[action];
  return relation && t.from.includes(state) && t.by.includes(relation) ? t.to : null;
}

export function seanceAllowedActions(state: SeanceState, relations: readonly SeanceRelation[]): SeanceAction[] {
  return SEANCE_ACTIONS.filter((a) => relations.some((r) => seanceNextState(state, a, r) !== null));
}

export function seanceRelations(
  actor: { role: string },
  capacities: readonly CommissionCapacity[] = [],
): SeanceRelation[] {
  if (!(DEMANDE_ACTOR_ROLES as readonly string[]).includes(actor.role)) return [];
  const out: SeanceRelation[] = [];
  if (actor.role === 'coordinator') out.push('coordinateur');
  if (capacities.includes('president') || capacities.includes('vice_president')) out.push('president');
  if (capacities.includes('secretaire')) out.push('secretaire');
  return out;
}

/** Demandes still « inscrites » when closing: each must be decided, adjourned or withdrawn first. */
export function seanceClosingBlockers(agenda: readonly { demandeId: string; state: string }[]): string[] {
  return agenda.filter((a) => a.state === 'inscrite').map((a) => a.demandeId);
}

export type RecordDecisionCheck =
  { ok: true } | { ok: false; reason: 'seance_non_ouverte' | 'quorum_non_atteint'; message: string };

/** A séance records decisions only while open and with its quorum. */
export function canRecordDecision(
  seanceState: SeanceState,
  quorum: Pick<QuorumStatus, 'atteint' | 'comptes' | 'requis'>,
): RecordDecisionCheck {
  if (seanceState !== 'ouverte')
    return {
      ok: false,
      reason: 'seance_non_ouverte',
      message: 'La séance doit être ouverte pour enregistrer une décision.',
    };
  if (!quorum.atteint)
    return {
      ok: false,
      reason: 'quorum_non_atteint',
      message: `Le quorum n’est pas atteint (${quorum.comptes} sur ${quorum.requis} requis) : aucune décision ne peut être enregistrée.`,
    };
  return { ok: true };
}

/** The `seance_en_cours` guard of the demande state machine. */
export function seanceGuard(
  seanceState: SeanceState,
  quorum: Pick<QuorumStatus, 'atteint' | 'comptes' | 'requis'>,
): DemandeContext {
  return { seance_en_cours: canRecordDecision(seanceState, quorum).ok };
}

// ——— Votes ———

/** Who chairs: the président when present, else a present vice-président; null when neither is. */
export function seanceChair(
  members: readonly CommissionMemberLike[],
  attendance: readonly AttendanceLike[],
): string | null {
  const presentIds = new Set(attendance.filter((a) => a.status === 'present').map((a) => a.userId));
  const holding = (capacity: CommissionCapacity) =>
    members.find((m) => m.capacities.includes(capacity) && presentIds.has(m.userId))?.userId ?? null;
  return holding('president') ?? holding('vice_president');
}

export interface VoteLike {
  voterUserId: string;
  choice: VoteChoice;
  /** A vote cast with a proxy: the represented member. */
  onBehalfOfUserId?: string | null;
}

export type VoteTally =
  | {
      ok: true;
      pour: number;
      contre: number;
      abstention: number;
      exprimes: number;
      adoptee: boolean;
      /** The tie was broken by the chair's casting vote. */
      voixPreponderante: boolean;
    }
  | { ok: false; errors: string[] };

/**
 * Counts the votes on a proposed decision: one vote per present voting member, plus one per
 * proxy held. Adopted by the majority of the votes cast (abstentions are not cast); on a tie the
 * chair's vote decides when `voixPreponderante` (the usual rule of CCAS boards), else rejected.
 */
export function tallyVotes(
  votes: readonly VoteLike[],
  members: readonly CommissionMemberLike[],
  attendance: readonly AttendanceLike[],
  options: { voixPreponderante?: boolean } = {},
): VoteTally {
  const errors: string[] = [];
  const memberOf = new Map(members.map((m) => [m.userId, m]));
  const attendanceOf = new Map(attendance.map((a) => [a.userId, a]));
  const ballots = new Set<string>();
  let pour = 0;
  let contre = 0;
  let abstention = 0;
  for (const v of votes) {
    const voter = memberOf.get(v.voterUserId);
    if (!voter?.voting || attendanceOf.get(v.voterUserId)?.status !== 'present') {
      errors.push('Seuls les membres votants présents prennent part au vote.');
      continue;
    }
    const ballotOwner = v.onBehalfOfUserId ?? v.voterUserId;
    if (v.onBehalfOfUserId) {
      const represented = attendanceOf.get(v.onBehalfOfUserId);
      if (
        !memberOf.get(v.onBehalfOfUserId)?.voting ||
        represented?.status !== 'represente' ||
        represented.proxyHolderUserId !== v.voterUserId
      ) {
        errors.push('Ce membre ne détient pas le pouvoir de la personne pour laquelle il vote.');
        continue;
      }
    }
    if (ballots.has(ballotOwner)) {
      errors.push('Un membre ne vote qu’une fois.');
      continue;
    }
    ballots.add(ballotOwner);
    if (v.choice === 'pour') pour += 1;
    else if (v.choice === 'contre') contre += 1;
    else abstention += 1;
  }
  if (errors.length > 0) return { ok: false, errors: [...new Set(errors)] };
  let adoptee = pour > contre;
  let casting = false;
  if (pour === contre && pour > 0 && (options.voixPreponderante ?? true)) {
    const chair = seanceChair(members, attendance);
    const chairsVote = votes.find((v) => v.voterUserId === chair && !v.onBehalfOfUserId);
    if (chairsVote && chairsVote.choice !== 'abstention') {
      adoptee = chairsVote.choice === 'pour';
      casting = true;
    }
  }
  return { ok: true, pour, contre, abstention, exprimes: pour + contre, adoptee, voixPreponderante: casting };
}

// ——— Decisions ———

export interface DecisionLike {
  outcome: DecisionOutcome;
  amountGrantedCents?: number | null;
  form?: DecisionForm | null;
  creditorName?: string | null;
  duration?: { value: number; unit: DurationUnit } | null;
  motive?: string | null;
}

export interface DecisionIssue {
  field: 'outcome' | 'amountGrantedCents' | 'form' | 'creditorName' | 'duration' | 'motive' | 'votes';
  message: string;
}

/** True when the decision grants money: an accord or accord partiel of a positive amount. */
export function decisionGrantsMoney(d: Pick<DecisionLike, 'outcome' | 'amountGrantedCents'>): boolean {
  return (d.outcome === 'accord' || d.outcome === 'accord_partiel') && (d.amountGrantedCents ?? 0) > 0;
}

/**
 * Checks a decision against its demande: a motive for refus, accord partiel and ajournement;
 * for a monetary aid, an accord grants the amount asked and a partial one a positive amount below
 * it; refusals and adjournments grant nothing; the form must be one the aid allows; a payment to
 * a third party names the creditor; an aid in weeks has a duration; the votes, when recorded,
 * adopted the decision.
 */
export function validateDecision(
  decision: DecisionLike,
  demande: { aidKind: AidKind; amountAskedCents: number },
  votes?: VoteTally,
): DecisionIssue[] {
  const issues: DecisionIssue[] = [];
  const meta = AID_KINDS[demande.aidKind];
  const grants = decision.outcome === 'accord' || decision.outcome === 'accord_partiel';
  const amount = decision.amountGrantedCents ?? null;
  const motive = decision.motive?.trim() ?? '';
  if (decision.outcome !== 'accord' && motive.length === 0)
    issues.push({
      field: 'motive',
      message:
        decision.outcome === 'refus'
          ? 'Indiquez le motif du refus : il figurera dans la lettre de décision.'
          : decision.outcome === 'accord_partiel'
            ? 'Indiquez le motif de l’accord partiel : il figurera dans la lettre de décision.'
            : 'Indiquez le motif de l’ajournement (pièce manquante, complément d’instruction…).',
    });
  if (amount !== null && (!Number.isSafeInteger(amount) || amount < 0))
    issues.push({ field: 'amountGrantedCents', message: 'Le montant accordé doit être un nombre positif.' });
  else if (!grants) {
    if (amount !== null && amount > 0)
      issues.push({ field: 'amountGrantedCents', message: 'Un refus ou un ajournement n’accorde aucun montant.' });
    if (decision.form)
      issues.push({ field: 'form', message: 'Un refus ou un ajournement n’a pas de forme de versement.' });
  } else {
    if (meta.monetaire) {
      if (amount === null || amount === 0)
        issues.push({ field: 'amountGrantedCents', message: 'Indiquez le montant accordé.' });
      else if (decision.outcome === 'accord' && amount !== demande.amountAskedCents)
        issues.push({
          field: 'amountGrantedCents',
          message:
            amount < demande.amountAskedCents
              ? 'Un montant inférieur au montant demandé est un accord partiel.'
              : 'Le montant accordé ne peut pas dépasser le montant demandé.',
        });
      else if (decision.outcome === 'accord_partiel' && amount >= demande.amountAskedCents)
        issues.push({
          field: 'amountGrantedCents',
          message: 'Un accord partiel accorde un montant inférieur au montant demandé.',
        });
    }
    if (!decision.form) issues.push({ field: 'form', message: 'Choisissez la forme de l’aide.' });
    else if (!(meta.forms as readonly DecisionForm[]).includes(decision.form))
      issues.push({
        field: 'form',
        message: `Cette forme n’est pas possible pour : ${AID_KIND_LABELS[demande.aidKind].toLowerCase()}.`,
      });
    if (decision.form === 'tiers' && !decision.creditorName?.trim())
      issues.push({ field: 'creditorName', message: 'Indiquez le tiers à qui l’aide est versée.' });
    if (meta.unit === 'semaines' && (!decision.duration || decision.duration.value <= 0))
      issues.push({ field: 'duration', message: 'Indiquez la durée de l’accès accordé.' });
  }
  if (decision.duration && (!Number.isInteger(decision.duration.value) || decision.duration.value <= 0))
    issues.push({ field: 'duration', message: 'La durée est un nombre entier positif.' });
  if (votes && !votes.ok) issues.push({ field: 'votes', message: votes.errors[0] ?? 'Le vote est invalide.' });
  else if (votes?.ok && !votes.adoptee)
    issues.push({
      field: 'votes',
      message: 'Cette proposition n’a pas obtenu la majorité : elle ne peut pas être enregistrée.',
    });
  return issues;
}

// ——— Envelope ———

/** Whether a grant fits in an aid kind's yearly envelope (the API re-checks it atomically). */
export function envelopeAllows(
  envelope: { budgetCents: number; consumedCents: number },
  amountCents: number,
): { ok: boolean; remainingCents: number } {
  const remaining = envelope.budgetCents - envelope.consumedCents;
  return { ok: amountCents <= remaining, remainingCents: remaining };
}

/** What a correcting decision consumes from (positive) or gives back to (negative) the envelope. */
export function envelopeDelta(
  original: Pick<DecisionLike, 'outcome' | 'amountGrantedCents'>,
  correction: Pick<DecisionLike, 'outcome' | 'amountGrantedCents'>,
): number {
  const granted = (d: Pick<DecisionLike, 'outcome' | 'amountGrantedCents'>) =>
    decisionGrantsMoney(d) ? (d.amountGrantedCents ?? 0) : 0;
  return granted(correction) - granted(original);
}

// ——— Two signatures ———

export const SIGNING_CAPACITIES: readonly CommissionCapacity[] = [
  'president',
  'vice_president',
  'secretaire',
  'signataire',
];
export const REQUIRED_SIGNATURES = 2;

export interface DecisionSignature {
  userId: string;
  capacity: CommissionCapacity;
  signedAt: string;
}

export interface SignableDecision extends DecisionLike {
  signatures: readonly DecisionSignature[];
}

export const SIGNATURE_ERRORS = {
  signature_inutile: 'Cette décision n’accorde aucune somme : elle n’a pas à être signée.',
  non_habilite: 'Vous n’êtes pas habilité à signer les décisions de cette commission.',
  deja_signe: 'Vous avez déjà signé cette décision : une deuxième personne habilitée doit la signer.',
  deja_signee: 'Cette décision porte déjà ses deux signatures.',
} as const;
export type SignatureError = keyof typeof SIGNATURE_ERRORS;

/** Signatures needed: two distinct authorised people for a decision granting money, none otherwise. */
export function requiredSignatures(d: Pick<DecisionLike, 'outcome' | 'amountGrantedCents'>): number {
  return decisionGrantsMoney(d) ? REQUIRED_SIGNATURES : 0;
}

/** True when the decision may take effect (notification, payment): signed twice, or needing no signature. */
export function isDecisionSigned(d: SignableDecision): boolean {
  return new Set(d.signatures.map((s) => s.userId)).size >= requiredSignatures(d);
}

/**
 * Adds a signature. The signer must hold a signing capacity (`capacity` chooses which, when
 * several); one person signs once; a decision has at most two signatures.
 */
export function signDecision(
  decision: SignableDecision,
  signer: { userId: string; capacities: readonly CommissionCapacity[] },
  signedAt: string,
  capacity?: CommissionCapacity,
):
  | { ok: true; signatures: DecisionSignature[]; complete: boolean }
  | { ok: false; error: SignatureError; message: string } {
  const fail = (error: SignatureError) => ({ ok: false as const, error, message: SIGNATURE_ERRORS[error] });
  if (requiredSignatures(decision) === 0) return fail('signature_inutile');
  const signing = signer.capacities.filter((c) => SIGNING_CAPACITIES.includes(c));
  const chosen = capacity ?? signing[0];
  if (!chosen || !signing.includes(chosen)) return fail('non_habilite');
  if (decision.signatures.some((s) => s.userId === signer.userId)) return fail('deja_signe');
  if (decision.signatures.length >= REQUIRED_SIGNATURES) return fail('deja_signee');
  const signatures = [...decision.signatures, { userId: signer.userId, capacity: chosen, signedAt }];
  return { ok: true, signatures, complete: signatures.length >= REQUIRED_SIGNATURES };
}

export const DECISION_LOCKED_MESSAGE =
  'Cette décision a été signée : elle ne peut plus être modifiée. Enregistrez une décision rectificative.';

/** A decision can be edited until its first signature, and never once corrected. */
export function canEditDecision(d: SignableDecision & { correctedByDecisionId?: string | null }): boolean {
  return d.signatures.length === 0 && !d.correctedByDecisionId;
}

/**
 * A correction of a signed decision: a new decision, unsigned, that references the one it
 * corrects (which stays as it was, marked corrected by the API). An unsigned decision is edited,
 * not corrected.
 */
export function correctionOf<T extends DecisionLike>(
  original: SignableDecision & { id: string; correctedByDecisionId?: string | null },
  changes: T,
):
  | { ok: true; decision: T & { correctsDecisionId: string; signatures: DecisionSignature[] } }
  | { ok: false; message: string } {
  if (original.correctedByDecisionId)
    return { ok: false, message: 'Cette décision a déjà été rectifiée : corrigez la décision rectificative.' };
  if (original.signatures.length === 0)
    return { ok: false, message: 'Cette décision n’est pas encore signée : modifiez-la directement.' };
  return { ok: true, decision: { ...changes, correctsDecisionId: original.id, signatures: [] } };
}

/** The decision in force among a demande's decisions: the one no other corrects. */
export function decisionInForce<T extends { id: string; correctsDecisionId?: string | null }>(
  decisions: readonly T[],
): T | null {
  const corrected = new Set(decisions.map((d) => d.correctsDecisionId).filter((x): x is string => !!x));
  const inForce = decisions.filter((d) => !corrected.has(d.id));
  return inForce.at(-1) ?? null;
}

/** Urgent decisions (taken outside a séance) the next séance must still ratify. */
export function urgentDecisionsToRatify<T extends { urgence: boolean; ratifiedAt?: string | null }>(
  decisions: readonly T[],
): T[] {
  return decisions.filter((d) => d.urgence && !d.ratifiedAt);
}

// ——— Presentation mode ———

export interface DemandeIdentity {
  nom: string;
  prenom: string;
  nomNaissance?: string | null;
  dateNaissance?: string | null;
  adresse?: string | null;
  telephone?: string | null;
  courriel?: string | null;
  /** Names of the other members of the household. */
  autresNoms?: readonly string[];
  /** Birth dates of the other members of the household. */
  autresDatesNaissance?: readonly (string | null | undefined)[];
}

export interface DemandeForPresentation {
  numeroDossier: string;
  identity: DemandeIdentity;
  aidKind: AidKind;
  objet: string;
  montantDemandeCents: number;
  composition: { adultes: number; enfants: number };
  resteAVivre: { parUniteMensuelCents: number; parUniteJourCents: number } | null;
  quotientFamilialEuros: number | null;
  suggestion: { suggestion: string; montantSuggereCents: number } | null;
  /** The summary of the rapport social written for the room. */
  syntheseSeance: string;
  urgence?: boolean;
}

export interface DemandePresentation {
  initiales: string;
  numeroDossier: string;
  aidKind: AidKind;
  aidKindLabel: string;
  objet: string;
  montantDemandeCents: number;
  composition: { adultes: number; enfants: number };
  resteAVivre: { parUniteMensuelCents: number; parUniteJourCents: number } | null;
  quotientFamilialEuros: number | null;
  suggestion: { suggestion: string; montantSuggereCents: number } | null;
  synthese: string;
  urgence: boolean;
}

const REDACTED = '[…]';

/** « J.-P. D. » from Jean-Pierre Dupont. */
export function initials(prenom: string, nom: string): string {
  const first = (word: string) => word.trim().charAt(0).toLocaleUpperCase('fr-FR');
  const given = prenom
    .trim()
    .split(/\s+/)[0]!
    .split('-')
    .filter(Boolean)
    .map((p) => `${first(p)}.`)
    .join('-');
  const family = nom.trim() ? `${first(nom)}.` : '';
  return [given, family].filter(Boolean).join(' ');
}

const ACCENTS: Record<string, string> = {
  a: 'aàâäáã',
  c: 'cç',
  e: 'eéèêë',
  i: 'iîïí',
  o: 'oôöó',
  u: 'uùûüú',
  y: 'yÿ',
  n: 'nñ',
};
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** A regex matching a term whatever its accents and case, as a whole word (or number). */
function termPattern(term: string): string {
  return [...strip(term).toLowerCase()]
    .map((ch) => {
      if (/[\s-]/.test(ch)) return '[\\s\\-]+';
      if (ch === "'" || ch === '’') return "['’]";
      const variants = ACCENTS[ch];
      return variants ? `[${variants}${variants.toUpperCase()}]` : escapeRegExp(ch);
    })
    .join('');
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** The ways a birth date (AAAA-MM-JJ) may be written in a text. */
function dateForms(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return [iso];
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const dn = String(Number(d));
  const mn = String(Number(mo));
  const month = MONTHS[Number(mo) - 1]!;
  return [
    iso,
    `${d}/${mo}/${y}`,
    `${dn}/${mn}/${y}`,
    `${d}/${mo}/${y.slice(2)}`,
    `${d}.${mo}.${y}`,
    `${d}-${mo}-${y}`,
    `${dn} ${month} ${y}`,
    `${d} ${month} ${y}`,
    ...(dn === '1' ? [`1er ${month} ${y}`] : []),
  ];
}

const ADDRESS_WORDS = new Set(
  'rue avenue av boulevard bd chemin allee allees place impasse route quai cours square residence res batiment bat bis ter etage appartement appt porte escalier esc lieu dit cedex les des del della de du la le aux et sur sous'.split(
    ' ',
  ),
);

/** Particles of a name, not hidden on their own (« de » in « de La Fontaine » is everywhere in a text). */
const NAME_PARTICLES = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'et',
  'van',
  'von',
  'der',
  'den',
  'da',
  'di',
  'del',
  'dos',
]);

/** The terms to hide: names, their words, birth dates in every usual form, address parts, phone, e-mail. */
export function identityTerms(identity: DemandeIdentity): string[] {
  const terms = new Set<string>();
  const addName = (name: string | null | undefined) => {
    if (!name?.trim()) return;
    terms.add(name.trim());
    for (const word of name.split(/[\s\-'’]+/))
      if (word.length >= 2 && !NAME_PARTICLES.has(strip(word).toLowerCase())) terms.add(word);
  };
  addName(identity.nom);
  addName(identity.prenom);
  addName(identity.nomNaissance);
  for (const n of identity.autresNoms ?? []) addName(n);
  for (const d of [identity.dateNaissance, ...(identity.autresDatesNaissance ?? [])])
    if (d) for (const form of dateForms(d)) terms.add(form);
  if (identity.adresse?.trim()) {
    terms.add(identity.adresse.trim());
    for (const line of identity.adresse.split(/[\n,]+/)) if (line.trim()) terms.add(line.trim());
    for (const word of identity.adresse.split(/[^\p{L}\p{N}]+/u)) {
      const w = strip(word).toLowerCase();
      if ((w.length >= 3 && !ADDRESS_WORDS.has(w) && !/^\d+$/.test(w)) || /^\d{5}$/.test(w)) terms.add(word);
    }
  }
  if (identity.telephone?.trim()) {
    const digits = identity.telephone.replace(/\D/g, '');
    terms.add(identity.telephone.trim());
    if (digits.length >= 6) terms.add(digits.replace(/(\d{2})(?=\d)/g, '$1 '));
    if (digits.length >= 6) terms.add(digits.replace(/(\d{2})(?=\d)/g, '$1.'));
    if (digits.length >= 6) terms.add(digits);
  }
  if (identity.courriel?.trim()) terms.add(identity.courriel.trim());
  return [...terms].sort((a, b) => b.length - a.length);
}

/** Replaces every identity term in a text with « […] » (whole words, any case or accents). */
export function redactIdentity(text: string, identity: DemandeIdentity): string {
  let out = text;
  for (const term of identityTerms(identity)) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${termPattern(term)}(?![\\p{L}\\p{N}])`, 'giu');
    out = out.replace(re, REDACTED);
  }
  return out;
}

/**
 * What the room sees of a demande in presentation mode: initials and file number, the aid, the
 * amounts, the household's composition (counts only), reste à vivre, QF, the barème's suggestion
 * and the séance summary — never a name, birth date, address, phone or e-mail (the free texts are
 * redacted as a safety net: the summary is meant to be written without them).
 */
export function presentationView(d: DemandeForPresentation): DemandePresentation {
  return {
    initiales: initials(d.identity.prenom, d.identity.nom),
    numeroDossier: d.numeroDossier,
    aidKind: d.aidKind,
    aidKindLabel: AID_KIND_LABELS[d.aidKind],
    objet: redactIdentity(d.objet, d.identity),
    montantDemandeCents: d.montantDemandeCents,
    composition: { adultes: d.composition.adultes, enfants: d.composition.enfants },
    resteAVivre: d.resteAVivre
      ? { parUniteMensuelCents: d.resteAVivre.parUniteMensuelCents, parUniteJourCents: d.resteAVivre.parUniteJourCents }
      : null,
    quotientFamilialEuros: d.quotientFamilialEuros,
    suggestion: d.suggestion
      ? { suggestion: d.suggestion.suggestion, montantSuggereCents: d.suggestion.montantSuggereCents }
      : null,
    synthese: redactIdentity(d.syntheseSeance, d.identity),
    urgence: d.urgence ?? false,
  };
}
