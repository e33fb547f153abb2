import { isoAddMonths, monthLabel, parisDate } from '@ensemblier/shared';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, fieldError, forbidden } from '../../trpc/init.ts';
import type { DownloadedFile } from '../../persons/procedures/rights.ts';

/**
 * Visit statistics (issue 7): per month of the Paris calendar, the visits and calls done, the
 * absences and refusals, the visiting time, the distinct persons visited, the alerts raised and
 * their follow-up; the same over the whole period, and per visitor. Coordinators and admins only.
 * No person appears (counts only; visitors are named: they are the CCAS's own volunteers and
 * agents). The CSV is for French spreadsheets like the register's (BOM, « ; », CRLF).
 *
 * Definitions (docs/visits.md):
 * - a record counts in the month of its `occurred_at` on the Paris calendar;
 * - « visites faites » / « appels faits »: outcome `realisee`; « absent » / « refus »: the others;
 * - the visiting time is the sum of the durations given (any outcome), in minutes;
 * - « personnes visitées »: distinct persons with at least one record `realisee` (over the period,
 *   this is not the sum of the months);
 * - alerts are counted in the month they were raised; « traitées » are those handled since, and
 *   the median time to handle runs from the server's receipt of the record (when the
 *   coordinators were notified) to the moment it was marked handled.
 */

const STATS_ROLES = ['coordinator', 'admin'] as const;
export const MAX_MONTHS = 36;

function requireStats(ctx: TenantContext) {
  if (!(STATS_ROLES as readonly string[]).includes(ctx.actor.role)) forbidden();
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const month = (label: string) =>
  z
    .string({ error: `Indiquez le mois ${label} (AAAA-MM).` })
    .trim()
    .regex(MONTH, `Indiquez le mois ${label} au format AAAA-MM, par exemple 2026-03.`)
    .optional();

export const statsInput = z.object({ from: month('de début'), to: month('de fin') });
export type StatsInput = z.infer<typeof statsInput>;

export const statsCsvInput = statsInput.extend({ table: z.enum(['mois', 'visiteurs']).default('mois') });

const monthsBetween = (from: string, to: string) => {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
};

/** The period asked, or the last 12 months ending with the current Paris month. */
export function statsPeriod(input: StatsInput, now: Date): { from: string; to: string } {
  const current = parisDate(now).slice(0, 7);
  const to = input.to ?? (input.from ? isoAddMonths(`${input.from}-01`, 11).slice(0, 7) : current);
  const from = input.from ?? isoAddMonths(`${to}-01`, -11).slice(0, 7);
  if (from > to) fieldError('to', 'Le mois de fin doit être après le mois de début.');
  if (monthsBetween(from, to) > MAX_MONTHS) fieldError('to', `Choisissez une période de ${MAX_MONTHS} mois au plus.`);
  return { from, to };
}

export interface Figures {
  visits: number;
  calls: number;
  absent: number;
  refused: number;
  minutes: number;
  persons: number;
  alerts: number;
  alertsHandled: number;
  medianMinutesToHandle: number | null;
}

interface FigureRow {
  visits: number;
  calls: number;
  absent: number;
  refused: number;
  minutes: number;
  persons: number;
  alerts: number;
  alerts_handled: number;
  median_minutes: number | null;
}

function figures(ctx: TenantContext) {
  return ctx.tx`
    count(v.id) FILTER (WHERE v.kind = 'visite' AND v.outcome = 'realisee')::int AS visits,
    count(v.id) FILTER (WHERE v.kind = 'appel' AND v.outcome = 'realisee')::int AS calls,
    count(v.id) FILTER (WHERE v.outcome = 'absente')::int AS absent,
    count(v.id) FILTER (WHERE v.outcome = 'refusee')::int AS refused,
    coalesce(sum(v.duration_minutes), 0)::int AS minutes,
    count(DISTINCT v.person_id) FILTER (WHERE v.outcome = 'realisee')::int AS persons,
    count(v.id) FILTER (WHERE v.alert)::int AS alerts,
    count(v.id) FILTER (WHERE v.alert_handled_at IS NOT NULL)::int AS alerts_handled,
    (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM v.alert_handled_at - v.received_at) / 60)
      FILTER (WHERE v.alert_handled_at IS NOT NULL))::float8 AS median_minutes`;
}

const toFigures = (r: FigureRow | undefined): Figures => ({
  visits: r?.visits ?? 0,
  calls: r?.calls ?? 0,
  absent: r?.absent ?? 0,
  refused: r?.refused ?? 0,
  minutes: r?.minutes ?? 0,
  persons: r?.persons ?? 0,
  alerts: r?.alerts ?? 0,
  alertsHandled: r?.alerts_handled ?? 0,
  medianMinutesToHandle: r?.median_minutes == null ? null : Math.round(r.median_minutes),
});

/** The visits of the period: from the first Paris midnight of `from` to the first of the month after `to`. */
function periodVisits(ctx: TenantContext, p: { from: string; to: string }) {
  const start = `${p.from}-01`;
  const end = isoAddMonths(`${p.to}-01`, 1);
  return ctx.tx`(SELECT * FROM visit
    WHERE occurred_at >= (${start}::date::timestamp AT TIME ZONE 'Europe/Paris')
      AND occurred_at < (${end}::date::timestamp AT TIME ZONE 'Europe/Paris'))`;
}

export async function computeStats(ctx: TenantContext, input: StatsInput) {
  const period = statsPeriod(input, ctx.clock.now());
  const byMonth = await ctx.tx<(FigureRow & { month: string })[]>`
    WITH months AS (
      SELECT to_char(m, 'YYYY-MM') AS month
      FROM generate_series(${`${period.from}-01`}::date, ${`${period.to}-01`}::date, interval '1 month') m
    ), v AS (
      SELECT to_char(pv.occurred_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS month, pv.*
      FROM ${periodVisits(ctx, period)} pv
    )
    SELECT months.month, ${figures(ctx)}
    FROM months LEFT JOIN v ON v.month = months.month
    GROUP BY months.month ORDER BY months.month`;
  const [total] = await ctx.tx<FigureRow[]>`SELECT ${figures(ctx)} FROM ${periodVisits(ctx, period)} v`;
  const byVisitor = await ctx.tx<(FigureRow & { user_id: string; name: string })[]>`
    SELECT v.visitor_user_id AS user_id, u.name, ${figures(ctx)}
    FROM ${periodVisits(ctx, period)} v JOIN app_user u ON u.id = v.visitor_user_id
    GROUP BY v.visitor_user_id, u.name ORDER BY u.name, v.visitor_user_id`;
  return {
    period,
    months: byMonth.map((r) => ({ month: r.month, ...toFigures(r) })),
    total: toFigures(total),
    visitors: byVisitor.map((r) => ({ userId: r.user_id, name: r.name, ...toFigures(r) })),
  };
}

export const stats = authedProcedure.input(statsInput).query(async ({ ctx, input }) => {
  requireStats(ctx);
  const result = await computeStats(ctx, input);
  await ctx.audit({
    action: 'visits.stats.read',
    objectType: 'visit',
    objectId: null,
    personId: null,
    details: result.period,
  });
  return result;
});

/** Hours with a decimal comma, as French spreadsheets read them (« 12,5 »). */
const hours = (minutes: number) => String(Math.round((minutes / 60) * 10) / 10).replace('.', ',');
const median = (m: number | null) => (m === null ? '' : String(m));

const FIGURE_HEADERS = [
  'Visites faites',
  'Appels faits',
  'Absences',
  'Refus',
  'Heures de visite',
  'Personnes visitées',
  'Alertes signalées',
  'Alertes traitées',
  'Délai médian de traitement (minutes)',
];
const figureCells = (f: Figures) => [
  String(f.visits),
  String(f.calls),
  String(f.absent),
  String(f.refused),
  hours(f.minutes),
  String(f.persons),
  String(f.alerts),
  String(f.alertsHandled),
  median(f.medianMinutesToHandle),
];

export function statsCsv(s: Awaited<ReturnType<typeof computeStats>>, table: 'mois' | 'visiteurs'): Buffer {
  const rows =
    table === 'mois'
      ? [
          ['Mois', ...FIGURE_HEADERS],
          ...s.months.map((m) => [monthLabel(m.month), ...figureCells(m)]),
          ['Total de la période', ...figureCells(s.total)],
        ]
      : [['Visiteur', ...FIGURE_HEADERS], ...s.visitors.map((v) => [v.name, ...figureCells(v)])];
  const csv = stringify(rows, { delimiter: ';', record_delimiter: 'windows' });
  return Buffer.from(`\ufeff${csv}`, 'utf8');
}

export const exportCsv = authedProcedure.input(statsCsvInput).query(async ({ ctx, input }): Promise<DownloadedFile> => {
  requireStats(ctx);
  const result = await computeStats(ctx, input);
  await ctx.audit({
    action: 'visits.stats.export',
    objectType: 'visit',
    objectId: null,
    personId: null,
    details: { ...result.period, table: input.table },
  });
  return {
    fileName: `statistiques-visites-${input.table}-${result.period.from}-${result.period.to}.csv`,
    mimeType: 'text/csv; charset=utf-8',
    contentBase64: statsCsv(result, input.table).toString('base64'),
  };
});
