import {
  AID_KIND_LABELS,
  idSchema,
  initials,
  quorumRuleSchema,
  type AidKind,
  type AttendanceStatus,
  type CommissionCapacity,
  type DecisionForm,
  type DecisionOutcome,
} from '@ensemblier/shared';
import { z } from 'zod';
import { readAttachment } from '../../referrals/files.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, notFound, router } from '../../trpc/init.ts';
import { renderDecisionLetter, renderProcesVerbal, type DecisionForOutput } from '../outputs-pdf.ts';
import {
  canUseCommission,
  loadDemande,
  loadSeance,
  seanceMembers,
  seanceQuorum,
  storeDocument,
  territoryName,
  type DownloadedFile,
} from './seance-common.ts';

/**
 * Outputs: the procès-verbal (stored when the séance closes, kept forever; a draft is generated
 * while it is open), the decision letters (stored at notification), the payments log and the
 * envelopes' consumption per aid kind.
 */

interface DecisionOutRow {
  id: string;
  demande_id: string;
  seance_id: string | null;
  numero: string;
  nom: string;
  prenom: string;
  adresse: string | null;
  aid_kind: AidKind;
  objet: string;
  montant_demande_cents: number | null;
  outcome: DecisionOutcome;
  amount_granted_cents: number | null;
  form: DecisionForm | null;
  creditor_name: string | null;
  duration_value: number | null;
  duration_unit: 'semaines' | 'mois' | null;
  motive: string | null;
  votes_pour: number;
  votes_contre: number;
  abstentions: number;
  urgence: boolean;
  corrects_numero: string | null;
  decided_at: Date;
  signatures: { name: string; capacity: CommissionCapacity; signedAt: string }[];
}

const decisionColumns = (ctx: TenantContext) => ctx.tx`
  d.id, d.demande_id, d.seance_id, dm.numero, p.nom, p.prenom,
  concat_ws(', ', p.adresse, nullif(concat_ws(' ', cm.codes_postaux[1], cm.nom), '')) AS adresse,
  dm.aid_kind, dm.objet, dm.montant_demande_cents, d.outcome, d.amount_granted_cents, d.form, d.creditor_name,
  d.duration_value, d.duration_unit, d.motive, d.votes_pour, d.votes_contre, d.abstentions, d.urgence,
  (SELECT dm2.numero FROM decision o JOIN demande dm2 ON dm2.id = o.demande_id WHERE o.id = d.corrects_decision_id)
    AS corrects_numero,
  d.decided_at,
  coalesce((SELECT json_agg(json_build_object('name', u.name, 'capacity', s.capacity, 'signedAt', s.signed_at)
    ORDER BY s.position) FROM decision_signature s JOIN app_user u ON u.id = s.signer_user_id
    WHERE s.decision_id = d.id), '[]') AS signatures`;

function toOutput(r: DecisionOutRow): DecisionForOutput {
  return {
    numeroDossier: r.numero,
    applicant: { initiales: initials(r.prenom, r.nom), nom: r.nom, prenom: r.prenom, adresse: r.adresse || null },
    aidKind: r.aid_kind,
    objet: r.objet,
    amountAskedCents: r.montant_demande_cents,
    outcome: r.outcome,
    amountGrantedCents: r.amount_granted_cents,
    form: r.form,
    creditorName: r.creditor_name,
    duration: r.duration_value && r.duration_unit ? { value: r.duration_value, unit: r.duration_unit } : null,
    motive: r.motive,
    votes:
      r.votes_pour + r.votes_contre + r.abstentions > 0
        ? { pour: r.votes_pour, contre: r.votes_contre, abstention: r.abstentions }
        : null,
    urgence: r.urgence,
    correctsNumero: r.corrects_numero,
    signatures: r.signatures.map((s) => ({ name: s.name, capacity: s.capacity, signedAt: new Date(s.signedAt) })),
    decidedAt: r.decided_at,
  };
}

/** The PV's PDF; `store` (at closing) keeps it in the séance's documents. */
export async function generateProcesVerbal(
  ctx: TenantContext,
  seanceId: string,
  store: boolean,
): Promise<{ bytes: Buffer; fileName: string }> {
  const s = await loadSeance(ctx, seanceId);
  const members = await seanceMembers(ctx, s.id);
  const quorum = seanceQuorum(s, members);
  quorumRuleSchema.parse(s.quorum);
  const decisions = await ctx.tx<DecisionOutRow[]>`
    SELECT ${decisionColumns(ctx)}
    FROM decision d JOIN demande dm ON dm.id = d.demande_id JOIN person p ON p.id = dm.person_id
    LEFT JOIN commune cm ON cm.code = p.commune_insee
    WHERE d.seance_id = ${s.id} OR d.ratified_seance_id = ${s.id}
    ORDER BY d.decided_at, d.created_at`;
  const names = new Map(members.map((m) => [m.user_id, m.name]));
  const bytes = await renderProcesVerbal({
    territoryName: await territoryName(ctx),
    commissionName: s.commission_name,
    date: s.date,
    heure: s.heure,
    lieu: s.lieu,
    members: members.map((m) => ({
      name: m.name,
      organisation: m.organisation_name,
      voting: m.voting,
      status: m.attendance as AttendanceStatus | null,
      proxyHolder: m.proxy_holder_user_id ? (names.get(m.proxy_holder_user_id) ?? null) : null,
      capacities: m.capacities,
    })),
    quorum,
    decisions: decisions.map(toOutput),
    openedAt: s.opened_at,
    closedAt: s.closed_at,
    generatedAt: ctx.clock.now(),
  });
  const fileName = `proces-verbal-seance-${s.numero}.pdf`;
  if (store) await storeDocument(ctx, { kind: 'proces_verbal', seanceId: s.id, fileName, bytes });
  return { bytes, fileName };
}

/** The letter's PDF for a decision; `store` (at notification) keeps it in the demande's documents. */
export async function generateLetter(ctx: TenantContext, decisionId: string, store: boolean): Promise<string | Buffer> {
  const [r] = await ctx.tx<(DecisionOutRow & { commission_name: string; seance_date: string | null })[]>`
    SELECT ${decisionColumns(ctx)}, ct.name AS commission_name, s.date::text AS seance_date
    FROM decision d JOIN demande dm ON dm.id = d.demande_id JOIN person p ON p.id = dm.person_id
    JOIN commission_type ct ON ct.id = dm.commission_type_id
    LEFT JOIN seance s ON s.id = d.seance_id
    LEFT JOIN commune cm ON cm.code = p.commune_insee
    WHERE d.id = ${decisionId}`;
  if (!r) notFound();
  const bytes = await renderDecisionLetter({
    territoryName: await territoryName(ctx),
    commissionName: r.commission_name,
    seanceDate: r.seance_date,
    decision: toOutput(r),
    generatedAt: ctx.clock.now(),
  });
  if (!store) return bytes;
  return storeDocument(ctx, {
    kind: 'lettre_decision',
    demandeId: r.demande_id,
    decisionId: r.id,
    fileName: `decision-${r.numero}.pdf`,
    bytes,
  });
}

const pdf = (bytes: Buffer, fileName: string): DownloadedFile => ({
  fileName,
  mimeType: 'application/pdf',
  contentBase64: bytes.toString('base64'),
});

/** The procès-verbal: the stored one once the séance is closed, a draft before. */
export const procesVerbal = authedProcedure
  .input(z.object({ seanceId: idSchema }))
  .query(async ({ ctx, input }): Promise<DownloadedFile> => {
    const s = await loadSeance(ctx, input.seanceId);
    if (s.state === 'annulee') conflict('Une séance annulée n’a pas de procès-verbal.');
    const [stored] = await ctx.tx<{ id: string; storage_key: string; sha256: string; file_name: string }[]>`
      SELECT id, storage_key, sha256, file_name FROM commission_document
      WHERE seance_id = ${s.id} AND kind = 'proces_verbal' ORDER BY created_at DESC LIMIT 1`;
    const file = stored
      ? pdf(await readAttachment(ctx.config.filesDir, stored.storage_key, stored.sha256), stored.file_name)
      : await generateProcesVerbal(ctx, s.id, false).then((g) => pdf(g.bytes, g.fileName));
    await ctx.audit({
      action: 'seance.proces_verbal',
      objectType: 'seance',
      objectId: s.id,
      details: { stored: !!stored },
    });
    return file;
  });

/** The decision letter: the stored (notified) one, else generated for reading. */
export const decisionLetter = authedProcedure
  .input(z.object({ decisionId: idSchema }))
  .query(async ({ ctx, input }): Promise<DownloadedFile> => {
    const [d] = await ctx.tx<{ demande_id: string }[]>`SELECT demande_id FROM decision WHERE id = ${input.decisionId}`;
    if (!d) notFound();
    const demande = await loadDemande(ctx, d.demande_id, false);
    const [stored] = await ctx.tx<{ storage_key: string; sha256: string; file_name: string }[]>`
      SELECT storage_key, sha256, file_name FROM commission_document
      WHERE decision_id = ${input.decisionId} AND kind = 'lettre_decision' ORDER BY created_at DESC LIMIT 1`;
    const file = stored
      ? pdf(await readAttachment(ctx.config.filesDir, stored.storage_key, stored.sha256), stored.file_name)
      : pdf((await generateLetter(ctx, input.decisionId, false)) as Buffer, `decision-${demande.numero}.pdf`);
    await ctx.audit({
      action: 'decision.letter',
      objectType: 'decision',
      objectId: input.decisionId,
      personId: demande.person_id,
      details: { stored: !!stored },
    });
    return file;
  });

/**
 * Payments log (date, amount, to whom, file number) and envelope consumption per aid kind for a
 * year, for the commissions the actor may see. The payee of a payment to the person is shown
 * as « la personne » (no names in the log).
 */
export const paymentsAndEnvelopes = authedProcedure
  .input(z.object({ year: z.number().int().min(2000).max(2100) }))
  .query(async ({ ctx, input }) => {
    const coordinator = ctx.actor.role === 'coordinator';
    const envelopes = await ctx.tx<
      {
        id: string;
        commission_name: string;
        commission_type_id: string;
        aid_kind: AidKind;
        budget_cents: number;
        consumed_cents: number;
      }[]
    >`
      SELECT e.id, ct.name AS commission_name, e.commission_type_id, e.aid_kind, e.budget_cents, e.consumed_cents
      FROM commission_envelope e JOIN commission_type ct ON ct.id = e.commission_type_id
      WHERE e.year = ${input.year} AND (${coordinator} OR e.commission_type_id IN (
        SELECT commission_type_id FROM commission_member WHERE user_id = ${ctx.actor.userId}))
      ORDER BY ct.name, e.aid_kind`;
    const payments = await ctx.tx<
      {
        id: string;
        paid_on: string;
        amount_cents: number;
        payee: 'tiers' | 'personne';
        payee_name: string;
        reference: string | null;
        numero: string;
        aid_kind: AidKind;
      }[]
    >`
      SELECT pm.id, pm.paid_on::text AS paid_on, pm.amount_cents, pm.payee, pm.payee_name, pm.reference, dm.numero,
        dm.aid_kind
      FROM payment pm JOIN demande dm ON dm.id = pm.demande_id
      WHERE pm.paid_on >= make_date(${input.year}, 1, 1) AND pm.paid_on < make_date(${input.year} + 1, 1, 1)
        AND (${coordinator} OR dm.commission_type_id IN (
          SELECT commission_type_id FROM commission_member WHERE user_id = ${ctx.actor.userId}))
      ORDER BY pm.paid_on DESC, pm.recorded_at DESC LIMIT 500`;
    if (!coordinator && envelopes.length === 0 && !(await canUseAny(ctx))) notFound();
    await ctx.audit({
      action: 'commission.payments.read',
      objectType: 'commission',
      objectId: null,
      details: { year: input.year },
    });
    return {
      envelopes: envelopes.map((e) => ({
        id: e.id,
        commissionName: e.commission_name,
        aidKind: e.aid_kind,
        aidKindLabel: AID_KIND_LABELS[e.aid_kind],
        budgetCents: e.budget_cents,
        consumedCents: e.consumed_cents,
        remainingCents: e.budget_cents - e.consumed_cents,
      })),
      payments: payments.map((p) => ({
        id: p.id,
        paidOn: p.paid_on,
        amountCents: p.amount_cents,
        payee: p.payee,
        payeeName: p.payee === 'tiers' ? p.payee_name : 'La personne',
        reference: p.reference,
        numero: p.numero,
        aidKindLabel: AID_KIND_LABELS[p.aid_kind],
      })),
    };
  });

async function canUseAny(ctx: TenantContext) {
  const [m] = await ctx.tx<{ commission_type_id: string }[]>`
    SELECT commission_type_id FROM commission_member WHERE user_id = ${ctx.actor.userId} LIMIT 1`;
  return m ? canUseCommission(ctx, m.commission_type_id) : false;
}

export const outputsRouter = router({
  procesVerbal,
  letter: decisionLetter,
  payments: paymentsAndEnvelopes,
});
