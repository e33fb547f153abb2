import { error, redirect } from '@sveltejs/kit';
import { assigneeValue, can, parseAssigneeValue, type TaskAction, type TaskStatus } from '@ensemblier/shared';
import { todayTyped } from '#lib/format.ts';
import { apiError, formError, formFailure, loginUrl, readForm } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import { TASK_DONE, taskTransition } from '#lib/server/tasks.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette personne n’existe pas ou vous n’avez pas accès à son dossier.';

/** The add form's fields. */
const TASK_FIELDS = ['title', 'detail', 'dueOn', 'assignee'] as const;

/** The file's tasks (tasks.listForPerson: one audited read) and the form to add one. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'referral.use')) error(404, NOT_FOUND);
  const all = url.searchParams.get('statut') === 'toutes';
  let result;
  try {
    result = await locals.api.tasks.listForPerson.query({
      personId: params.id,
      status: all ? 'all' : 'open',
      page: Math.min(1000, pageParam(url)),
    });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const mine = assigneeValue({ userId: me.user.id, organisationId: me.activeMembership.organisationId });
  const options = result.assignees.map((a) => ({
    value: assigneeValue(a),
    label: `${a.name} (${a.organisationName})`,
  }));
  const done = url.searchParams.get('fait');
  return {
    person: result.person,
    all,
    items: result.items.map((t) => ({
      id: t.id,
      title: t.title,
      detail: t.detail,
      dueOn: t.dueOn,
      status: t.status as TaskStatus,
      version: t.version,
      overdue: t.overdue,
      dueToday: t.dueToday,
      assignee: t.assignee,
      author: t.author,
      createdAt: t.createdAt as unknown as string,
      closedAt: t.closedAt as unknown as string | null,
      closedByName: t.closedByName,
      allowedActions: t.allowedActions as TaskAction[],
    })),
    total: result.total,
    page: result.page,
    totalPages: totalPages(result.total, result.pageSize),
    canCreate: result.canCreate,
    assignees: options,
    /** The assignee proposed by default: the user, when they may be given the task. */
    defaultAssignee: options.some((o) => o.value === mine) ? mine : '',
    today: todayTyped(),
    done: done ? (TASK_DONE[done] ?? null) : null,
  };
};

export const actions: Actions = {
  add: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, TASK_FIELDS);
    const assignee = parseAssigneeValue(values.assignee ?? '');
    if (!assignee) {
      return formError(400, values, { assignee: 'Choisissez à qui confier la tâche.' }, { kind: 'task-add' });
    }
    try {
      await locals.api.tasks.add.mutate({
        personId: params.id,
        title: values.title ?? '',
        detail: values.detail ?? '',
        dueOn: values.dueOn ?? '',
        assigneeUserId: assignee.userId,
        assigneeOrganisationId: assignee.organisationId,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
      return formFailure(err, values, {
        kind: 'task-add',
        fields: TASK_FIELDS,
        fieldMap: { assigneeUserId: 'assignee', assigneeOrganisationId: 'assignee' },
        url,
      });
    }
    redirect(303, `/personnes/${params.id}/taches?fait=ajout#taches`);
  },
  complete: taskTransition('complete'),
  cancel: taskTransition('cancel'),
  reopen: taskTransition('reopen'),
};
