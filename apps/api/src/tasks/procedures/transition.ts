import { allowedTaskActions, canSeeTask, nextTaskStatus, taskActionInput, type TaskAction } from '@ensemblier/shared';
import { canSeePerson } from '../../persons/access.ts';
import { authedProcedure, conflict, forbidden, notFound } from '../../trpc/init.ts';
import { taskColumns, taskJoins, taskLike, taskViewer, type TaskRow } from '../common.ts';

/**
 * complete / cancel / reopen one task (allowedTaskActions): a task the actor may not see, or
 * on a file they no longer see, is NOT_FOUND; a visible task whose action is not theirs,
 * FORBIDDEN; a task changed since the user saw it (version) or whose status does not allow the
 * action, CONFLICT. Done or cancelled: closed_at/closed_by; reopened: cleared. Audited.
 */
function transition(action: TaskAction) {
  return authedProcedure.input(taskActionInput).mutation(async ({ ctx, input }) => {
    const [task] = await ctx.tx<TaskRow[]>`
      SELECT ${taskColumns(ctx.tx)} FROM person_task t ${taskJoins(ctx.tx)} WHERE t.id = ${input.taskId}`;
    if (!task || !(await canSeePerson(ctx, task.person_id))) notFound();
    const viewer = await taskViewer(ctx);
    if (!canSeeTask(viewer, taskLike(task))) notFound();
    const to = nextTaskStatus(task.status, action);
    if (!to || task.version !== input.version)
      conflict('Cette tâche a changé entre-temps : rechargez la page pour voir son état actuel.');
    if (!allowedTaskActions(viewer, taskLike(task)).includes(action)) forbidden();
    const now = ctx.clock.now();
    const closing = to !== 'a_faire';
    const [row] = await ctx.tx<{ version: number }[]>`
      UPDATE person_task SET status = ${to}, version = version + 1, updated_at = ${now},
        closed_at = ${closing ? now : null}, closed_by_user_id = ${closing ? ctx.actor.userId : null}
      WHERE id = ${input.taskId} AND version = ${input.version} AND status = ${task.status}
      RETURNING version`;
    if (!row) conflict('Cette tâche a changé entre-temps : rechargez la page pour voir son état actuel.');
    await ctx.audit({
      action: `person.task.${action}`,
      objectType: 'person_task',
      objectId: input.taskId,
      personId: task.person_id,
      details: { from: task.status, to },
    });
    return { status: to, version: row.version };
  });
}

export const completeTask = transition('complete');
export const cancelTask = transition('cancel');
export const reopenTask = transition('reopen');
