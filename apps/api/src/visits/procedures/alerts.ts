import { can, idSchema, type VisitKind, type VisitNeed, type VisitOutcome } from '@ensemblier/shared';
import { z } from 'zod';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, forbidden, notFound } from '../../trpc/init.ts';

/**
 * The follow-up of « situation préoccupante » alerts (issue 7). A visit logged with
 * `situationPreoccupante` notifies every coordinator at once (log.ts); here a coordinator lists
 * the alerts, open or handled, and marks one handled with a note saying what was done (migration
 * 0025: `alert_handled_at`, `alert_handled_by_user_id`, `alert_follow_up_note`). Coordinators
 * only (`register.manage`, like the programmes): anyone else gets FORBIDDEN before anything is
 * read; an unknown id, or a visit that raised no alert, gives NOT_FOUND.
 */

export const ALERTS_PAGE_SIZE = 25;
export const FOLLOW_UP_NOTE_MAX = 1000;

function requireCoordinator(ctx: TenantContext) {
  if (!can(ctx.actor, 'register.manage')) forbidden();
}

export const ALERT_FILTERS = ['ouvertes', 'traitees', 'toutes'] as const;

export const alertsListInput = z.object({
  state: z.enum(ALERT_FILTERS).default('ouvertes'),
  page: z.number().int().min(1).max(10_000).default(1),
});

interface AlertRow {
  id: string;
  person_id: string;
  nom: string;
  prenom: string;
  programme_id: string | null;
  visitor: string;
  kind: VisitKind;
  outcome: VisitOutcome;
  mood: number | null;
  needs: VisitNeed[];
  note: string | null;
  occurred_at: Date;
  received_at: Date;
  alert_handled_at: Date | null;
  handled_by: string | null;
  alert_follow_up_note: string | null;
  total: number;
}

/** The alerts, open ones oldest first (the longest waiting on top), handled ones newest first. */
export const list = authedProcedure.input(alertsListInput).query(async ({ ctx, input }) => {
  requireCoordinator(ctx);
  const open = input.state === 'ouvertes';
  const handled = input.state === 'traitees';
  const rows = await ctx.tx<AlertRow[]>`
    SELECT v.id, v.person_id, p.nom, p.prenom, v.programme_id, u.name AS visitor, v.kind, v.outcome, v.mood, v.needs,
      v.note, v.occurred_at, v.received_at, v.alert_handled_at, h.name AS handled_by, v.alert_follow_up_note,
      count(*) OVER ()::int AS total
    FROM visit v
    JOIN person p ON p.id = v.person_id
    JOIN app_user u ON u.id = v.visitor_user_id
    LEFT JOIN app_user h ON h.id = v.alert_handled_by_user_id
    WHERE v.alert
      AND (NOT ${open}::boolean OR v.alert_handled_at IS NULL)
      AND (NOT ${handled}::boolean OR v.alert_handled_at IS NOT NULL)
    ORDER BY (v.alert_handled_at IS NULL) DESC,
      CASE WHEN v.alert_handled_at IS NULL THEN v.occurred_at END ASC,
      v.occurred_at DESC, v.id
    LIMIT ${ALERTS_PAGE_SIZE} OFFSET ${(input.page - 1) * ALERTS_PAGE_SIZE}`;
  const [counts] = await ctx.tx<{ open: number }[]>`
    SELECT count(*)::int AS open FROM visit v WHERE v.alert AND v.alert_handled_at IS NULL`;
  await ctx.audit({
    action: 'visits.alert.list',
    objectType: 'visit',
    objectId: null,
    personId: null,
    details: { state: input.state, count: rows.length, ...(input.page > 1 ? { page: input.page } : {}) },
  });
  return {
    total: rows[0]?.total ?? 0,
    open: counts?.open ?? 0,
    page: input.page,
    pageSize: ALERTS_PAGE_SIZE,
    items: rows.map((r) => ({
      visitId: r.id,
      personId: r.person_id,
      nom: r.nom,
      prenom: r.prenom,
      programmeId: r.programme_id,
      visitor: r.visitor,
      kind: r.kind,
      outcome: r.outcome,
      mood: r.mood,
      needs: r.needs,
      note: r.note,
      occurredAt: r.occurred_at,
      receivedAt: r.received_at,
      handledAt: r.alert_handled_at,
      handledBy: r.handled_by,
      followUpNote: r.alert_follow_up_note,
    })),
  };
});

export const handleInput = z.object({
  visitId: idSchema,
  note: z
    .string({ error: 'Indiquez ce qui a été fait.' })
    .trim()
    .min(1, 'Indiquez ce qui a été fait (appel à la personne, à sa famille, au médecin, passage…).')
    .max(FOLLOW_UP_NOTE_MAX, `${FOLLOW_UP_NOTE_MAX} caractères au plus.`),
});

/**
 * Marks an alert handled, once: `UPDATE … WHERE alert_handled_at IS NULL`, so two coordinators
 * answering at the same time (or a double submission) cannot overwrite each other's note; the
 * second gets CONFLICT naming who handled it.
 */
export const handle = authedProcedure.input(handleInput).mutation(async ({ ctx, input }) => {
  requireCoordinator(ctx);
  const [row] = await ctx.tx<{ person_id: string }[]>`
    SELECT person_id FROM visit WHERE id = ${input.visitId} AND alert`;
  if (!row) notFound();
  const now = ctx.clock.now();
  const [updated] = await ctx.tx<{ id: string }[]>`
    UPDATE visit SET alert_handled_at = ${now}, alert_handled_by_user_id = ${ctx.actor.userId},
      alert_follow_up_note = ${input.note}
    WHERE id = ${input.visitId} AND alert AND alert_handled_at IS NULL
    RETURNING id`;
  if (!updated) {
    const [by] = await ctx.tx<{ name: string }[]>`
      SELECT u.name FROM visit v JOIN app_user u ON u.id = v.alert_handled_by_user_id WHERE v.id = ${input.visitId}`;
    conflict(`Cette alerte a déjà été traitée${by ? ` par ${by.name}` : ''}. Rechargez la page pour voir son suivi.`);
  }
  await ctx.audit({
    action: 'visits.alert.handle',
    objectType: 'visit',
    objectId: input.visitId,
    personId: row.person_id,
  });
  return { visitId: input.visitId, handledAt: now };
});
