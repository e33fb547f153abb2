import {
  AID_KIND_LABELS,
  DECISION_OUTCOME_LABELS,
  idSchema,
  type AidKind,
  type DecisionOutcome,
} from '@ensemblier/shared';
import { z } from 'zod';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, forbidden, router } from '../../trpc/init.ts';
import { statsCsv, statsXlsx, type StatTable } from '../stat-export.ts';
import type { DownloadedFile } from './seance-common.ts';

/**
 * Statistics of the commissions for a year (coordinators; a commission member for the
 * commissions they sit in): demandes and amounts by aid kind, by month (of the request) and by
 * decision (the decision in force), average reste à vivre per unit and per day (of the demandes
 * computed), and delays from request (deposee_le) to decision (decided_at), in days. Counts and
 * sums only — no person data. CSV and XLSX exports.
 */

const statsInput = z.object({
  year: z.number({ error: 'Indiquez l’année.' }).int().min(2000, 'Année invalide.').max(2100, 'Année invalide.'),
  commissionTypeId: idSchema.nullish().transform((v) => v ?? null),
});

const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const euros = (cents: number | null) => (cents === null ? null : Math.round(cents) / 100);

async function computeStats(ctx: TenantContext, input: z.infer<typeof statsInput>) {
  const allowed = ['coordinator', 'partner_manager', 'partner_worker', 'commission_member'].includes(ctx.actor.role);
  if (!allowed) forbidden();
  const coordinator = ctx.actor.role === 'coordinator';
  // One row per demande of the year with its decision in force (the last one not corrected).
  const rows = await ctx.tx<
    {
      aid_kind: AidKind;
      month: number;
      montant_demande_cents: number | null;
      outcome: DecisionOutcome | null;
      amount_granted_cents: number | null;
      rav_jour: number | null;
      rav_mois: number | null;
      delay_days: number | null;
    }[]
  >`
    SELECT dm.aid_kind, extract(month FROM dm.deposee_le)::int AS month, dm.montant_demande_cents,
      dec.outcome, dec.amount_granted_cents, dm.rav_par_unite_jour_cents AS rav_jour,
      dm.rav_par_unite_mois_cents AS rav_mois,
      CASE WHEN dec.decided_at IS NULL THEN NULL
        ELSE (dec.decided_at AT TIME ZONE 'Europe/Paris')::date - dm.deposee_le END AS delay_days
    FROM demande dm
    LEFT JOIN LATERAL (
      SELECT d.outcome, d.amount_granted_cents, d.decided_at FROM decision d
      WHERE d.demande_id = dm.id AND NOT EXISTS (SELECT 1 FROM decision c WHERE c.corrects_decision_id = d.id)
      ORDER BY d.decided_at DESC LIMIT 1) dec ON true
    WHERE dm.deposee_le >= make_date(${input.year}, 1, 1) AND dm.deposee_le < make_date(${input.year} + 1, 1, 1)
      AND (${input.commissionTypeId}::uuid IS NULL OR dm.commission_type_id = ${input.commissionTypeId})
      AND (${coordinator} OR dm.commission_type_id IN (
        SELECT commission_type_id FROM commission_member WHERE user_id = ${ctx.actor.userId}))`;

  const group = <K extends string | number>(key: (r: (typeof rows)[number]) => K) => {
    const out = new Map<K, { demandes: number; demandeCents: number; accordees: number; accordeCents: number }>();
    for (const r of rows) {
      const k = key(r);
      const g = out.get(k) ?? { demandes: 0, demandeCents: 0, accordees: 0, accordeCents: 0 };
      g.demandes += 1;
      g.demandeCents += r.montant_demande_cents ?? 0;
      if (r.outcome === 'accord' || r.outcome === 'accord_partiel') {
        g.accordees += 1;
        g.accordeCents += r.amount_granted_cents ?? 0;
      }
      out.set(k, g);
    }
    return out;
  };
  const byAid = [...group((r) => r.aid_kind)].map(([k, g]) => ({ key: k, label: AID_KIND_LABELS[k], ...g }));
  byAid.sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  const byMonth = [...group((r) => r.month)]
    .map(([k, g]) => ({ key: k, label: `${MONTHS[k - 1]} ${input.year}`, ...g }))
    .sort((a, b) => a.key - b.key);
  const byDecision = [...group((r) => r.outcome ?? 'en_attente')]
    .map(([k, g]) => ({
      key: k,
      label: k === 'en_attente' ? 'Sans décision' : DECISION_OUTCOME_LABELS[k as DecisionOutcome],
      ...g,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const ravJour = rows.map((r) => r.rav_jour).filter((x): x is number => x !== null);
  const ravMois = rows.map((r) => r.rav_mois).filter((x): x is number => x !== null);
  const delays = rows
    .map((r) => r.delay_days)
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b);
  const median = delays.length
    ? delays.length % 2
      ? delays[(delays.length - 1) / 2]!
      : (delays[delays.length / 2 - 1]! + delays[delays.length / 2]!) / 2
    : null;
  return {
    year: input.year,
    total: rows.length,
    byAid,
    byMonth,
    byDecision,
    resteAVivre: {
      demandes: ravJour.length,
      moyenneJourCents: ravJour.length ? Math.round(avg(ravJour)!) : null,
      moyenneMoisCents: ravMois.length ? Math.round(avg(ravMois)!) : null,
    },
    delais: {
      decisions: delays.length,
      moyenneJours: delays.length ? Math.round(avg(delays)! * 10) / 10 : null,
      medianeJours: median,
      maxJours: delays.length ? delays.at(-1)! : null,
    },
  };
}

export const statsSummary = authedProcedure.input(statsInput).query(async ({ ctx, input }) => {
  const stats = await computeStats(ctx, input);
  await ctx.audit({ action: 'commission.stats.read', objectType: 'commission', details: { year: input.year } });
  return stats;
});

function tablesOf(s: Awaited<ReturnType<typeof computeStats>>): StatTable[] {
  const headers = (first: string) => [
    first,
    'Demandes',
    'Montant demandé (€)',
    'Aides accordées',
    'Montant accordé (€)',
  ];
  const lines = (
    gs: { label: string; demandes: number; demandeCents: number; accordees: number; accordeCents: number }[],
  ) => gs.map((g) => [g.label, g.demandes, euros(g.demandeCents), g.accordees, euros(g.accordeCents)]);
  return [
    { name: 'Par type d’aide', headers: headers('Type d’aide'), rows: lines(s.byAid) },
    { name: 'Par mois', headers: headers('Mois de la demande'), rows: lines(s.byMonth) },
    { name: 'Par décision', headers: headers('Décision'), rows: lines(s.byDecision) },
    {
      name: 'Reste à vivre et délais',
      headers: ['Indicateur', 'Valeur'],
      rows: [
        ['Demandes de l’année', s.total],
        ['Reste à vivre moyen par UC et par jour (€)', euros(s.resteAVivre.moyenneJourCents)],
        ['Reste à vivre moyen par UC et par mois (€)', euros(s.resteAVivre.moyenneMoisCents)],
        ['Délai moyen de la demande à la décision (jours)', s.delais.moyenneJours],
        ['Délai médian (jours)', s.delais.medianeJours],
        ['Délai le plus long (jours)', s.delais.maxJours],
      ],
    },
  ];
}

export const statsExport = authedProcedure
  .input(statsInput.extend({ format: z.enum(['csv', 'xlsx'], { error: 'Format inconnu.' }) }))
  .query(async ({ ctx, input }): Promise<DownloadedFile> => {
    const stats = await computeStats(ctx, input);
    const tables = tablesOf(stats);
    const bytes = input.format === 'csv' ? statsCsv(tables) : await statsXlsx(tables, ctx.clock.now());
    await ctx.audit({
      action: 'commission.stats.export',
      objectType: 'commission',
      details: { year: input.year, format: input.format },
    });
    return {
      fileName: `statistiques-commissions-${input.year}.${input.format}`,
      mimeType:
        input.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      contentBase64: bytes.toString('base64'),
    };
  });

export const statsRouter = router({ summary: statsSummary, export: statsExport });
