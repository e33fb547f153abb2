import {
  can,
  daysOverdue,
  idSchema,
  isOverdue,
  parisDate,
  programmeDueDate,
  programmeInput,
  programmeUpdateInput,
  PROGRAMME_STATUSES,
  visitorLoads,
  type IsoDate,
  type ProgrammeStatus,
  type Recurrence,
  type VisitKind,
  type VisitOutcome,
} from '@ensemblier/shared';
import { z } from 'zod';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { canSeePerson } from '../../persons/access.ts';

/**
 * Visit programmes (issue 7): a coordinator pairs a registered person with one to three
 * visitors (volunteers or agents) and a recurrence, and sees who was visited when, who is
 * overdue (shared `programmeDueDate` / `isOverdue`) and each visitor's load (`visitorLoads`).
 * Coordinators only (`register.manage`): anyone else gets FORBIDDEN before anything is read.
 */

export const PAGE_SIZE = 50;

function requireCoordinator(ctx: TenantContext) {
  if (!can(ctx.actor, 'register.manage')) forbidden();
}

/**
 * Each visitor's organisation: a volunteer of the territory, or an agent (a professional of the
 * coordinator's own organisation) — the same people `candidates` offers.
 */
async function visitorOrganisations(ctx: TenantContext, userIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await ctx.tx<{ user_id: string; organisation_id: string }[]>`
    SELECT DISTINCT ON (m.user_id) m.user_id, m.organisation_id
    FROM membership m JOIN app_user u ON u.id = m.user_id
    WHERE m.user_id = ANY(${userIds as string[]}::uuid[]) AND m.status = 'active' AND u.status = 'active'
      AND (m.role = 'volunteer' OR (m.organisation_id = ${ctx.actor.organisationId}
        AND m.role IN ('coordinator', 'partner_manager', 'partner_worker')))
    ORDER BY m.user_id, (m.role = 'volunteer') DESC, m.organisation_id`;
  const orgs = new Map(rows.map((r) => [r.user_id, r.organisation_id]));
  if (userIds.some((id) => !orgs.has(id)))
    fieldError('visitorUserIds', 'Choisissez des bénévoles ou agents actifs de votre territoire.');
  return orgs;
}

async function setVisitors(ctx: TenantContext, programmeId: string, userIds: readonly string[]) {
  const orgs = await visitorOrganisations(ctx, userIds);
  await ctx.tx`DELETE FROM visit_programme_visitor WHERE programme_id = ${programmeId}`;
  for (const userId of userIds)
    await ctx.tx`INSERT INTO visit_programme_visitor ${ctx.tx({
      territory_id: ctx.territoryId,
      programme_id: programmeId,
      user_id: userId,
      organisation_id: orgs.get(userId)!,
    })}`;
}

export const create = authedProcedure.input(programmeInput).mutation(async ({ ctx, input }) => {
  requireCoordinator(ctx);
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const [registered] = await ctx.tx`
    SELECT 1 FROM register_entry WHERE person_id = ${input.personId} AND status = 'inscrite'`;
  if (!registered)
    conflict('Seule une personne inscrite au registre peut recevoir des visites : inscrivez-la d’abord.');
  // Serialises two creations for the same person.
  await ctx.tx`SELECT 1 FROM person WHERE id = ${input.personId} FOR UPDATE`;
  const [current] = await ctx.tx`
    SELECT 1 FROM visit_programme WHERE person_id = ${input.personId} AND status IN ('active', 'suspendue')`;
  if (current)
    conflict(
      'Cette personne a déjà un programme de visites en cours : ouvrez-le pour changer ses visiteurs ou sa fréquence.',
    );
  const now = ctx.clock.now();
  const [row] = await ctx.tx<{ id: string }[]>`INSERT INTO visit_programme ${ctx.tx({
    territory_id: ctx.territoryId,
    person_id: input.personId,
    recurrence: input.recurrence,
    starts_on: input.startsOn,
    created_by_user_id: ctx.actor.userId,
    created_by_organisation_id: ctx.actor.organisationId,
    created_at: now,
    updated_at: now,
  })} RETURNING id`;
  await setVisitors(ctx, row!.id, input.visitorUserIds);
  await ctx.audit({
    action: 'visits.programme.create',
    objectType: 'visit_programme',
    objectId: row!.id,
    personId: input.personId,
    details: { recurrence: input.recurrence, visitors: input.visitorUserIds.length },
  });
  return { programmeId: row!.id };
});

export const update = authedProcedure.input(programmeUpdateInput).mutation(async ({ ctx, input }) => {
  requireCoordinator(ctx);
  const [row] = await ctx.tx<{ person_id: string; version: number }[]>`
    SELECT person_id, version FROM visit_programme WHERE id = ${input.programmeId} FOR UPDATE`;
  if (!row || !(await canSeePerson(ctx, row.person_id))) notFound();
  if (row.version !== input.version)
    conflict('Ce programme a été modifié entre-temps. Rechargez la page pour voir la dernière version.');
  await ctx.tx`UPDATE visit_programme SET ${ctx.tx({
    recurrence: input.recurrence,
    status: input.status,
    version: input.version + 1,
    updated_at: ctx.clock.now(),
  })} WHERE id = ${input.programmeId}`;
  await setVisitors(ctx, input.programmeId, input.visitorUserIds);
  await ctx.audit({
    action: 'visits.programme.update',
    objectType: 'visit_programme',
    objectId: input.programmeId,
    personId: row.person_id,
    details: { status: input.status, recurrence: input.recurrence },
  });
  return { version: input.version + 1 };
});

export interface ProgrammeRow {
  id: string;
  person_id: string;
  nom: string;
  prenom: string;
  recurrence: Recurrence;
  status: ProgrammeStatus;
  starts_on: IsoDate;
  version: number;
  visitors: { userId: string; name: string }[];
  last_visit_at: Date | null;
}

/** Programmes with their person's name, visitors and last visit that counts (outcome realisee). */
export function programmeSelect(ctx: TenantContext) {
  return ctx.tx`
    vp.id, vp.person_id, p.nom, p.prenom, vp.recurrence, vp.status, to_char(vp.starts_on, 'YYYY-MM-DD') AS starts_on,
    vp.version,
    coalesce((SELECT jsonb_agg(jsonb_build_object('userId', u.id, 'name', u.name) ORDER BY u.name)
      FROM visit_programme_visitor pv JOIN app_user u ON u.id = pv.user_id WHERE pv.programme_id = vp.id), '[]') AS visitors,
    (SELECT max(v.occurred_at) FROM visit v WHERE v.programme_id = vp.id AND v.outcome = 'realisee') AS last_visit_at`;
}

export function programmeView(row: ProgrammeRow, now: Date) {
  const like = {
    recurrence: row.recurrence,
    status: row.status,
    startsOn: row.starts_on,
    lastVisitOn: row.last_visit_at ? parisDate(row.last_visit_at) : null,
  };
  return {
    id: row.id,
    personId: row.person_id,
    nom: row.nom,
    prenom: row.prenom,
    recurrence: row.recurrence,
    status: row.status,
    startsOn: row.starts_on,
    version: row.version,
    visitors: row.visitors,
    lastVisitOn: like.lastVisitOn,
    dueOn: programmeDueDate(like),
    overdue: isOverdue(like, now),
    daysOverdue: daysOverdue(like, now),
  };
}

export const listInput = z.object({
  status: z.enum(PROGRAMME_STATUSES).nullish(),
  /** Only the programmes late today. */
  overdue: z.boolean().optional(),
  /** Only the programmes this user visits (a filter: an unknown id gives an empty list). */
  visitorUserId: idSchema.optional(),
  page: z.number().int().min(1).default(1),
});

/**
 * The programmes with their due date and lateness (computed by the shared rules, so the
 * « en retard » filter and the order are applied here, not in SQL: a territory has hundreds of
 * programmes, not millions), late ones first, then by due date; plus every visitor's load.
 */
export const list = authedProcedure.input(listInput).query(async ({ ctx, input }) => {
  requireCoordinator(ctx);
  const now = ctx.clock.now();
  const status = input.status ?? null;
  const visitor = input.visitorUserId ?? null;
  const rows = await ctx.tx<ProgrammeRow[]>`
    SELECT ${programmeSelect(ctx)}
    FROM visit_programme vp JOIN person p ON p.id = vp.person_id
    WHERE (${status}::text IS NULL OR vp.status = ${status})
      AND (${visitor}::uuid IS NULL OR EXISTS (SELECT 1 FROM visit_programme_visitor f
        WHERE f.programme_id = vp.id AND f.user_id = ${visitor}::uuid))`;
  const statusRank: Record<ProgrammeStatus, number> = { active: 0, suspendue: 1, terminee: 2 };
  const views = rows
    .map((r) => programmeView(r, now))
    .filter((v) => input.overdue !== true || v.overdue)
    .sort(
      (a, b) =>
        statusRank[a.status] - statusRank[b.status] ||
        b.daysOverdue - a.daysOverdue ||
        (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0) ||
        a.nom.localeCompare(b.nom, 'fr') ||
        (a.id < b.id ? -1 : 1),
    );
  const items = views.slice((input.page - 1) * PAGE_SIZE, input.page * PAGE_SIZE);
  // The loads are over every active programme, not only this page or filter.
  const active = await ctx.tx<ProgrammeRow[]>`
    SELECT ${programmeSelect(ctx)} FROM visit_programme vp JOIN person p ON p.id = vp.person_id
    WHERE vp.status = 'active'`;
  const volunteers = await ctx.tx<{ id: string; name: string }[]>`
    SELECT DISTINCT u.id, u.name FROM membership m JOIN app_user u ON u.id = m.user_id
    WHERE m.role = 'volunteer' AND m.status = 'active' AND u.status = 'active'`;
  const names = new Map(volunteers.map((v) => [v.id, v.name]));
  for (const p of active) for (const v of p.visitors) names.set(v.userId, v.name);
  const loads = visitorLoads(
    active.map((p) => {
      const v = programmeView(p, now);
      return {
        recurrence: v.recurrence,
        status: v.status,
        startsOn: v.startsOn,
        lastVisitOn: v.lastVisitOn,
        visitorUserIds: p.visitors.map((x) => x.userId),
      };
    }),
    now,
    volunteers.map((v) => v.id),
  ).map((l) => ({ ...l, name: names.get(l.userId) ?? '' }));
  await ctx.audit({
    action: 'visits.programme.list',
    objectType: 'visit_programme',
    objectId: null,
    personId: null,
    details: {
      count: items.length,
      page: input.page,
      ...(status ? { status } : {}),
      ...(input.overdue ? { overdue: true } : {}),
      ...(visitor ? { visitor } : {}),
    },
  });
  return {
    items,
    total: views.length,
    page: input.page,
    pageSize: PAGE_SIZE,
    loads,
  };
});

/**
 * What « Nouveau programme » offers: the persons on the register (inscrite, active file) without a
 * programme in force (active or suspended), and the possible visitors — the territory's active
 * volunteers and the members of the coordinator's own organisation (the CCAS's agents) — each
 * with their current load. With `personId` (the `?personne=` link from the register), also that
 * person: whether they are registered and their programme in force, if any.
 */
export const candidates = authedProcedure
  .input(z.object({ personId: idSchema.optional() }))
  .query(async ({ ctx, input }) => {
    requireCoordinator(ctx);
    const now = ctx.clock.now();
    let person: {
      personId: string;
      nom: string;
      prenom: string;
      registered: boolean;
      programmeId: string | null;
    } | null = null;
    if (input.personId) {
      if (!(await canSeePerson(ctx, input.personId))) notFound();
      const [row] = await ctx.tx<{ nom: string; prenom: string; registered: boolean; programme_id: string | null }[]>`
        SELECT p.nom, p.prenom,
          EXISTS (SELECT 1 FROM register_entry r WHERE r.person_id = p.id AND r.status = 'inscrite') AS registered,
          (SELECT vp.id FROM visit_programme vp WHERE vp.person_id = p.id AND vp.status IN ('active', 'suspendue')
            ORDER BY vp.created_at DESC LIMIT 1) AS programme_id
        FROM person p WHERE p.id = ${input.personId}`;
      if (!row) notFound();
      person = {
        personId: input.personId,
        nom: row.nom,
        prenom: row.prenom,
        registered: row.registered,
        programmeId: row.programme_id,
      };
    }
    const persons = await ctx.tx<{ personId: string; nom: string; prenom: string; commune: string | null }[]>`
      SELECT p.id AS "personId", p.nom, p.prenom, c.nom AS commune
      FROM register_entry r JOIN person p ON p.id = r.person_id
      LEFT JOIN commune c ON c.code = r.commune_insee
      WHERE r.status = 'inscrite' AND p.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM visit_programme vp WHERE vp.person_id = p.id
          AND vp.status IN ('active', 'suspendue'))
      ORDER BY p.nom, p.prenom, p.id`;
    const visitors = await ctx.tx<{ userId: string; name: string; volunteer: boolean; organisation: string }[]>`
      SELECT DISTINCT ON (u.id) u.id AS "userId", u.name, (m.role = 'volunteer') AS volunteer, o.name AS organisation
      FROM membership m JOIN app_user u ON u.id = m.user_id JOIN organisation o ON o.id = m.organisation_id
      WHERE m.status = 'active' AND u.status = 'active'
        AND (m.role = 'volunteer' OR (m.organisation_id = ${ctx.actor.organisationId}
          AND m.role IN ('coordinator', 'partner_manager', 'partner_worker')))
      ORDER BY u.id, (m.role = 'volunteer') DESC, o.name`;
    const active = await ctx.tx<ProgrammeRow[]>`
      SELECT ${programmeSelect(ctx)} FROM visit_programme vp JOIN person p ON p.id = vp.person_id
      WHERE vp.status = 'active'`;
    const loads = new Map(
      visitorLoads(
        active.map((p) => ({ ...programmeView(p, now), visitorUserIds: p.visitors.map((x) => x.userId) })),
        now,
      ).map((l) => [l.userId, l]),
    );
    await ctx.audit({
      action: 'visits.programme.candidates',
      objectType: 'visit_programme',
      objectId: null,
      personId: input.personId ?? null,
      details: { persons: persons.length, visitors: visitors.length },
    });
    return {
      person,
      persons,
      visitors: visitors
        .map((v) => ({
          ...v,
          programmes: loads.get(v.userId)?.programmes ?? 0,
          visitsPerMonth: loads.get(v.userId)?.visitsPerMonth ?? 0,
          overdue: loads.get(v.userId)?.overdue ?? 0,
        }))
        .sort(
          (a, b) =>
            Number(b.volunteer) - Number(a.volunteer) ||
            a.name.localeCompare(b.name, 'fr') ||
            (a.userId < b.userId ? -1 : 1),
        ),
    };
  });

export const get = authedProcedure.input(z.object({ programmeId: idSchema })).query(async ({ ctx, input }) => {
  requireCoordinator(ctx);
  const [row] = await ctx.tx<ProgrammeRow[]>`
    SELECT ${programmeSelect(ctx)} FROM visit_programme vp JOIN person p ON p.id = vp.person_id
    WHERE vp.id = ${input.programmeId}`;
  if (!row || !(await canSeePerson(ctx, row.person_id))) notFound();
  const visits = await ctx.tx<
    {
      id: string;
      kind: VisitKind;
      outcome: VisitOutcome;
      duration_minutes: number | null;
      mood: number | null;
      needs: string[];
      note: string | null;
      alert: boolean;
      alert_handled_at: Date | null;
      occurred_at: Date;
      visitor: string;
    }[]
  >`
    SELECT v.id, v.kind, v.outcome, v.duration_minutes, v.mood, v.needs, v.note, v.alert, v.alert_handled_at,
      v.occurred_at, u.name AS visitor
    FROM visit v JOIN app_user u ON u.id = v.visitor_user_id
    WHERE v.programme_id = ${input.programmeId}
    ORDER BY v.occurred_at DESC, v.id LIMIT 100`;
  await ctx.audit({
    action: 'visits.programme.read',
    objectType: 'visit_programme',
    objectId: input.programmeId,
    personId: row.person_id,
  });
  return {
    programme: programmeView(row, ctx.clock.now()),
    visits: visits.map((v) => ({
      id: v.id,
      kind: v.kind,
      outcome: v.outcome,
      durationMinutes: v.duration_minutes,
      mood: v.mood,
      needs: v.needs,
      note: v.note,
      alert: v.alert,
      alertHandledAt: v.alert_handled_at,
      occurredAt: v.occurred_at,
      visitor: v.visitor,
    })),
  };
});
