import {
  ARCHIVES_PAGE_SIZE,
  eliminationDecisionInput,
  eliminationsListInput,
  type EliminationStatus,
  type RetentionCategory,
} from '@ensemblier/shared';
import { authedProcedure, conflict, notFound } from '../../trpc/init.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { enqueueJob } from '../../worker/jobs.ts';
import { requireArchives } from '../access.ts';

/**
 * « Éliminations à décider » (proposed, by due date) or the decisions taken (newest first).
 * Archivist only; one audit row per page (it shows names).
 */
export const listEliminations = authedProcedure.input(eliminationsListInput).query(async ({ ctx, input }) => {
  requireArchives(ctx);
  const proposed = input.status === 'proposed';
  const rows = await ctx.tx<
    {
      id: string;
      person_id: string;
      nom: string;
      prenom: string;
      date_naissance: string | null;
      person_status: string;
      archived_at: Date | null;
      category: RetentionCategory;
      due_at: Date;
      status: EliminationStatus;
      proposed_at: Date;
      decided_at: Date | null;
      decided_by_name: string | null;
      motive: string | null;
      done_at: Date | null;
      total: number;
    }[]
  >`
    SELECT e.id, e.person_id, p.nom, p.prenom, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance,
      p.status AS person_status, p.archived_at, e.category, e.due_at, e.status, e.proposed_at, e.decided_at,
      u.name AS decided_by_name, e.motive, e.done_at, count(*) OVER ()::int AS total
    FROM elimination_request e
    JOIN person p ON p.id = e.person_id
    LEFT JOIN app_user u ON u.id = e.decided_by
    WHERE ${proposed ? ctx.tx`e.status = 'proposed'` : ctx.tx`e.decided_at IS NOT NULL`}
    ORDER BY ${proposed ? ctx.tx`e.due_at, e.id` : ctx.tx`e.decided_at DESC, e.id`}
    LIMIT ${ARCHIVES_PAGE_SIZE} OFFSET ${(input.page - 1) * ARCHIVES_PAGE_SIZE}`;
  await ctx.audit({
    action: 'archives.eliminations.list',
    objectType: 'elimination_request',
    details: { page: input.page, status: input.status, shown: rows.length },
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      eliminated: r.person_status === 'eliminated',
      nom: r.person_status === 'eliminated' ? null : r.nom,
      prenom: r.person_status === 'eliminated' ? null : r.prenom,
      dateNaissance: r.date_naissance,
      archivedAt: r.archived_at,
      category: r.category,
      dueAt: r.due_at,
      status: r.status,
      proposedAt: r.proposed_at,
      decidedAt: r.decided_at,
      decidedBy: r.decided_by_name,
      motive: r.motive,
      doneAt: r.done_at,
    })),
    total: rows[0]?.total ?? 0,
    page: input.page,
    pageSize: ARCHIVES_PAGE_SIZE,
  };
});

async function decide(
  ctx: TenantContext,
  input: { requestId: string; motive: string },
  status: 'approved' | 'rejected',
): Promise<{ personId: string }> {
  requireArchives(ctx, 'archives.eliminate');
  const now = ctx.clock.now();
  const [row] = await ctx.tx<{ person_id: string; category: RetentionCategory }[]>`
    UPDATE elimination_request e SET status = ${status}, decided_by = ${ctx.actor.userId}, decided_at = ${now},
      motive = ${input.motive}
    WHERE e.id = ${input.requestId} AND e.status = 'proposed'
      AND EXISTS (SELECT 1 FROM person p WHERE p.id = e.person_id AND p.status = 'archived')
    RETURNING e.person_id, e.category`;
  if (!row) {
    const [existing] = await ctx.tx`SELECT status FROM elimination_request WHERE id = ${input.requestId}`;
    if (!existing) notFound();
    conflict('Cette élimination a déjà été décidée. Rechargez la page pour voir la décision.');
  }
  await ctx.audit({
    action: status === 'approved' ? 'person.elimination.approve' : 'person.elimination.reject',
    objectType: 'elimination_request',
    objectId: input.requestId,
    personId: row.person_id,
    details: { motive: input.motive, category: row.category },
  });
  return { personId: row.person_id };
}

/**
 * The archivist approves an elimination, with a motive: the decision is recorded (who, when,
 * why; audited `person.elimination.approve`) and the elimination runs at once in the
 * `person_elimination` job (enqueued in this transaction: it exists only if the decision
 * commits; the daily sweep runs it again if it failed). Irreversible.
 */
export const approveElimination = authedProcedure.input(eliminationDecisionInput).mutation(async ({ ctx, input }) => {
  const { personId } = await decide(ctx, input, 'approved');
  await enqueueJob(ctx.tx, 'person_elimination', {
    territoryId: ctx.territoryId,
    requestId: input.requestId,
    now: ctx.clock.now().toISOString(),
  });
  return { personId, status: 'approved' as const };
});

/** The archivist rejects it, with a motive: the file stays archived (proposed again in a year). */
export const rejectElimination = authedProcedure.input(eliminationDecisionInput).mutation(async ({ ctx, input }) => {
  const { personId } = await decide(ctx, input, 'rejected');
  return { personId, status: 'rejected' as const };
});
