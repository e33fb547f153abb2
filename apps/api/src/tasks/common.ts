import type { TransactionSql } from '@ensemblier/db';
import { TASK_ASSIGNEE_ROLES, type TaskAssigneeOption, type TaskStatus, type TaskViewer } from '@ensemblier/shared';
import { parisTime } from '../notifications/delivery.task.ts';
import { objectionInForceSql } from '../persons/access.ts';
import type { TenantContext } from '../trpc/context.ts';

/** The actor as canSeeTask sees them (with their organisation's type). */
export async function taskViewer(ctx: TenantContext): Promise<TaskViewer> {
  const [org] = await ctx.tx<{ type: string }[]>`SELECT type FROM organisation WHERE id = ${ctx.actor.organisationId}`;
  return {
    userId: ctx.actor.userId,
    role: ctx.actor.role,
    organisationId: ctx.actor.organisationId,
    organisationType: org?.type ?? '',
  };
}

/** Today in Paris (AAAA-MM-JJ): due dates are days in Paris. */
export const parisToday = (now: Date) => parisTime(now).date;

/**
 * Who may be given a task on this person: the active professionals (TASK_ASSIGNEE_ROLES) of
 * an organisation that sees the file (personAccessSql, per organisation): one holding a
 * current person_access, or the coordinators when the person has a referral and no objection
 * covers their organisation. Each comes with the organisation they would act for (a user of
 * two organisations appears twice).
 */
export async function assigneeOptions(tx: TransactionSql, personId: string): Promise<TaskAssigneeOption[]> {
  const rows = await tx<{ user_id: string; organisation_id: string; name: string; organisation_name: string }[]>`
    SELECT u.id AS user_id, m.organisation_id, u.name, o.name AS organisation_name
    FROM membership m
    JOIN app_user u ON u.territory_id = m.territory_id AND u.id = m.user_id
    JOIN organisation o ON o.territory_id = m.territory_id AND o.id = m.organisation_id
    WHERE m.status = 'active' AND u.status = 'active' AND o.status = 'active'
      AND m.role = ANY(${[...TASK_ASSIGNEE_ROLES]}::text[])
      AND EXISTS (SELECT 1 FROM person ps WHERE ps.id = ${personId} AND ps.status = 'active')
      AND (EXISTS (SELECT 1 FROM person_access pa WHERE pa.person_id = ${personId}
          AND pa.organisation_id = m.organisation_id AND pa.revoked_at IS NULL)
        OR (m.role = 'coordinator' AND EXISTS (SELECT 1 FROM referral r WHERE r.person_id = ${personId})
          AND NOT ${objectionInForceSql(tx, personId, tx('m.organisation_id') as unknown as string)}))
    ORDER BY o.name, u.name, u.id
    LIMIT 500`;
  return rows.map((r) => ({
    userId: r.user_id,
    organisationId: r.organisation_id,
    name: r.name,
    organisationName: r.organisation_name,
  }));
}

export interface TaskRow {
  id: string;
  person_id: string;
  title: string;
  detail: string;
  due_on: string;
  status: TaskStatus;
  version: number;
  assignee_user_id: string;
  assignee_name: string;
  assignee_organisation_id: string;
  assignee_organisation_name: string;
  author_user_id: string;
  author_name: string;
  author_organisation_id: string;
  author_organisation_name: string;
  created_at: Date;
  closed_at: Date | null;
  closed_by_name: string | null;
}

/** The columns of TaskRow, from person_task t. */
export const taskColumns = (tx: TransactionSql) => tx`
  t.id, t.person_id, t.title, t.detail, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.status, t.version,
  t.assignee_user_id, au.name AS assignee_name, t.assignee_organisation_id, ao.name AS assignee_organisation_name,
  t.author_user_id, wu.name AS author_name, t.author_organisation_id, wo.name AS author_organisation_name,
  t.created_at, t.closed_at, cu.name AS closed_by_name`;

/** The joins taskColumns needs. */
export const taskJoins = (tx: TransactionSql) => tx`
  JOIN app_user au ON au.territory_id = t.territory_id AND au.id = t.assignee_user_id
  JOIN organisation ao ON ao.territory_id = t.territory_id AND ao.id = t.assignee_organisation_id
  JOIN app_user wu ON wu.territory_id = t.territory_id AND wu.id = t.author_user_id
  JOIN organisation wo ON wo.territory_id = t.territory_id AND wo.id = t.author_organisation_id
  LEFT JOIN app_user cu ON cu.territory_id = t.territory_id AND cu.id = t.closed_by_user_id`;

export const taskLike = (r: TaskRow) => ({
  status: r.status,
  authorOrganisationId: r.author_organisation_id,
  assigneeOrganisationId: r.assignee_organisation_id,
  assigneeUserId: r.assignee_user_id,
});

/** What the API returns of a task. */
export function taskOut(r: TaskRow, today: string, extra: { allowedActions: string[] }) {
  return {
    id: r.id,
    personId: r.person_id,
    title: r.title,
    detail: r.detail,
    dueOn: r.due_on,
    status: r.status,
    version: r.version,
    overdue: r.status === 'a_faire' && r.due_on < today,
    dueToday: r.status === 'a_faire' && r.due_on === today,
    assignee: { userId: r.assignee_user_id, name: r.assignee_name, organisationName: r.assignee_organisation_name },
    author: { userId: r.author_user_id, name: r.author_name, organisationName: r.author_organisation_name },
    createdAt: r.created_at,
    closedAt: r.closed_at,
    closedByName: r.closed_by_name,
    allowedActions: extra.allowedActions,
  };
}

/** The tasks page of a person's file (notification links). */
export const personTasksLink = (personId: string) => `/personnes/${personId}/taches`;
