import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { TaskAction } from '@ensemblier/shared';
import { apiError, formError, formFailure, readForm } from './forms.ts';

/** Messages after an action on a task (the action redirects back with `?fait=…`). */
export const TASK_DONE: Record<string, string> = {
  ajout: 'La tâche est ajoutée.',
  complete: 'La tâche est marquée comme faite.',
  cancel: 'La tâche est annulée.',
  reopen: 'La tâche est remise à faire.',
};

const NOT_FOUND = 'Cette tâche n’existe pas ou vous n’y avez pas accès.';

/**
 * The form action for complete / cancel / reopen (fields taskId, version), shared by the file's
 * tasks page and « Mes tâches »: back to the same page (its filters kept) with `?fait=<action>`.
 * A task changed meanwhile comes back as a message naming what to do.
 */
export function taskTransition(action: TaskAction) {
  return async ({ locals, request, url }: RequestEvent) => {
    const { values } = await readForm(request, ['taskId', 'version']);
    const version = Number.parseInt(values.version ?? '', 10);
    if (!values.taskId || !Number.isInteger(version)) {
      return formError(400, values, {}, { kind: 'task-action', message: 'Rechargez la page puis réessayez.' });
    }
    try {
      await locals.api.tasks[action].mutate({ taskId: values.taskId, version });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
      return formFailure(err, values, { kind: 'task-action', fields: [], url });
    }
    const back = new URL(url);
    back.search = '';
    for (const [k, v] of url.searchParams) if (!k.startsWith('/') && k !== 'fait') back.searchParams.set(k, v);
    back.searchParams.set('fait', action);
    redirect(303, `${back.pathname}${back.search}#taches`);
  };
}
