import { can, idSchema } from '@ensemblier/shared';
import { z } from 'zod';
import { authedProcedure, forbidden, notFound } from '../../trpc/init.ts';
import { canSeePerson } from '../access.ts';
import { isReferent } from '../follow-up.ts';
import type { ConsultationReason } from './get.ts';

export const consultationsInput = z.object({
  personId: idSchema,
  page: z.number().int().min(1).max(10_000).default(1),
});

export const CONSULTATIONS_PAGE_SIZE = 20;

/**
 * The reads listed: the file's main page and its sections (situation, tasks), each one audit
 * row naming the reason, and the referrals about the person.
 */
export const CONSULTATION_ACTIONS = [
  'person.read',
  'person.situation.read',
  'person.task.read',
  'referral.read',
] as const;
export type ConsultationAction = (typeof CONSULTATION_ACTIONS)[number];

/**
 * « Qui a consulté ce dossier »: the reads of the person's file, newest first.
 *
 * Listed: `person.read` (one row per opening of the file, naming the reason in its details),
 * `person.situation.read` and `person.task.read` (the file's « Situation et foyer » and
 * « Tâches » pages, one row each, with the reason) and `referral.read` for this person (a referral shows the person's shared fields; reason
 * 'orientation', with the referral). Not listed: `person.group.read` and
 * `person.timeline.read`, which accompany a `person.read` on the same page and would count one
 * consultation several times.
 *
 * The reads of the files merged into this one (persons.merge) are listed with its own.
 *
 * Allowed to the territory admin (audit.read: any person of the territory), to the
 * coordinators (CCAS) for the persons they see, and to the file's référents (a user named
 * référent of an organisation currently in the follow-up group); other professionals who see
 * the file get FORBIDDEN; a person the actor cannot see is NOT_FOUND.
 */
export const listConsultations = authedProcedure.input(consultationsInput).query(async ({ ctx, input }) => {
  if (can(ctx.actor, 'audit.read')) {
    const [p] = await ctx.tx`SELECT 1 FROM person WHERE id = ${input.personId}`;
    if (!p) notFound();
  } else {
    if (!(await canSeePerson(ctx, input.personId))) notFound();
    if (ctx.actor.role !== 'coordinator' && !(await isReferent(ctx.tx, input.personId, ctx.actor.userId))) forbidden();
  }
  const rows = await ctx.tx<
    {
      at: Date;
      action: string;
      role: string | null;
      user_name: string | null;
      organisation_name: string | null;
      reason: ConsultationReason | null;
      referral_id: string | null;
      total: number;
    }[]
  >`
    SELECT a.at, a.action, a.role, u.name AS user_name, o.name AS organisation_name,
      CASE WHEN a.action = 'referral.read' THEN 'orientation' ELSE a.details->>'reason' END AS reason,
      CASE WHEN a.action = 'referral.read' THEN a.object_id ELSE a.details->>'referralId' END AS referral_id,
      count(*) OVER ()::int AS total
    FROM audit_event a
    LEFT JOIN app_user u ON u.territory_id = a.territory_id AND u.id = a.user_id
    LEFT JOIN organisation o ON o.territory_id = a.territory_id AND o.id = a.organisation_id
    WHERE a.person_id IN (
        -- The file and the files merged into it (persons.merge), however many merges ago: their
        -- reads stay on their own ids (audit rows are never rewritten).
        WITH RECURSIVE merged(id, depth) AS (
          SELECT ${input.personId}::uuid, 0
          UNION ALL
          SELECT p.id, m.depth + 1 FROM merged m JOIN person p ON p.merged_into_id = m.id WHERE m.depth < 20
        )
        SELECT id FROM merged)
      AND a.action IN ${ctx.tx(CONSULTATION_ACTIONS)}
    ORDER BY a.seq DESC
    LIMIT ${CONSULTATIONS_PAGE_SIZE} OFFSET ${(input.page - 1) * CONSULTATIONS_PAGE_SIZE}`;
  await ctx.audit({
    action: 'person.consultations',
    objectType: 'person',
    objectId: input.personId,
    personId: input.personId,
  });
  return {
    items: rows.map((r) => ({
      at: r.at,
      action: r.action as ConsultationAction,
      userName: r.user_name,
      organisationName: r.organisation_name,
      role: r.role,
      reason: r.reason,
      referralId: r.referral_id,
    })),
    total: rows[0]?.total ?? 0,
    page: input.page,
    pageSize: CONSULTATIONS_PAGE_SIZE,
  };
});
