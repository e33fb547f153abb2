import {
  ARCHIVES_PAGE_SIZE,
  archivesListInput,
  type EliminationStatus,
  type RetentionCategory,
} from '@ensemblier/shared';
import { authedProcedure } from '../../trpc/init.ts';
import { requireArchives } from '../access.ts';

/** Counted up to this many (a page count beyond it says « plus de … »). */
const COUNT_CAP = 10_000;

/**
 * The archived files (archivist only), newest archived first, by category and « élimination à
 * décider ». Reads names and birth dates: one audit row per page.
 */
export const listArchives = authedProcedure.input(archivesListInput).query(async ({ ctx, input }) => {
  requireArchives(ctx);
  const category = input.category ?? null;
  const where = ctx.tx`p.status = 'archived' AND (${category}::text IS NULL OR p.retention_category = ${category})
    AND (NOT ${input.eliminationDue}::boolean OR EXISTS (SELECT 1 FROM elimination_request d
      WHERE d.person_id = p.id AND d.status = 'proposed'))`;
  const rows = await ctx.tx<
    {
      id: string;
      nom: string;
      prenom: string;
      date_naissance: string | null;
      retention_category: RetentionCategory | null;
      archived_at: Date;
      last_activity_at: Date;
      request_id: string | null;
      request_status: EliminationStatus | null;
      due_at: Date | null;
    }[]
  >`
    SELECT p.id, p.nom, p.prenom, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance, p.retention_category,
      p.archived_at, p.last_activity_at, e.id AS request_id, e.status AS request_status, e.due_at
    FROM person p
    LEFT JOIN elimination_request e ON e.person_id = p.id AND e.status IN ('proposed', 'approved')
    WHERE ${where}
    ORDER BY p.archived_at DESC, p.id
    LIMIT ${ARCHIVES_PAGE_SIZE} OFFSET ${(input.page - 1) * ARCHIVES_PAGE_SIZE}`;
  const [{ total }] = (await ctx.tx`
    SELECT count(*)::int AS total FROM (SELECT 1 FROM person p WHERE ${where} LIMIT ${COUNT_CAP}) x`) as unknown as [
    { total: number },
  ];
  await ctx.audit({
    action: 'archives.list',
    objectType: 'person',
    details: { page: input.page, category, eliminationDue: input.eliminationDue, shown: rows.length },
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      nom: r.nom,
      prenom: r.prenom,
      dateNaissance: r.date_naissance,
      category: r.retention_category,
      archivedAt: r.archived_at,
      lastActivityAt: r.last_activity_at,
      elimination: r.request_id ? { requestId: r.request_id, status: r.request_status!, dueAt: r.due_at! } : null,
    })),
    total,
    totalCapped: total >= COUNT_CAP,
    page: input.page,
    pageSize: ARCHIVES_PAGE_SIZE,
  };
});
