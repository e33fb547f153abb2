import {
  bucketOf,
  callEffects,
  callStates,
  campaignCallInput,
  campaignInput,
  campaignProgress,
  CALL_STATUSES,
  can,
  idSchema,
  occurredAtError,
  parisDate,
  PROGRESS_BUCKETS,
  resubmission,
  splitCallList,
  visitCard,
  visitCardSchema,
  type CallStatus,
  type CampaignProgress,
  type ProgressBucket,
  CAMPAIGN_TYPE_LABELS,
  type SplitCaller,
  type VisitCard,
} from '@ensemblier/shared';
import { stringify } from 'csv-stringify/sync';
import { Buffer } from 'node:buffer';
import { z } from 'zod';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { applyRecordEffects } from '../effects.ts';
import type { DownloadedFile } from '../../persons/procedures/rights.ts';
import { campaignColumns, campaignData, clockOf, type CampaignRow } from '../campaign-data.ts';

/**
 * Heatwave and cold-spell campaigns (issue 7). A coordinator (`register.manage`) starts a
 * campaign: every person registered in the register becomes its call list, split among the
 * chosen callers (`splitCallList`); the coordinators follow the live board (`campaignProgress`,
 * `callStates`). A caller sees ONLY the persons assigned to them, and ONLY their logistics card
 * (`visitCard`, a whitelist, and `.output(visitCardSchema)` as a second guard); any other
 * campaign or person → NOT_FOUND. Calls are idempotent by client id, like visits (log.ts).
 */

export const PAGE_SIZE = 20;
export const BOARD_PAGE_SIZE = 25;
/** Campaign ids per page of the list and of the statistics (each computes its progress). */
const STATS_LIMIT = 200;

function requireCoordinator(ctx: TenantContext) {
  if (!can(ctx.actor, 'register.manage')) forbidden();
}

/**
 * Who may call in a campaign: the territory's active volunteers, and the active professionals
 * of the coordinator's own organisation (the CCAS's agents). Each with the organisation they
 * call for.
 */
async function callerCandidates(ctx: TenantContext, userIds: readonly string[] | null) {
  return ctx.tx<{ user_id: string; organisation_id: string; name: string; role: string }[]>`
    SELECT DISTINCT ON (m.user_id) m.user_id, m.organisation_id, u.name, m.role
    FROM membership m JOIN app_user u ON u.id = m.user_id
    WHERE m.status = 'active' AND u.status = 'active'
      AND (m.role = 'volunteer'
        OR (m.organisation_id = ${ctx.actor.organisationId}
          AND m.role IN ('coordinator', 'partner_manager', 'partner_worker')))
      AND (${userIds === null} OR m.user_id = ANY(${(userIds ?? []) as string[]}::uuid[]))
    ORDER BY m.user_id, (m.role = 'volunteer') DESC, m.organisation_id`;
}

/** The people who may be called: active volunteers and the coordinator's agents (the form's checkboxes). */
export const callers = authedProcedure.input(z.object({}).optional()).query(async ({ ctx }) => {
  requireCoordinator(ctx);
  const rows = await callerCandidates(ctx, null);
  return rows
    .map((r) => ({ userId: r.user_id, name: r.name, volunteer: r.role === 'volunteer' }))
    .sort((a, b) => Number(b.volunteer) - Number(a.volunteer) || a.name.localeCompare(b.name, 'fr'));
});

/**
 * Starts a campaign, in one transaction: the campaign, its callers, and its call list (every
 * person registered in the register, one row each, split by `splitCallList`). A caller's sectors
 * are those of the registered people they already visit in an active programme (they know the
 * area): the people of those sectors go to them first, up to a fair share.
 */
export const create = authedProcedure.input(campaignInput).mutation(async ({ ctx, input }) => {
  requireCoordinator(ctx);
  const candidates = await callerCandidates(ctx, input.callerUserIds);
  const orgs = new Map(candidates.map((c) => [c.user_id, c.organisation_id]));
  if (input.callerUserIds.some((id) => !orgs.has(id)))
    fieldError('callerUserIds', 'Choisissez des bénévoles ou agents actifs de votre territoire.');

  const people = await ctx.tx<{ person_id: string; sector: string | null }[]>`
    SELECT DISTINCT ON (r.person_id) r.person_id, coalesce(nullif(r.secteur, ''), r.commune_insee) AS sector
    FROM register_entry r JOIN person p ON p.id = r.person_id
    WHERE r.status = 'inscrite' AND p.status = 'active'
    ORDER BY r.person_id, r.registered_at DESC`;
  if (people.length === 0) conflict('Personne n’est inscrit au registre : inscrivez d’abord les personnes à appeler.');
  const known = await ctx.tx<{ user_id: string; sectors: string[] }[]>`
    SELECT pv.user_id, array_agg(DISTINCT coalesce(nullif(r.secteur, ''), r.commune_insee)) AS sectors
    FROM visit_programme_visitor pv
    JOIN visit_programme vp ON vp.id = pv.programme_id AND vp.status = 'active'
    JOIN register_entry r ON r.person_id = vp.person_id AND r.status = 'inscrite'
    WHERE pv.user_id = ANY(${input.callerUserIds}::uuid[])
      AND coalesce(nullif(r.secteur, ''), r.commune_insee) IS NOT NULL
    GROUP BY pv.user_id`;
  const sectorsOf = new Map(known.map((k) => [k.user_id, k.sectors]));
  const split = splitCallList(
    people.map((p) => ({ personId: p.person_id, sector: p.sector })),
    input.callerUserIds.map((userId): SplitCaller => ({ userId, sectors: sectorsOf.get(userId) ?? [] })),
  );

  const now = ctx.clock.now();
  const [row] = await ctx.tx<{ id: string }[]>`INSERT INTO campaign ${ctx.tx({
    territory_id: ctx.territoryId,
    type: input.type,
    title: input.title,
    starts_at: input.startsAt,
    escalation_delay_hours: input.escalationDelayHours,
    created_by_user_id: ctx.actor.userId,
    created_by_organisation_id: ctx.actor.organisationId,
    created_at: now,
  })} RETURNING id`;
  const campaignId = row!.id;
  await ctx.tx`INSERT INTO campaign_caller ${ctx.tx(
    input.callerUserIds.map((userId) => ({
      territory_id: ctx.territoryId,
      campaign_id: campaignId,
      user_id: userId,
      organisation_id: orgs.get(userId)!,
      added_at: now,
    })),
  )}`;
  const sectorOf = new Map(people.map((p) => [p.person_id, p.sector]));
  const rows = split.assignments.map((a) => ({
    territory_id: ctx.territoryId,
    campaign_id: campaignId,
    person_id: a.personId,
    caller_user_id: a.callerUserId,
    sector: sectorOf.get(a.personId) ?? null,
    assigned_at: now,
  }));
  for (let i = 0; i < rows.length; i += 1000)
    await ctx.tx`INSERT INTO campaign_list_entry ${ctx.tx(rows.slice(i, i + 1000))}`;
  await ctx.audit({
    action: 'campaigns.create',
    objectType: 'campaign',
    objectId: campaignId,
    details: { type: input.type, people: rows.length, callers: input.callerUserIds.length },
  });
  return { campaignId, people: rows.length, counts: split.counts };
});

async function loadCampaign(ctx: TenantContext, campaignId: string): Promise<CampaignRow | undefined> {
  const [row] = await ctx.tx<CampaignRow[]>`
    SELECT ${campaignColumns(ctx.tx)} FROM campaign c WHERE c.id = ${campaignId}`;
  return row;
}

function campaignView(c: CampaignRow) {
  return {
    id: c.id,
    type: c.type,
    title: c.title,
    startsAt: c.starts_at,
    escalationDelayHours: c.escalation_delay_hours,
    status: c.status,
    closedAt: c.closed_at,
    version: c.version,
    createdAt: c.created_at,
    createdBy: c.created_by,
  };
}

function progressView(p: CampaignProgress) {
  const { byCaller, ...overall } = p;
  return { ...overall, byCaller };
}

/** Every campaign, newest first, 20 a page, each with its progress now (coordinators). */
export const list = authedProcedure
  .input(z.object({ page: z.number().int().min(1).max(1000).default(1) }))
  .query(async ({ ctx, input }) => {
    requireCoordinator(ctx);
    const [count] = await ctx.tx<{ total: number }[]>`SELECT count(*)::int AS total FROM campaign`;
    const rows = await ctx.tx<CampaignRow[]>`
      SELECT ${campaignColumns(ctx.tx)} FROM campaign c ORDER BY c.created_at DESC, c.id
      LIMIT ${PAGE_SIZE} OFFSET ${(input.page - 1) * PAGE_SIZE}`;
    const data = await campaignData(ctx.tx, rows);
    const now = ctx.clock.now();
    await ctx.audit({
      action: 'campaigns.list',
      objectType: 'campaign',
      details: { results: rows.length, ...(input.page > 1 ? { page: input.page } : {}) },
    });
    return {
      total: count?.total ?? 0,
      page: input.page,
      pageSize: PAGE_SIZE,
      items: rows.map((c) => {
        const d = data.get(c.id)!;
        const { byCaller: _ignored, ...progress } = campaignProgress(clockOf(c), d.list, d.calls, now);
        return { ...campaignView(c), progress };
      }),
    };
  });

/** The open campaigns the actor calls in, with how many of their people are still to reach. */
export const myCampaigns = authedProcedure.input(z.object({}).optional()).query(async ({ ctx }) => {
  const rows = await ctx.tx<CampaignRow[]>`
    SELECT ${campaignColumns(ctx.tx)} FROM campaign c
    JOIN campaign_caller cc ON cc.campaign_id = c.id AND cc.user_id = ${ctx.actor.userId}
    WHERE c.status = 'open' ORDER BY c.starts_at DESC, c.id LIMIT 50`;
  const data = await campaignData(ctx.tx, rows);
  const now = ctx.clock.now();
  return rows.map((c) => {
    const d = data.get(c.id)!;
    const mine = d.list.filter((e) => e.callerUserId === ctx.actor.userId);
    const p = campaignProgress(clockOf(c), mine, d.calls, now);
    return {
      id: c.id,
      type: c.type,
      title: c.title,
      startsAt: c.starts_at,
      total: p.total,
      reached: p.reached,
      toReach: p.notYet + p.escalated,
    };
  });
});

const STATUS_FILTERS = [...PROGRESS_BUCKETS, ...CALL_STATUSES] as const;

/**
 * The live board (coordinators): progress overall and per caller, and the people filtered by
 * bucket (`notYet`, `escalated`, `reached`) or status, 25 a page — not reached first by deadline.
 */
export const board = authedProcedure
  .input(
    z.object({
      campaignId: idSchema,
      status: z.enum(STATUS_FILTERS).nullish(),
      callerUserId: idSchema.nullish(),
      page: z.number().int().min(1).max(1000).default(1),
    }),
  )
  .query(async ({ ctx, input }) => {
    requireCoordinator(ctx);
    const campaign = await loadCampaign(ctx, input.campaignId);
    if (!campaign) notFound();
    const now = ctx.clock.now();
    const d = (await campaignData(ctx.tx, [campaign])).get(campaign.id)!;
    const progress = campaignProgress(clockOf(campaign), d.list, d.calls, now);
    const states = callStates(clockOf(campaign), d.list, d.calls, now);
    const callerRows = await ctx.tx<{ user_id: string; name: string }[]>`
      SELECT cc.user_id, u.name FROM campaign_caller cc JOIN app_user u ON u.id = cc.user_id
      WHERE cc.campaign_id = ${campaign.id} ORDER BY u.name, cc.user_id`;
    const names = new Map(callerRows.map((r) => [r.user_id, r.name]));
    const status = input.status ?? null;
    const ORDER: Record<CallStatus, number> = { escalade: 0, non_joint: 1, a_appeler: 2, besoin_signale: 3, joint: 4 };
    const isBucket = (v: string): v is ProgressBucket => (PROGRESS_BUCKETS as readonly string[]).includes(v);
    const matches = (s: CallStatus) => status === null || (isBucket(status) ? bucketOf(s) === status : s === status);
    const filtered = states
      .filter((s) => matches(s.status) && (!input.callerUserId || s.callerUserId === input.callerUserId))
      .sort(
        (a, b) =>
          ORDER[a.status] - ORDER[b.status] ||
          a.deadline.getTime() - b.deadline.getTime() ||
          (a.personId < b.personId ? -1 : 1),
      );
    const pageRows = filtered.slice((input.page - 1) * BOARD_PAGE_SIZE, input.page * BOARD_PAGE_SIZE);
    const ids = pageRows.map((s) => s.personId);
    const persons = await ctx.tx<{ id: string; nom: string; prenom: string; commune: string | null }[]>`
      SELECT p.id, p.nom, p.prenom, c.nom AS commune FROM person p
      LEFT JOIN LATERAL (SELECT re.commune_insee FROM register_entry re WHERE re.person_id = p.id
        ORDER BY re.status = 'inscrite' DESC, re.registered_at DESC LIMIT 1) r ON true
      LEFT JOIN commune c ON c.code = r.commune_insee
      WHERE p.id = ANY(${ids}::uuid[])`;
    const byId = new Map(persons.map((p) => [p.id, p]));
    await ctx.audit({
      action: 'campaigns.board.read',
      objectType: 'campaign',
      objectId: campaign.id,
      details: {
        results: pageRows.length,
        ...(status ? { status } : {}),
        ...(input.page > 1 ? { page: input.page } : {}),
      },
    });
    return {
      campaign: campaignView(campaign),
      now,
      progress: {
        ...progressView(progress),
        byCaller: progress.byCaller.map((c) => ({ ...c, name: names.get(c.callerUserId) ?? '' })),
      },
      callers: callerRows.map((r) => ({ userId: r.user_id, name: r.name })),
      total: filtered.length,
      page: input.page,
      pageSize: BOARD_PAGE_SIZE,
      items: pageRows.map((s) => ({
        personId: s.personId,
        nom: byId.get(s.personId)?.nom ?? '',
        prenom: byId.get(s.personId)?.prenom ?? '',
        commune: byId.get(s.personId)?.commune ?? null,
        caller: names.get(s.callerUserId) ?? '',
        status: s.status,
        attempts: s.attempts,
        lastAttemptAt: s.lastAttemptAt,
        reachedAt: s.reachedAt,
        deadline: s.deadline,
      })),
    };
  });

/** Closes a campaign: nobody is escalated any more, no call can be logged. */
export const close = authedProcedure
  .input(z.object({ campaignId: idSchema, version: z.number().int().min(1) }))
  .mutation(async ({ ctx, input }) => {
    requireCoordinator(ctx);
    const [row] = await ctx.tx<{ status: string; version: number }[]>`
      SELECT status, version FROM campaign WHERE id = ${input.campaignId} FOR UPDATE`;
    if (!row) notFound();
    if (row.status !== 'open') conflict('Cette campagne est déjà close.');
    if (row.version !== input.version)
      conflict('Cette campagne a été modifiée entre-temps. Rechargez la page pour voir la dernière version.');
    const now = ctx.clock.now();
    await ctx.tx`UPDATE campaign SET status = 'closed', closed_at = ${now}, closed_by_user_id = ${ctx.actor.userId},
      version = version + 1 WHERE id = ${input.campaignId}`;
    await ctx.audit({ action: 'campaigns.close', objectType: 'campaign', objectId: input.campaignId });
    return { version: input.version + 1 };
  });

const mineOutput = z.object({
  campaign: z.object({
    id: z.string(),
    type: z.string(),
    title: z.string().nullable(),
    startsAt: z.date(),
    status: z.enum(['open', 'closed']),
  }),
  total: z.number(),
  toReach: z.number(),
  items: z.array(
    z.object({
      status: z.enum(CALL_STATUSES),
      attempts: z.number(),
      lastAttemptAt: z.date().nullable(),
      deadline: z.date(),
      card: visitCardSchema,
    }),
  ),
});

/**
 * A caller's list for a campaign: the persons assigned to them, each with ONLY their logistics
 * card and where the call stands (not reached first). A campaign the actor does not call in →
 * NOT_FOUND; a closed one shows no one. One `campaigns.card.read` audit row per person shown.
 */
export const mine = authedProcedure
  .input(z.object({ campaignId: idSchema }))
  .output(mineOutput)
  .query(async ({ ctx, input }) => {
    const [campaign] = await ctx.tx<CampaignRow[]>`
      SELECT ${campaignColumns(ctx.tx)} FROM campaign c
      JOIN campaign_caller cc ON cc.campaign_id = c.id AND cc.user_id = ${ctx.actor.userId}
      WHERE c.id = ${input.campaignId}`;
    if (!campaign) notFound();
    const head = {
      id: campaign.id,
      type: campaign.type,
      title: campaign.title,
      startsAt: campaign.starts_at,
      status: campaign.status,
    };
    if (campaign.status !== 'open') return { campaign: head, total: 0, toReach: 0, items: [] };
    const d = (await campaignData(ctx.tx, [campaign])).get(campaign.id)!;
    const mineList = d.list.filter((e) => e.callerUserId === ctx.actor.userId);
    const states = callStates(clockOf(campaign), mineList, d.calls, ctx.clock.now());
    const cards = await ctx.tx<VisitCard[]>`
      SELECT p.id AS "personId", p.nom, p.prenom, coalesce(r.adresse, '') AS adresse, r.commune_insee AS "communeInsee",
        r.batiment, r.etage, r.digicode, r.acces_notes AS "accesNotes", coalesce(r.telephones, '[]') AS telephones
      FROM person p
      LEFT JOIN LATERAL (SELECT * FROM register_entry re WHERE re.person_id = p.id AND re.status = 'inscrite'
        ORDER BY re.registered_at DESC LIMIT 1) r ON true
      WHERE p.id = ANY(${mineList.map((e) => e.personId)}::uuid[]) AND p.status = 'active'`;
    const cardOf = new Map(cards.map((c) => [c.personId, c]));
    const ORDER: Record<CallStatus, number> = { escalade: 0, a_appeler: 1, non_joint: 2, besoin_signale: 3, joint: 4 };
    const items = states
      .filter((s) => cardOf.has(s.personId))
      .map((s) => ({
        status: s.status,
        attempts: s.attempts,
        lastAttemptAt: s.lastAttemptAt,
        deadline: s.deadline,
        card: visitCard(cardOf.get(s.personId)!),
      }))
      .sort(
        (a, b) =>
          ORDER[a.status] - ORDER[b.status] ||
          a.card.nom.localeCompare(b.card.nom, 'fr') ||
          a.card.prenom.localeCompare(b.card.prenom, 'fr') ||
          (a.card.personId < b.card.personId ? -1 : 1),
      );
    for (const item of items)
      await ctx.audit({
        action: 'campaigns.card.read',
        objectType: 'campaign',
        objectId: campaign.id,
        personId: item.card.personId,
      });
    return {
      campaign: head,
      total: items.length,
      toReach: items.filter((i) => bucketOf(i.status) !== 'reached').length,
      items,
    };
  });

interface StoredCall {
  id: string;
  caller_user_id: string;
  person_id: string;
  campaign_id: string;
}

async function storedCall(ctx: TenantContext, clientId: string): Promise<StoredCall | undefined> {
  const [row] = await ctx.tx<StoredCall[]>`
    SELECT id, caller_user_id, person_id, campaign_id FROM campaign_call WHERE client_id = ${clientId}`;
  return row;
}

/** The stored call answers a retry of the same caller for the same person; anything else is rejected. */
async function answerResubmission(
  ctx: TenantContext,
  stored: StoredCall,
  input: { personId: string; campaignId: string },
) {
  const verdict = resubmission(
    { authorUserId: stored.caller_user_id, personId: stored.person_id },
    { authorUserId: ctx.actor.userId, personId: input.personId },
  );
  if (verdict === 'conflict' || stored.campaign_id !== input.campaignId)
    conflict('Cette saisie ne peut pas être enregistrée. Recommencez-la.');
  await ctx.audit({
    action: 'campaigns.call.log',
    objectType: 'campaign_call',
    objectId: stored.id,
    personId: stored.person_id,
    details: { duplicate: true },
  });
  return { callId: stored.id, duplicate: true };
}

/**
 * A caller logs a call to a person assigned to them in an open campaign (a coordinator may log
 * one for anyone on the list, e.g. an escalated person they called themselves); anyone else →
 * NOT_FOUND. Idempotent by `clientId` (as visits): a retried sync answers with the stored call
 * and creates nothing; `callEffects` (coordinators notified, `appel` timeline entry with
 * visibility ccas) happen on the first insert only.
 */
export const logCall = authedProcedure.input(campaignCallInput).mutation(async ({ ctx, input }) => {
  const existing = await storedCall(ctx, input.clientId);
  if (existing) return answerResubmission(ctx, existing, input);

  const coordinator = can(ctx.actor, 'register.manage');
  const [assigned] = await ctx.tx<{ type: CampaignRow['type'] }[]>`
    SELECT c.type FROM campaign_list_entry e JOIN campaign c ON c.id = e.campaign_id
    WHERE e.campaign_id = ${input.campaignId} AND e.person_id = ${input.personId} AND c.status = 'open'
      AND (${coordinator} OR e.caller_user_id = ${ctx.actor.userId})
    LIMIT 1`;
  if (!assigned) notFound();
  const now = ctx.clock.now();
  const timeError = occurredAtError(input.occurredAt, now);
  if (timeError) fieldError('occurredAt', timeError.replace('de la visite', 'de l’appel'));

  const [inserted] = await ctx.tx<{ id: string }[]>`
    INSERT INTO campaign_call ${ctx.tx({
      territory_id: ctx.territoryId,
      client_id: input.clientId,
      campaign_id: input.campaignId,
      person_id: input.personId,
      caller_user_id: ctx.actor.userId,
      caller_organisation_id: ctx.actor.organisationId,
      outcome: input.outcome,
      needs: ctx.tx.array(input.needs),
      note: input.note,
      occurred_at: input.occurredAt,
      received_at: now,
    })}
    ON CONFLICT (territory_id, client_id) DO NOTHING
    RETURNING id`;
  if (!inserted) {
    // A concurrent retry inserted it first (we waited for its commit): answer as a duplicate.
    const stored = await storedCall(ctx, input.clientId);
    if (!stored) conflict('Cette saisie n’a pas pu être enregistrée. Réessayez.');
    return answerResubmission(ctx, stored, input);
  }

  const effects = callEffects(input, assigned.type);
  await applyRecordEffects(ctx, effects, now);
  await ctx.audit({
    action: 'campaigns.call.log',
    objectType: 'campaign_call',
    objectId: inserted.id,
    personId: input.personId,
    details: { campaignId: input.campaignId, outcome: input.outcome, needs: input.needs.length },
  });
  return { callId: inserted.id, duplicate: false };
});

interface CampaignStat {
  id: string;
  type: CampaignRow['type'];
  title: string | null;
  startsAt: Date;
  status: CampaignRow['status'];
  closedAt: Date | null;
  escalationDelayHours: number;
  callers: number;
  total: number;
  reached: number;
  notYet: number;
  escalated: number;
  needs: number;
  calls: number;
  coveragePercent: number;
  minutesToReachAll: number | null;
}

async function campaignStats(ctx: TenantContext): Promise<CampaignStat[]> {
  const rows = await ctx.tx<(CampaignRow & { callers: number })[]>`
    SELECT ${campaignColumns(ctx.tx)},
      (SELECT count(*)::int FROM campaign_caller cc WHERE cc.campaign_id = c.id) AS callers
    FROM campaign c ORDER BY c.starts_at DESC, c.id LIMIT ${STATS_LIMIT}`;
  const data = await campaignData(ctx.tx, rows);
  const now = ctx.clock.now();
  return rows.map((c) => {
    const d = data.get(c.id)!;
    const p = campaignProgress(clockOf(c), d.list, d.calls, now);
    return {
      id: c.id,
      type: c.type,
      title: c.title,
      startsAt: c.starts_at,
      status: c.status,
      closedAt: c.closed_at,
      escalationDelayHours: c.escalation_delay_hours,
      callers: c.callers,
      total: p.total,
      reached: p.reached,
      notYet: p.notYet,
      escalated: p.escalated,
      needs: p.needs,
      calls: d.calls.filter((call) => call.occurredAt.getTime() <= now.getTime()).length,
      coveragePercent: p.reachedPercent,
      minutesToReachAll: p.minutesToReachAll,
    };
  });
}

/** Per campaign (newest first, up to 200): people, reached, escalated, coverage, time to reach everyone. */
export const stats = authedProcedure.input(z.object({}).optional()).query(async ({ ctx }) => {
  requireCoordinator(ctx);
  const items = await campaignStats(ctx);
  await ctx.audit({ action: 'campaigns.stats', objectType: 'campaign', details: { campaigns: items.length } });
  return { items };
});

export const STATS_CSV_COLUMNS = [
  'Campagne',
  'Début',
  'Statut',
  'Délai de signalement (heures)',
  'Appelants',
  'Personnes à joindre',
  'Jointes',
  'Pas encore jointes',
  'Signalées au coordinateur',
  'Besoins signalés',
  'Appels',
  'Couverture (%)',
  'Temps pour joindre tout le monde (minutes)',
] as const;

function frenchDateTime(d: Date): string {
  const [y, m, day] = parisDate(d).split('-');
  const time = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' })
    .format(d)
    .replace(':', ' h ');
  return `${day}/${m}/${y} ${time}`;
}

/** CSV for French spreadsheets: UTF-8 with BOM, « ; » separator, CRLF, French headers. */
export function campaignStatsCsv(items: readonly CampaignStat[]): Buffer {
  const csv = stringify(
    [
      [...STATS_CSV_COLUMNS],
      ...items.map((s) => [
        s.title ?? CAMPAIGN_TYPE_LABELS[s.type],
        frenchDateTime(s.startsAt),
        s.status === 'open' ? 'En cours' : 'Close',
        String(s.escalationDelayHours),
        String(s.callers),
        String(s.total),
        String(s.reached),
        String(s.notYet),
        String(s.escalated),
        String(s.needs),
        String(s.calls),
        String(s.coveragePercent),
        s.minutesToReachAll === null ? '' : String(s.minutesToReachAll),
      ]),
    ],
    { delimiter: ';', record_delimiter: 'windows' },
  );
  return Buffer.from(`\ufeff${csv}`, 'utf8');
}

export const exportCsv = authedProcedure
  .input(z.object({}).optional())
  .query(async ({ ctx }): Promise<DownloadedFile> => {
    requireCoordinator(ctx);
    const items = await campaignStats(ctx);
    await ctx.audit({
      action: 'campaigns.export',
      objectType: 'campaign',
      details: { format: 'csv', campaigns: items.length },
    });
    return {
      fileName: `campagnes-${parisDate(ctx.clock.now())}.csv`,
      mimeType: 'text/csv; charset=utf-8',
      contentBase64: campaignStatsCsv(items).toString('base64'),
    };
  });
