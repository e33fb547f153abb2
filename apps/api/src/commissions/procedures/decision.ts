import {
  AID_KIND_LABELS,
  canEditDecision,
  canRecordDecision,
  correctionOf,
  DECISION_LOCKED_MESSAGE,
  decisionGrantsMoney,
  decisionInput,
  envelopeDelta,
  idSchema,
  paymentInput,
  ratificationInput,
  requiredSignatures,
  signatureInput,
  signDecision,
  tallyVotes,
  validateDecision,
  type CommissionCapacity,
  type DecisionForm,
  type DecisionOutcome,
  type DecisionInput,
  type VoteTally,
} from '@ensemblier/shared';
import { z } from 'zod';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, forbidden, notFound, router } from '../../trpc/init.ts';
import {
  capacitiesIn,
  decisionTimelineEntry,
  loadDemande,
  loadSeance,
  seanceMembers,
  seanceQuorum,
  toIsoDate,
  transitionDemande,
  type DemandeRow,
  type SeanceRow,
} from './seance-common.ts';
import { generateLetter } from './outputs.ts';

/**
 * Decisions: recorded in an open séance with its quorum (canRecordDecision, API enforced) by its
 * président or secrétaire, or decided in urgency outside a séance by an authorised person and
 * ratified at the next séance; edited until the first signature, then only corrected by a new
 * decision; signed by two distinct authorised people when money is granted — the envelope of
 * the aid kind is consumed at the second signature by one conditional UPDATE (never overspent,
 * whatever the concurrency); notified (the letter stored), paid (payments log).
 */

interface DecisionRow {
  id: string;
  demande_id: string;
  seance_id: string | null;
  urgence: boolean;
  outcome: DecisionOutcome;
  amount_granted_cents: number | null;
  form: DecisionForm | null;
  creditor_name: string | null;
  duration_value: number | null;
  duration_unit: 'semaines' | 'mois' | null;
  motive: string | null;
  corrects_decision_id: string | null;
  required_signatures: number;
  signed_at: Date | null;
  envelope_consumed_cents: number | null;
  decided_at: Date;
  ratified_at: Date | null;
}

async function loadDecision(ctx: TenantContext, decisionId: string, forUpdate = true) {
  const rows = forUpdate
    ? await ctx.tx<DecisionRow[]>`SELECT * FROM decision WHERE id = ${decisionId} FOR UPDATE`
    : await ctx.tx<DecisionRow[]>`SELECT * FROM decision WHERE id = ${decisionId}`;
  const d = rows[0];
  if (!d) notFound();
  const demande = await loadDemande(ctx, d.demande_id, forUpdate);
  const signatures = await ctx.tx<{ userId: string; capacity: CommissionCapacity; signedAt: string }[]>`
    SELECT signer_user_id AS "userId", capacity, signed_at::text AS "signedAt" FROM decision_signature
    WHERE decision_id = ${d.id} ORDER BY position`;
  const [corrected] = await ctx.tx<{ id: string }[]>`SELECT id FROM decision WHERE corrects_decision_id = ${d.id}`;
  return { d, demande, signatures, correctedByDecisionId: corrected?.id ?? null };
}

/** The séance's members and the quorum, with the checks of a decision in séance. */
async function seanceForDecision(ctx: TenantContext, seanceId: string, demande: DemandeRow) {
  const s = await loadSeance(ctx, seanceId, true);
  if (s.commission_type_id !== demande.commission_type_id) notFound();
  const members = await seanceMembers(ctx, s.id);
  const quorum = seanceQuorum(s, members);
  const check = canRecordDecision(s.state, quorum);
  if (!check.ok) conflict(check.message);
  const myCaps = members.find((m) => m.user_id === ctx.actor.userId)?.capacities ?? [];
  return { s, members, quorum, capacities: myCaps };
}

function tally(s: SeanceRow, members: Awaited<ReturnType<typeof seanceMembers>>, votes: DecisionInput['votes']) {
  if (votes.length === 0) return undefined;
  return tallyVotes(
    votes,
    members.map((m) => ({ userId: m.user_id, voting: m.voting, capacities: m.capacities })),
    members
      .filter((m) => m.attendance)
      .map((m) => ({ userId: m.user_id, status: m.attendance!, proxyHolderUserId: m.proxy_holder_user_id })),
    { voixPreponderante: s.voix_preponderante },
  );
}

function checkDecision(input: DecisionInput, demande: DemandeRow, votes?: VoteTally) {
  const issues = validateDecision(
    input,
    { aidKind: demande.aid_kind, amountAskedCents: demande.montant_demande_cents ?? 0 },
    votes,
  );
  if (issues.length > 0) fieldError(issues[0]!.field, issues[0]!.message);
}

async function insertDecision(
  ctx: TenantContext,
  input: DecisionInput,
  demande: DemandeRow,
  options: { seanceId: string | null; urgence: boolean; votes?: VoteTally },
): Promise<string> {
  const now = ctx.clock.now();
  const t = options.votes?.ok ? options.votes : null;
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO decision (territory_id, demande_id, seance_id, urgence, outcome, amount_granted_cents, form,
      creditor_name, duration_value, duration_unit, motive, votes_pour, votes_contre, abstentions,
      corrects_decision_id, required_signatures, decided_at, decided_by_user_id, created_at, updated_at)
    VALUES (${ctx.territoryId}, ${demande.id}, ${options.seanceId}, ${options.urgence}, ${input.outcome},
      ${input.amountGrantedCents}, ${input.form}, ${input.form === 'tiers' ? input.creditorName : null},
      ${input.duration?.value ?? null}, ${input.duration?.unit ?? null}, ${input.motive}, ${t?.pour ?? 0},
      ${t?.contre ?? 0}, ${t?.abstention ?? 0}, ${input.correctsDecisionId}, ${requiredSignatures(input)}, ${now},
      ${ctx.actor.userId}, ${now}, ${now})
    RETURNING id`;
  for (const v of input.votes)
    await ctx.tx`
      INSERT INTO decision_vote (territory_id, demande_id, decision_id, voter_user_id, on_behalf_of_user_id, choice)
      VALUES (${ctx.territoryId}, ${demande.id}, ${row!.id}, ${v.voterUserId}, ${v.onBehalfOfUserId}, ${v.choice})`;
  if (requiredSignatures(input) === 0)
    await decisionTimelineEntry(ctx, {
      personId: demande.person_id,
      numero: demande.numero,
      aidKind: demande.aid_kind,
      outcome: input.outcome,
      amountGrantedCents: input.amountGrantedCents,
      form: input.form,
    });
  return row!.id;
}

/**
 * Records the decision on a demande of the séance's agenda (or a correction of a signed one).
 * Without quorum, or outside an open séance: CONFLICT. « Ajournée »: the demande returns to a
 * later agenda.
 */
export const recordDecision = authedProcedure.input(decisionInput).mutation(async ({ ctx, input }) => {
  if (!input.seanceId) fieldError('seanceId', 'Une décision hors séance est une décision d’urgence.');
  const demande = await loadDemande(ctx, input.demandeId);
  const { s, members, capacities } = await seanceForDecision(ctx, input.seanceId, demande);
  const [item] =
    await ctx.tx`SELECT 1 FROM seance_agenda_item WHERE seance_id = ${s.id} AND demande_id = ${demande.id}`;
  if (!item) conflict(`La demande ${demande.numero} n’est pas à l’ordre du jour de cette séance.`);
  const votes = tally(s, members, input.votes);
  checkDecision(input, demande, votes);
  let id: string;
  if (input.correctsDecisionId) {
    const original = await loadDecision(ctx, input.correctsDecisionId);
    if (original.d.demande_id !== demande.id) notFound();
    const c = correctionOf(
      {
        ...decisionLike(original.d),
        id: original.d.id,
        signatures: sigs(original.signatures),
        correctedByDecisionId: original.correctedByDecisionId,
      },
      decisionLike(input),
    );
    if (!c.ok) conflict(c.message);
    if (
      !capacities.includes('president') &&
      !capacities.includes('vice_president') &&
      !capacities.includes('secretaire')
    )
      forbidden();
    id = await insertDecision(ctx, input, demande, { seanceId: s.id, urgence: false, votes });
  } else {
    const [existing] = await ctx.tx`
      SELECT 1 FROM decision WHERE demande_id = ${demande.id} AND seance_id = ${s.id} AND corrects_decision_id IS NULL`;
    if (existing) conflict('Cette demande a déjà sa décision dans cette séance : modifiez-la ou rectifiez-la.');
    const action = input.outcome === 'ajournee' ? 'ajourner' : 'decider';
    await transitionDemande(ctx, demande, action, capacities, { seance_en_cours: true }, input.motive);
    id = await insertDecision(ctx, input, demande, { seanceId: s.id, urgence: false, votes });
  }
  await ctx.audit({
    action: 'decision.record',
    objectType: 'decision',
    objectId: id,
    personId: demande.person_id,
    details: {
      seanceId: s.id,
      outcome: input.outcome,
      amountGrantedCents: input.amountGrantedCents,
      correctsDecisionId: input.correctsDecisionId,
    },
  });
  return { id };
});

const decisionLike = (d: {
  outcome: DecisionOutcome;
  amount_granted_cents?: number | null;
  amountGrantedCents?: number | null;
  form: DecisionForm | null;
  motive: string | null;
}) => ({
  outcome: d.outcome,
  amountGrantedCents: d.amountGrantedCents ?? d.amount_granted_cents ?? null,
  form: d.form,
  motive: d.motive,
});
const sigs = (s: { userId: string; capacity: CommissionCapacity; signedAt: string }[]) => s;

/** Edits a decision not yet signed; a signed decision is immutable (CONFLICT: record a correction). */
export const updateDecision = authedProcedure
  .input(z.object({ decisionId: idSchema }).and(decisionInput))
  .mutation(async ({ ctx, input }) => {
    const { d, demande, signatures, correctedByDecisionId } = await loadDecision(ctx, input.decisionId);
    if (d.demande_id !== input.demandeId) notFound();
    if (!canEditDecision({ ...decisionLike(d), signatures, correctedByDecisionId })) conflict(DECISION_LOCKED_MESSAGE);
    let votes: VoteTally | undefined;
    if (d.seance_id) {
      const { s, members } = await seanceForDecision(ctx, d.seance_id, demande);
      votes = tally(s, members, input.votes);
      const caps = members.find((m) => m.user_id === ctx.actor.userId)?.capacities ?? [];
      if (!caps.some((c) => c === 'president' || c === 'vice_president' || c === 'secretaire')) forbidden();
    } else if (d.urgence) {
      const caps = (await capacitiesIn(ctx, demande.commission_type_id)) ?? [];
      if (!caps.some((c) => c === 'president' || c === 'vice_president' || c === 'delegataire_urgence')) forbidden();
    }
    if ((d.outcome === 'ajournee') !== (input.outcome === 'ajournee'))
      conflict(
        'Un ajournement ne se transforme pas en décision (ni l’inverse) : rectifiez la demande à la séance suivante.',
      );
    checkDecision(input, demande, votes);
    const t = votes?.ok ? votes : null;
    await ctx.tx`
      UPDATE decision SET outcome = ${input.outcome}, amount_granted_cents = ${input.amountGrantedCents},
        form = ${input.form}, creditor_name = ${input.form === 'tiers' ? input.creditorName : null},
        duration_value = ${input.duration?.value ?? null}, duration_unit = ${input.duration?.unit ?? null},
        motive = ${input.motive}, votes_pour = ${t?.pour ?? 0}, votes_contre = ${t?.contre ?? 0},
        abstentions = ${t?.abstention ?? 0}, required_signatures = ${requiredSignatures(input)},
        updated_at = ${ctx.clock.now()}, version = version + 1
      WHERE id = ${d.id}`;
    await ctx.tx`DELETE FROM decision_vote WHERE decision_id = ${d.id}`;
    for (const v of input.votes)
      await ctx.tx`
        INSERT INTO decision_vote (territory_id, demande_id, decision_id, voter_user_id, on_behalf_of_user_id, choice)
        VALUES (${ctx.territoryId}, ${demande.id}, ${d.id}, ${v.voterUserId}, ${v.onBehalfOfUserId}, ${v.choice})`;
    await ctx.audit({
      action: 'decision.update',
      objectType: 'decision',
      objectId: d.id,
      personId: demande.person_id,
      details: { outcome: input.outcome, amountGrantedCents: input.amountGrantedCents },
    });
    return { id: d.id };
  });

/**
 * An urgent secours decided outside a séance by an authorised person (délégataire d'urgence,
 * président): the next séance ratifies it.
 */
export const decideUrgent = authedProcedure.input(decisionInput).mutation(async ({ ctx, input }) => {
  if (input.seanceId) fieldError('seanceId', 'Une décision d’urgence est prise hors séance.');
  if (input.outcome === 'ajournee') fieldError('outcome', 'Une décision d’urgence accorde ou refuse l’aide.');
  if (!input.motive) fieldError('motive', 'Indiquez le motif de l’urgence.');
  const demande = await loadDemande(ctx, input.demandeId);
  const caps = (await capacitiesIn(ctx, demande.commission_type_id)) ?? [];
  checkDecision(input, demande);
  await transitionDemande(ctx, demande, 'decider_urgence', caps, {}, input.motive);
  const id = await insertDecision(ctx, { ...input, votes: [] }, demande, { seanceId: null, urgence: true });
  await ctx.audit({
    action: 'decision.urgent',
    objectType: 'decision',
    objectId: id,
    personId: demande.person_id,
    details: { outcome: input.outcome, amountGrantedCents: input.amountGrantedCents },
  });
  return { id };
});

/** The séance ratifies an urgent decision (open, with quorum). */
export const ratifyDecision = authedProcedure.input(ratificationInput).mutation(async ({ ctx, input }) => {
  const { d, demande } = await loadDecision(ctx, input.decisionId);
  if (!d.urgence) conflict('Seule une décision d’urgence est ratifiée.');
  if (d.ratified_at) conflict('Cette décision d’urgence a déjà été ratifiée.');
  const { s, capacities } = await seanceForDecision(ctx, input.seanceId, demande);
  if (!capacities.some((c) => c === 'president' || c === 'vice_president' || c === 'secretaire')) forbidden();
  if (demande.state === 'decidee_urgence')
    await transitionDemande(ctx, demande, 'ratifier', capacities, { seance_en_cours: true });
  await ctx.tx`
    UPDATE decision SET ratified_at = ${ctx.clock.now()}, ratified_seance_id = ${s.id}, version = version + 1
    WHERE id = ${d.id}`;
  await ctx.audit({
    action: 'decision.ratify',
    objectType: 'decision',
    objectId: d.id,
    personId: demande.person_id,
    details: { seanceId: s.id },
  });
  return { ok: true };
});

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/**
 * Signs a decision granting money. The signer holds a signing capacity in the commission; one
 * person signs once (the rule, and UNIQUE (decision, signer) in the database); a third signature
 * is refused (UNIQUE (decision, position)). The second signature consumes the aid kind's
 * envelope for the year in one conditional UPDATE: when it does not fit, the request fails
 * and nothing is signed.
 */
export const signDecisionProcedure = authedProcedure.input(signatureInput).mutation(async ({ ctx, input }) => {
  const { d, demande, signatures } = await loadDecision(ctx, input.decisionId);
  if (d.corrects_decision_id === null && (await isCorrected(ctx, d.id)))
    conflict('Cette décision a été rectifiée : signez la décision rectificative.');
  let capacities: CommissionCapacity[] = (await capacitiesIn(ctx, demande.commission_type_id)) ?? [];
  if (d.seance_id) {
    const [m] = await ctx.tx<{ capacities: CommissionCapacity[] }[]>`
      SELECT capacities FROM seance_member WHERE seance_id = ${d.seance_id} AND user_id = ${ctx.actor.userId}`;
    if (m) capacities = m.capacities;
  }
  if (!['coordinator', 'partner_manager', 'partner_worker', 'commission_member'].includes(ctx.actor.role))
    capacities = [];
  const now = ctx.clock.now();
  const result = signDecision(
    { ...decisionLike(d), signatures },
    { userId: ctx.actor.userId, capacities },
    now.toISOString(),
    input.capacity ?? undefined,
  );
  if (!result.ok) {
    if (result.error === 'non_habilite') forbidden();
    conflict(result.message);
  }
  const position = result.signatures.length;
  const signature = result.signatures.at(-1)!;
  try {
    await ctx.tx.savepoint(
      (sp) => sp`
        INSERT INTO decision_signature (territory_id, demande_id, decision_id, signer_user_id, position, capacity, signed_at)
        VALUES (${ctx.territoryId}, ${demande.id}, ${d.id}, ${ctx.actor.userId}, ${position}, ${signature.capacity}, ${now})`,
    );
  } catch (error) {
    if (isUniqueViolation(error)) conflict('Cette décision vient d’être signée par ailleurs : rechargez la page.');
    throw error;
  }
  if (result.complete) {
    // The amount this decision takes from the envelope: its grant, or for a correction the
    // difference with the decision it corrects.
    let amount = d.amount_granted_cents ?? 0;
    if (d.corrects_decision_id) {
      const [orig] = await ctx.tx<{ outcome: DecisionOutcome; amount_granted_cents: number | null }[]>`
        SELECT outcome, amount_granted_cents FROM decision WHERE id = ${d.corrects_decision_id}`;
      amount = envelopeDelta(
        { outcome: orig!.outcome, amountGrantedCents: orig!.amount_granted_cents },
        decisionLike(d),
      );
    }
    const year = Number(toIsoDate(d.decided_at).slice(0, 4));
    const [envelope] = await ctx.tx<{ id: string; budget_cents: number; consumed_cents: number }[]>`
      SELECT id, budget_cents, consumed_cents FROM commission_envelope
      WHERE commission_type_id = ${demande.commission_type_id} AND aid_kind = ${demande.aid_kind} AND year = ${year}`;
    if (!envelope)
      conflict(
        `Aucune enveloppe n’est ouverte pour « ${AID_KIND_LABELS[demande.aid_kind]} » en ${year} : la décision ne peut pas être engagée.`,
      );
    const [consumed] = await ctx.tx<{ consumed_cents: number; budget_cents: number }[]>`
      UPDATE commission_envelope SET consumed_cents = consumed_cents + ${amount}, updated_at = ${now},
        version = version + 1
      WHERE id = ${envelope.id} AND consumed_cents + ${amount} <= budget_cents AND consumed_cents + ${amount} >= 0
      RETURNING consumed_cents, budget_cents`;
    if (!consumed)
      conflict(
        `L’enveloppe « ${AID_KIND_LABELS[demande.aid_kind]} » ${year} ne suffit plus pour ce montant : la décision ne peut pas être engagée.`,
      );
    if (amount !== 0)
      await ctx.tx`
        INSERT INTO envelope_movement (territory_id, envelope_id, demande_id, decision_id, amount_cents, at)
        VALUES (${ctx.territoryId}, ${envelope.id}, ${demande.id}, ${d.id}, ${amount}, ${now})`;
    await ctx.tx`
      UPDATE decision SET signed_at = ${now}, envelope_id = ${envelope.id}, envelope_consumed_cents = ${amount},
        version = version + 1
      WHERE id = ${d.id}`;
    await decisionTimelineEntry(ctx, {
      personId: demande.person_id,
      numero: demande.numero,
      aidKind: demande.aid_kind,
      outcome: d.outcome,
      amountGrantedCents: d.amount_granted_cents,
      form: d.form,
    });
  }
  await ctx.audit({
    action: 'decision.sign',
    objectType: 'decision',
    objectId: d.id,
    personId: demande.person_id,
    details: { position, capacity: signature.capacity, complete: result.complete },
  });
  return { position, complete: result.complete };
});

async function isCorrected(ctx: TenantContext, decisionId: string) {
  const [c] = await ctx.tx`SELECT 1 FROM decision WHERE corrects_decision_id = ${decisionId}`;
  return !!c;
}

/** Notifies the decision (signed, or needing no signature): the letter is generated and stored in the file. */
export const notifyDecision = authedProcedure
  .input(z.object({ decisionId: idSchema }))
  .mutation(async ({ ctx, input }) => {
    const { d, demande, signatures } = await loadDecision(ctx, input.decisionId);
    const caps = (await capacitiesIn(ctx, demande.commission_type_id)) ?? [];
    const signed = new Set(signatures.map((s) => s.userId)).size >= d.required_signatures;
    if (!signed) conflict('La décision doit d’abord être signée par deux signataires.');
    if (demande.state === 'ajournee') conflict('Une demande ajournée est réexaminée à une prochaine séance.');
    await transitionDemande(ctx, demande, 'notifier', caps, { signee: signed });
    const documentId = await generateLetter(ctx, d.id, true);
    await ctx.audit({
      action: 'decision.notify',
      objectType: 'decision',
      objectId: d.id,
      personId: demande.person_id,
      details: { documentId },
    });
    return { documentId };
  });

/** Records a payment of a notified decision (payments log); the demande becomes « versée ». */
export const recordPayment = authedProcedure.input(paymentInput).mutation(async ({ ctx, input }) => {
  const demande = await loadDemande(ctx, input.demandeId);
  const caps = (await capacitiesIn(ctx, demande.commission_type_id)) ?? [];
  const [d] = await ctx.tx<
    {
      id: string;
      outcome: DecisionOutcome;
      amount_granted_cents: number | null;
      required_signatures: number;
      signatures: number;
    }[]
  >`
    SELECT d.id, d.outcome, d.amount_granted_cents, d.required_signatures,
      (SELECT count(*)::int FROM decision_signature s WHERE s.decision_id = d.id) AS signatures
    FROM decision d WHERE d.demande_id = ${demande.id}
      AND NOT EXISTS (SELECT 1 FROM decision c WHERE c.corrects_decision_id = d.id)
    ORDER BY d.decided_at DESC LIMIT 1`;
  if (!d) conflict('Cette demande n’a pas de décision.');
  const [paid] = await ctx.tx<{ total: number }[]>`
    SELECT coalesce(sum(amount_cents), 0)::int AS total FROM payment WHERE decision_id = ${d.id}`;
  if (paid!.total + input.amountCents > (d.amount_granted_cents ?? 0))
    fieldError('amountCents', 'Le total versé ne peut pas dépasser le montant accordé.');
  if (demande.state === 'notifiee')
    await transitionDemande(ctx, demande, 'verser', caps, {
      signee: d.signatures >= d.required_signatures,
      versement: decisionGrantsMoney({ outcome: d.outcome, amountGrantedCents: d.amount_granted_cents }),
    });
  else if (demande.state !== 'versee') conflict('La décision doit être notifiée avant le versement.');
  else if (ctx.actor.role !== 'coordinator') forbidden();
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO payment (territory_id, demande_id, decision_id, paid_on, amount_cents, payee, payee_name, reference,
      recorded_by_user_id, recorded_at)
    VALUES (${ctx.territoryId}, ${demande.id}, ${d.id}, ${input.paidOn}, ${input.amountCents}, ${input.payee},
      ${input.payeeName}, ${input.reference}, ${ctx.actor.userId}, ${ctx.clock.now()})
    RETURNING id`;
  await ctx.audit({
    action: 'decision.payment',
    objectType: 'payment',
    objectId: row!.id,
    personId: demande.person_id,
    details: { amountCents: input.amountCents, paidOn: input.paidOn },
  });
  return { id: row!.id };
});

export const decisionsRouter = router({
  record: recordDecision,
  update: updateDecision,
  urgent: decideUrgent,
  ratify: ratifyDecision,
  sign: signDecisionProcedure,
  notify: notifyDecision,
  pay: recordPayment,
});
