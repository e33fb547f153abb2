import {
  DUE_STATUSES,
  occurredAtError,
  parisDate,
  resubmission,
  visitAgenda,
  visitCard,
  visitCardSchema,
  visitEffects,
  visitLogInput,
  type IsoDate,
  type ProgrammeStatus,
  type Recurrence,
  type VisitCard,
} from '@ensemblier/shared';
import { z } from 'zod';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, notFound } from '../../trpc/init.ts';
import { applyRecordEffects } from '../effects.ts';

/**
 * The visitor's side (issue 7): « Mes visites » and the visit log. A visitor sees ONLY the
 * persons of the active programmes they visit, and ONLY the logistics card (`visitCard`, a
 * whitelist, and `.output(visitCardSchema)` as a second guard); any other person → NOT_FOUND.
 */

const mineOutput = z.object({
  today: z.string(),
  items: z.array(
    z.object({
      programmeId: z.string(),
      recurrence: z.string(),
      dueOn: z.string(),
      status: z.enum(DUE_STATUSES),
      lastVisitOn: z.string().nullable(),
      card: visitCardSchema,
    }),
  ),
});

export const mine = authedProcedure
  .input(z.object({}).optional())
  .output(mineOutput)
  .query(async ({ ctx }) => {
    const now = ctx.clock.now();
    const rows = await ctx.tx<
      (VisitCard & {
        id: string;
        recurrence: Recurrence;
        status: ProgrammeStatus;
        startsOn: IsoDate;
        lastVisitAt: Date | null;
      })[]
    >`
      SELECT vp.id, vp.recurrence, vp.status, to_char(vp.starts_on, 'YYYY-MM-DD') AS "startsOn",
        (SELECT max(v.occurred_at) FROM visit v WHERE v.programme_id = vp.id AND v.outcome = 'realisee') AS "lastVisitAt",
        p.id AS "personId", p.nom, p.prenom, coalesce(r.adresse, '') AS adresse, r.commune_insee AS "communeInsee",
        r.batiment, r.etage, r.digicode, r.acces_notes AS "accesNotes", coalesce(r.telephones, '[]') AS telephones
      FROM visit_programme_visitor pv
      JOIN visit_programme vp ON vp.id = pv.programme_id
      JOIN person p ON p.id = vp.person_id
      LEFT JOIN LATERAL (SELECT * FROM register_entry re WHERE re.person_id = p.id AND re.status = 'inscrite'
        ORDER BY re.registered_at DESC LIMIT 1) r ON true
      WHERE pv.user_id = ${ctx.actor.userId} AND vp.status = 'active' AND p.status = 'active'`;
    // Every active programme: those due this week first, then the later ones (an extra visit).
    const agenda = visitAgenda(
      rows.map((r) => ({ ...r, lastVisitOn: r.lastVisitAt ? parisDate(r.lastVisitAt) : null })),
      now,
      { includeLater: true },
    );
    for (const a of agenda)
      await ctx.audit({
        action: 'visits.card.read',
        objectType: 'visit_programme',
        objectId: a.programme.id,
        personId: a.programme.personId,
      });
    return {
      today: parisDate(now),
      items: agenda.map((a) => ({
        programmeId: a.programme.id,
        recurrence: a.programme.recurrence,
        dueOn: a.due,
        status: a.status,
        lastVisitOn: a.programme.lastVisitOn,
        card: visitCard(a.programme),
      })),
    };
  });

/**
 * How many active programmes and open campaigns the user visits or calls in: the menu shows
 * « Visites » to anyone given some, whatever their role (a CCAS agent with a partner role). Counts
 * only, no person data.
 */
export const assigned = authedProcedure
  .input(z.object({}).optional())
  .output(z.object({ programmes: z.number(), campaigns: z.number() }))
  .query(async ({ ctx }) => {
    const [row] = await ctx.tx<{ programmes: number; campaigns: number }[]>`
      SELECT
        (SELECT count(*)::int FROM visit_programme_visitor pv JOIN visit_programme vp ON vp.id = pv.programme_id
          WHERE pv.user_id = ${ctx.actor.userId} AND vp.status = 'active') AS programmes,
        (SELECT count(*)::int FROM campaign_caller cc JOIN campaign c ON c.id = cc.campaign_id
          WHERE cc.user_id = ${ctx.actor.userId} AND c.status = 'open') AS campaigns`;
    return row!;
  });

interface StoredVisit {
  id: string;
  visitor_user_id: string;
  person_id: string;
}

async function storedVisit(ctx: TenantContext, clientId: string): Promise<StoredVisit | undefined> {
  const [row] = await ctx.tx<StoredVisit[]>`
    SELECT id, visitor_user_id, person_id FROM visit WHERE client_id = ${clientId}`;
  return row;
}

/** The stored record answers a retry of the same author for the same person; anything else is rejected. */
async function answerResubmission(ctx: TenantContext, stored: StoredVisit, personId: string) {
  const verdict = resubmission(
    { authorUserId: stored.visitor_user_id, personId: stored.person_id },
    { authorUserId: ctx.actor.userId, personId },
  );
  if (verdict === 'conflict') conflict('Cette saisie ne peut pas être enregistrée. Recommencez-la.');
  await ctx.audit({
    action: 'visits.log',
    objectType: 'visit',
    objectId: stored.id,
    personId: stored.person_id,
    details: { duplicate: true },
  });
  return { visitId: stored.id, duplicate: true };
}

/**
 * A visitor logs a visit or a call for a person of one of their active programmes. Idempotent by
 * `clientId`: a retried sync (sequential or concurrent) answers with the stored record and
 * creates nothing; its effects (`visitEffects`: coordinators notified, `alerte` timeline entry
 * with visibility ccas) happen on the first insert only.
 */
export const log = authedProcedure.input(visitLogInput).mutation(async ({ ctx, input }) => {
  const existing = await storedVisit(ctx, input.clientId);
  if (existing) return answerResubmission(ctx, existing, input.personId);

  const [assigned] = await ctx.tx<{ id: string }[]>`
    SELECT vp.id FROM visit_programme vp
    JOIN visit_programme_visitor pv ON pv.programme_id = vp.id AND pv.user_id = ${ctx.actor.userId}
    WHERE vp.person_id = ${input.personId} AND vp.status = 'active'
      AND (${input.programmeId}::uuid IS NULL OR vp.id = ${input.programmeId}::uuid)
    ORDER BY vp.created_at LIMIT 1`;
  if (!assigned) notFound();
  const now = ctx.clock.now();
  const timeError = occurredAtError(input.occurredAt, now);
  if (timeError) fieldError('occurredAt', timeError);

  const [inserted] = await ctx.tx<{ id: string }[]>`
    INSERT INTO visit ${ctx.tx({
      territory_id: ctx.territoryId,
      client_id: input.clientId,
      person_id: input.personId,
      programme_id: input.programmeId ?? assigned.id,
      visitor_user_id: ctx.actor.userId,
      visitor_organisation_id: ctx.actor.organisationId,
      kind: input.kind,
      outcome: input.outcome,
      duration_minutes: input.durationMinutes,
      mood: input.mood,
      needs: ctx.tx.array(input.needs),
      note: input.note,
      alert: input.situationPreoccupante,
      occurred_at: input.occurredAt,
      received_at: now,
    })}
    ON CONFLICT (territory_id, client_id) DO NOTHING
    RETURNING id`;
  if (!inserted) {
    // A concurrent retry inserted it first (we waited for its commit): answer as a duplicate.
    const stored = await storedVisit(ctx, input.clientId);
    if (!stored) conflict('Cette saisie n’a pas pu être enregistrée. Réessayez.');
    return answerResubmission(ctx, stored, input.personId);
  }

  const effects = visitEffects(input);
  await applyRecordEffects(ctx, effects, now);
  await ctx.audit({
    action: 'visits.log',
    objectType: 'visit',
    objectId: inserted.id,
    personId: input.personId,
    details: { kind: input.kind, outcome: input.outcome, alert: input.situationPreoccupante },
  });
  return { visitId: inserted.id, duplicate: false };
});
