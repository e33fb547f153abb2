import {
  allowedTaskActions,
  canCreateTask,
  canSeeTask,
  myTasksInput,
  TASK_PAGE_SIZE,
  taskListInput,
} from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, notFound } from '../../trpc/init.ts';
import { canSeePerson, personAccessSql, requirePersonsUse } from '../../persons/access.ts';
import { consultationReason } from '../../persons/procedures/get.ts';
import {
  assigneeOptions,
  parisToday,
  taskColumns,
  taskJoins,
  taskLike,
  taskOut,
  taskViewer,
  type TaskRow,
} from '../common.ts';

/** A file holds few tasks: all of them are read (index on person), then filtered by canSeeTask. */
const MAX_TASKS = 2000;

/**
 * The tasks of a person's file the actor may see (canSeeTask: author's and assignee's
 * organisations, the CCAS; never volunteers nor commission members — they do not see the
 * file: NOT_FOUND). Open ones by due date; with status 'all', then the closed ones, latest
 * first. Comes with what the tasks page needs: the person's name, whether the actor may add a
 * task and to whom. Audited (person.task.read, with the person).
 */
export const listForPerson = authedProcedure.input(taskListInput).query(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const viewer = await taskViewer(ctx);
  const today = parisToday(ctx.clock.now());
  const [person] = await ctx.tx<{ nom: string; prenom: string }[]>`
    SELECT nom, prenom FROM person WHERE id = ${input.personId}`;
  const rows = await ctx.tx<TaskRow[]>`
    SELECT ${taskColumns(ctx.tx)} FROM person_task t ${taskJoins(ctx.tx)}
    WHERE t.person_id = ${input.personId}
      AND (${input.status === 'all'}::boolean OR t.status = 'a_faire')
    ORDER BY (t.status = 'a_faire') DESC, CASE WHEN t.status = 'a_faire' THEN t.due_on END,
      t.closed_at DESC NULLS LAST, t.created_at, t.id
    LIMIT ${MAX_TASKS}`;
  const visible = rows.filter((r) => canSeeTask(viewer, taskLike(r)));
  const start = (input.page - 1) * TASK_PAGE_SIZE;
  const items = visible.slice(start, start + TASK_PAGE_SIZE);
  const canCreate = canCreateTask(ctx.actor.role);
  const assignees = canCreate ? await assigneeOptions(ctx.tx, input.personId) : [];
  await ctx.audit({
    action: 'person.task.read',
    objectType: 'person',
    objectId: input.personId,
    personId: input.personId,
    details: {
      ...(await consultationReason(ctx, input.personId)),
      status: input.status,
      page: input.page,
      shown: items.length,
    },
  });
  return {
    person: { id: input.personId, nom: person?.nom ?? '', prenom: person?.prenom ?? '' },
    items: items.map((r) => taskOut(r, today, { allowedActions: allowedTaskActions(viewer, taskLike(r)) })),
    total: visible.length,
    page: input.page,
    pageSize: TASK_PAGE_SIZE,
    today,
    canCreate,
    assignees,
  };
});

/**
 * « Mes tâches »: the actor's open tasks, given to them for their current organisation, on the
 * files they still see (personAccessSql: leaving the group or an objection hides them), overdue
 * first (by due date), by pages. Audited (the list shows persons' names).
 */
export const myTasks = authedProcedure.input(myTasksInput).query(async ({ ctx, input }) => {
  requirePersonsUse(ctx);
  const viewer = await taskViewer(ctx);
  const today = parisToday(ctx.clock.now());
  const rows = await ctx.tx<(TaskRow & { nom: string; prenom: string; total: number })[]>`
    SELECT ${taskColumns(ctx.tx)}, p.nom, p.prenom, count(*) OVER ()::int AS total
    FROM person_task t ${taskJoins(ctx.tx)}
    JOIN person p ON p.territory_id = t.territory_id AND p.id = t.person_id
    WHERE t.assignee_user_id = ${ctx.actor.userId} AND t.status = 'a_faire'
      AND t.assignee_organisation_id = ${ctx.actor.organisationId}
      AND ${personAccessSql(ctx.tx, ctx, 't.person_id')}
    ORDER BY t.due_on, t.id
    LIMIT ${TASK_PAGE_SIZE} OFFSET ${(input.page - 1) * TASK_PAGE_SIZE}`;
  await ctx.audit({
    action: 'person.task.mine',
    objectType: 'person_task',
    details: { page: input.page, shown: rows.length },
  });
  return {
    items: rows.map((r) => ({
      ...taskOut(r, today, { allowedActions: allowedTaskActions(viewer, taskLike(r)) }),
      person: { id: r.person_id, nom: r.nom, prenom: r.prenom },
    })),
    total: rows[0]?.total ?? (input.page > 1 ? await openCountOf(ctx) : 0),
    page: input.page,
    pageSize: TASK_PAGE_SIZE,
    today,
  };
});

async function openCountOf(ctx: TenantContext) {
  const [row] = await ctx.tx<{ n: number }[]>`
    SELECT count(*)::int AS n FROM person_task t
    WHERE t.assignee_user_id = ${ctx.actor.userId} AND t.status = 'a_faire'
      AND t.assignee_organisation_id = ${ctx.actor.organisationId}
      AND ${personAccessSql(ctx.tx, ctx, 't.person_id')}`;
  return row?.n ?? 0;
}

/** The number of the actor's open tasks (the menu's counter; no person data, not audited). */
export const openCount = authedProcedure.query(async ({ ctx }) => {
  if (!canCreateTask(ctx.actor.role)) return { count: 0 };
  return { count: await openCountOf(ctx) };
});
