import { can, listAuditInput } from '@ensemblier/shared';
import { authedProcedure, forbidden } from '../../trpc/init.ts';

export const listAudit = authedProcedure.input(listAuditInput).query(async ({ ctx, input }) => {
  if (!can(ctx.actor, 'audit.read')) forbidden();
  const action = input.action ? `${input.action}%` : null;
  const rows = await ctx.tx<
    {
      seq: string;
      at: Date;
      action: string;
      object_type: string;
      object_id: string | null;
      outcome: string;
      role: string | null;
      user_name: string | null;
      organisation_name: string | null;
      details: unknown;
      total: number;
    }[]
  >`
    SELECT a.seq, a.at, a.action, a.object_type, a.object_id, a.outcome, a.role, u.name AS user_name, o.name AS organisation_name, a.details,
      count(*) OVER ()::int AS total
    FROM audit_event a
    LEFT JOIN app_user u ON u.territory_id = a.territory_id AND u.id = a.user_id
    LEFT JOIN organisation o ON o.territory_id = a.territory_id AND o.id = a.organisation_id
    WHERE (${action}::text IS NULL OR a.action LIKE ${action})
      AND (${input.objectType ?? null}::text IS NULL OR a.object_type = ${input.objectType ?? null})
      AND (${input.userId ?? null}::uuid IS NULL OR a.user_id = ${input.userId ?? null})
      AND (${input.from ?? null}::date IS NULL OR a.at >= (${input.from ?? null}::date::timestamp AT TIME ZONE 'Europe/Paris'))
      AND (${input.to ?? null}::date IS NULL OR a.at < ((${input.to ?? null}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'))
    ORDER BY a.seq DESC
    LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`;
  return {
    items: rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      outcome: r.outcome,
      role: r.role,
      userName: r.user_name,
      organisationName: r.organisation_name,
      details: r.details,
    })),
    total: rows[0]?.total ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
});

/** Recomputes the territory's hash chain (on demand: it reads every row). */
export const verifyAudit = authedProcedure.mutation(async ({ ctx }) => {
  if (!can(ctx.actor, 'audit.read')) forbidden();
  // Rows committed since the last sealing run join the chain first, so that all are checked.
  await ctx.tx`SELECT audit_seal()`;
  const [chain] = await ctx.tx<
    { broken: string | null; total: number }[]
  >`SELECT audit_verify() AS broken, (SELECT count(*)::int FROM audit_event) AS total`;
  await ctx.audit({
    action: 'audit.verify',
    objectType: 'audit_event',
    outcome: chain?.broken ? 'failure' : 'success',
  });
  return {
    intact: chain?.broken === null,
    brokenAt: chain?.broken ? Number(chain.broken) : null,
    checked: chain?.total ?? 0,
  };
});
