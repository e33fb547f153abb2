import { error, redirect } from '@sveltejs/kit';
import { can, type TaskAction, type TaskStatus } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import { TASK_DONE, taskTransition } from '#lib/server/tasks.ts';
import type { Actions, PageServerLoad } from './$types';

/** « Mes tâches »: the user's open tasks, overdue first (tasks.mine). */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'referral.use')) error(404, 'Cette page n’existe pas.');
  let result;
  try {
    result = await locals.api.tasks.mine.query({ page: Math.min(1000, pageParam(url)) });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, 'Cette page n’existe pas.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const done = url.searchParams.get('fait');
  return {
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
      // From this list, a task is marked done (the others act from the file).
      allowedActions: (t.allowedActions as TaskAction[]).filter((a) => a === 'complete'),
      person: {
        id: t.person.id,
        name: [t.person.prenom, t.person.nom.toUpperCase()].filter(Boolean).join(' ') || 'Personne',
      },
    })),
    overdue: result.items.filter((t) => t.overdue).length,
    total: result.total,
    page: result.page,
    totalPages: totalPages(result.total, result.pageSize),
    done: done ? (TASK_DONE[done] ?? null) : null,
  };
};

export const actions: Actions = {
  complete: taskTransition('complete'),
};
