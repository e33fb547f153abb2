import { can, listReferralsInput, type ReferralState } from '@ensemblier/shared';
import type { TransactionSql } from '@ensemblier/db';
import { personAccessSql } from '../../persons/access.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, forbidden } from '../../trpc/init.ts';
import { DAY_MS, waitingDays } from '../common.ts';

/** Totals are counted up to this many rows (a capped count stays fast on a million tasks). */
export const COUNT_CAP = 1000;

type ListInput = ReturnType<typeof listReferralsInput.parse>;

/** Midnight (Paris) starting a 'YYYY-MM-DD' day, as an SQL expression. */
const parisDay = (tx: TransactionSql, date: string) => tx`(${date}::date::timestamp AT TIME ZONE 'Europe/Paris')`;

/**
 * The WHERE clause of a view. Every view starts with equality on an indexed column and ranges
 * on sent_at (LEAKPROOF operators: the indexes of 0006 serve them under RLS):
 * - recues: (territory, recipient_organisation_id, sent_at DESC) — sent tasks only;
 * - envoyees: (territory, sender_organisation_id, sent_at DESC) — drafts included;
 * - a_router: the partial index on to_route tasks waiting;
 * - reseau: (territory, sent_at DESC) — sent tasks only.
 * Other filters (state, urgency, partner, thématique) are checked on the rows read.
 */
function viewFilter(ctx: TenantContext, input: ListInput, now: Date) {
  const tx = ctx.tx;
  const org = ctx.actor.organisationId;
  const base =
    input.view === 'recues'
      ? tx`t.recipient_organisation_id = ${org} AND t.sent_at IS NOT NULL`
      : input.view === 'envoyees'
        ? tx`t.sender_organisation_id = ${org}`
        : input.view === 'a_router'
          ? tx`t.to_route AND t.state IN ('envoyee', 'vue')`
          : tx`t.sent_at IS NOT NULL`;
  const partner =
    input.partnerId == null
      ? tx``
      : input.view === 'recues' || input.view === 'a_router'
        ? tx`AND t.sender_organisation_id = ${input.partnerId}`
        : input.view === 'envoyees'
          ? tx`AND t.recipient_organisation_id = ${input.partnerId}`
          : tx`AND (t.sender_organisation_id = ${input.partnerId} OR t.recipient_organisation_id = ${input.partnerId})`;
  const states = input.states.length ? tx`AND t.state = ANY(${input.states}::text[])` : tx``;
  const urgency = input.urgency ? tx`AND t.urgency = ${input.urgency}` : tx``;
  const from = input.sentFrom ? tx`AND t.sent_at >= ${parisDay(tx, input.sentFrom)}` : tx``;
  const to = input.sentTo ? tx`AND t.sent_at < ${parisDay(tx, input.sentTo)} + interval '1 day'` : tx``;
  const waiting = input.waitingDays
    ? tx`AND t.state IN ('envoyee', 'vue') AND t.sent_at <= ${new Date(now.getTime() - input.waitingDays * DAY_MS)}`
    : tx``;
  const category = input.thematiqueCategory
    ? tx`AND EXISTS (SELECT 1 FROM referral r WHERE r.id = t.referral_id
        AND EXISTS (SELECT 1 FROM unnest(r.thematiques) th
          WHERE th = ${input.thematiqueCategory} OR left(th, ${input.thematiqueCategory.length + 2}) = ${input.thematiqueCategory + '--'}))`
    : tx``;
  return tx`${base} ${partner} ${states} ${urgency} ${from} ${to} ${waiting} ${category}`;
}

function requireView(ctx: TenantContext, view: ListInput['view']) {
  if (!can(ctx.actor, 'referral.use')) forbidden();
  if (view === 'a_router' && !can(ctx.actor, 'referral.route')) forbidden();
  if (view === 'reseau' && !can(ctx.actor, 'referral.network')) forbidden();
}

interface ListRow {
  referral_id: string;
  task_id: string;
  person_name: string | null;
  thematiques: string[];
  urgency: 'normale' | 'urgente';
  state: ReferralState;
  sender_organisation_id: string;
  sender_organisation_name: string;
  recipient_organisation_id: string;
  recipient_organisation_name: string;
  service_nom: string | null;
  to_route: boolean;
  sent_at: Date | null;
  updated_at: Date;
}

/**
 * postgres.js prepares every statement; after five runs PostgreSQL may switch to a generic
 * plan, which cannot see how selective this organisation, state or urgency is in this
 * territory and then scans the whole table (measured: 11 ms → 60 ms on 1M tasks, see
 * apps/api/bench). Planning each list query for its actual values costs about a millisecond.
 */
async function customPlans(tx: TransactionSql) {
  await tx`SELECT set_config('plan_cache_mode', 'force_custom_plan', true)`;
}

/**
 * Lists of tasks ("Reçues", "Envoyées", "À router", "Tout le réseau"). The page's task ids are
 * read from one index (ORDER BY sent_at, LIMIT/OFFSET); names are joined for those rows only;
 * the total is counted up to COUNT_CAP. A person's name appears only when the actor's
 * organisation may see the person (no objection).
 */
export const listReferrals = authedProcedure.input(listReferralsInput).query(async ({ ctx, input }) => {
  requireView(ctx, input.view);
  const now = ctx.clock.now();
  const tx = ctx.tx;
  await customPlans(tx);
  const where = viewFilter(ctx, input, now);
  const order =
    input.sort === 'recent'
      ? tx`t.sent_at DESC NULLS FIRST, t.id DESC`
      : input.sort === 'ancien'
        ? tx`t.sent_at ASC NULLS LAST, t.id`
        : tx`(t.state IN ('envoyee', 'vue')) DESC, t.sent_at ASC NULLS LAST, t.id`;
  const offset = (input.page - 1) * input.pageSize;
  // 1. The page: one table, one index, planned for these values (customPlans).
  const page = await tx<{ id: string }[]>`
    SELECT t.id FROM referral_task t
    WHERE ${where}
    ORDER BY ${order}
    LIMIT ${input.pageSize} OFFSET ${offset}`;
  const [count] = await tx<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM referral_task t WHERE ${where} LIMIT ${COUNT_CAP + 1}) c`;
  // 2. What the page shows: primary-key lookups, whose cached generic plan is right whatever
  // the values (planning these joins for every request cost more than running them).
  await tx`SELECT set_config('plan_cache_mode', 'auto', true)`;
  const ids = page.map((r) => r.id);
  const byId = new Map(
    (ids.length === 0
      ? []
      : await tx<ListRow[]>`
    SELECT t.referral_id, t.id AS task_id, t.state, t.urgency, r.thematiques,
      CASE WHEN ${personAccessSql(tx, ctx, 'r.person_id')} THEN p.prenom || ' ' || p.nom END AS person_name,
      t.sender_organisation_id, so.name AS sender_organisation_name,
      t.recipient_organisation_id, ro.name AS recipient_organisation_name,
      s.nom AS service_nom, t.to_route, t.sent_at, t.updated_at
    FROM referral_task t
    JOIN referral r ON r.id = t.referral_id
    JOIN person p ON p.id = r.person_id
    JOIN organisation so ON so.id = t.sender_organisation_id
    JOIN organisation ro ON ro.id = t.recipient_organisation_id
    LEFT JOIN service s ON s.id = t.service_id
    WHERE t.id = ANY(${ids}::uuid[])`
    ).map((r) => [r.task_id, r]),
  );
  const rows = ids.map((id) => byId.get(id)!);
  const n = count!.n;
  await ctx.audit({
    action: 'referral.list',
    objectType: 'referral',
    details: { view: input.view, page: input.page, rows: rows.length },
  });
  return {
    items: rows.map((r) => ({
      referralId: r.referral_id,
      taskId: r.task_id,
      personName: r.person_name,
      thematiques: r.thematiques,
      urgency: r.urgency,
      state: r.state,
      senderOrganisation: { id: r.sender_organisation_id, name: r.sender_organisation_name },
      recipientOrganisation: { id: r.recipient_organisation_id, name: r.recipient_organisation_name },
      serviceName: r.service_nom,
      toRoute: r.to_route,
      sentAt: r.sent_at,
      waitingDays: waitingDays(r, now),
      updatedAt: r.updated_at,
    })),
    page: input.page,
    pageSize: input.pageSize,
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
  };
});

/**
 * What waits, for the navigation counters: tasks received still "envoyée"/"vue"
 * (referral_task_recipient_state_idx); for coordinators, referrals "à router" waiting (the
 * partial index), null for others. Each count is capped like the lists' totals.
 */
export const referralCounts = authedProcedure.query(async ({ ctx }) => {
  if (!can(ctx.actor, 'referral.use')) return { recues: 0, aRouter: null };
  const org = ctx.actor.organisationId;
  await customPlans(ctx.tx);
  const [row] = await ctx.tx<{ recues: number; a_router: number | null }[]>`
    SELECT
      (SELECT count(*)::int FROM (SELECT 1 FROM referral_task t
        WHERE t.recipient_organisation_id = ${org} AND t.state IN ('envoyee', 'vue') LIMIT ${COUNT_CAP}) x) AS recues,
      CASE WHEN ${can(ctx.actor, 'referral.route')}::boolean THEN
        (SELECT count(*)::int FROM (SELECT 1 FROM referral_task t
          WHERE t.to_route AND t.state IN ('envoyee', 'vue') LIMIT ${COUNT_CAP}) y) END AS a_router`;
  return { recues: row!.recues, aRouter: row!.a_router };
});
