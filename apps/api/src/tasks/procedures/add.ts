import { canCreateTask, taskAddInput } from '@ensemblier/shared';
import { notify } from '../../notifications/emit.ts';
import { canSeePerson } from '../../persons/access.ts';
import { authedProcedure, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { assigneeOptions, parisToday, personTasksLink } from '../common.ts';

const FRENCH_DAY = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * A professional who sees the file adds a task for someone who sees it too (assigneeOptions:
 * a user with the organisation they act for), due today or later (Paris). The assignee is
 * notified when it is someone else (no person data in the notification). Audited.
 */
export const addTask = authedProcedure.input(taskAddInput).mutation(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  if (!canCreateTask(ctx.actor.role)) forbidden();
  const now = ctx.clock.now();
  if (input.dueOn < parisToday(now)) fieldError('dueOn', 'La date d’échéance ne peut pas être passée.');
  const options = await assigneeOptions(ctx.tx, input.personId);
  if (!options.some((o) => o.userId === input.assigneeUserId && o.organisationId === input.assigneeOrganisationId))
    fieldError('assigneeUserId', 'Choisissez un professionnel qui a accès au dossier de la personne.');
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO person_task (territory_id, person_id, title, detail, due_on, assignee_user_id,
      assignee_organisation_id, author_user_id, author_organisation_id, created_at, updated_at)
    VALUES (${ctx.territoryId}, ${input.personId}, ${input.title}, ${input.detail}, ${input.dueOn},
      ${input.assigneeUserId}, ${input.assigneeOrganisationId}, ${ctx.actor.userId}, ${ctx.actor.organisationId},
      ${now}, ${now})
    RETURNING id`;
  const id = row!.id;
  if (input.assigneeUserId !== ctx.actor.userId) {
    await notify(
      ctx.tx,
      ctx.territoryId,
      { userIds: [input.assigneeUserId] },
      {
        kind: 'task_assigned',
        dedupeKey: `task_assigned:${id}`,
        title: `Une tâche vous est confiée par ${ctx.membership?.organisationName ?? 'un partenaire'}`,
        body: `À faire pour le ${FRENCH_DAY(input.dueOn)}. Ouvrez le dossier pour la voir.`,
        link: personTasksLink(input.personId),
      },
    );
  }
  await ctx.audit({
    action: 'person.task.add',
    objectType: 'person_task',
    objectId: id,
    personId: input.personId,
    details: {
      dueOn: input.dueOn,
      assigneeUserId: input.assigneeUserId,
      assigneeOrganisationId: input.assigneeOrganisationId,
    },
  });
  return { id };
});
