import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import type { Role } from '../auth/roles.ts';
import { dateSchema } from '../persons/schemas.ts';

/**
 * Tasks (« à faire ») on a person's file: a title, an optional detail, a due date (a day, Paris
 * time), an assignee (a professional of an organisation that sees the file, chosen with that
 * organisation) and a status. The API applies these rules and nothing else; the web uses them
 * to show only the allowed actions.
 *
 * Who sees a task (on top of seeing the person's file — a task never opens a file):
 * - the author's organisation and the assignee's organisation;
 * - the CCAS: the territory's coordinators and the members of the CCAS/CIAS organisation
 *   (they coordinate the support, like the « CCAS uniquement » timeline visibility);
 * - never volunteers nor commission members (TASK_ROLES), whatever their organisation.
 * Another partner of the follow-up group does not see them: a task says what one organisation
 * asked another to do, not what the group must know (that goes in the timeline).
 *
 * Who acts on a visible task:
 * - complete (« faite ») or reopen: anyone who sees it (the assignee, a colleague of the
 *   assignee or of the author, the CCAS);
 * - cancel: the author's organisation, the assignee himself and the coordinators (the one who
 *   asked may withdraw the request; the assignee may say it no longer applies).
 */

export const TASK_STATUSES = ['a_faire', 'faite', 'annulee'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  a_faire: 'À faire',
  faite: 'Faite',
  annulee: 'Annulée',
};

export const TASK_ACTIONS = ['complete', 'cancel', 'reopen'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
export const TASK_ACTION_LABELS: Record<TaskAction, string> = {
  complete: 'Marquer comme faite',
  cancel: 'Annuler la tâche',
  reopen: 'Remettre à faire',
};

/** The state machine: what an action leads to from a status (null: not allowed). */
const TRANSITIONS: Record<TaskStatus, Partial<Record<TaskAction, TaskStatus>>> = {
  a_faire: { complete: 'faite', cancel: 'annulee' },
  faite: { reopen: 'a_faire' },
  annulee: { reopen: 'a_faire' },
};

export function nextTaskStatus(status: TaskStatus, action: TaskAction): TaskStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

/** Roles that see, create and handle tasks (volunteers and commission members never do). */
export const TASK_ROLES: readonly Role[] = ['admin', 'coordinator', 'partner_manager', 'partner_worker'];

/** Roles that may be assigned a task (people who support the person; not the technical admin). */
export const TASK_ASSIGNEE_ROLES: readonly Role[] = ['coordinator', 'partner_manager', 'partner_worker'];

export interface TaskViewer {
  userId: string;
  role: Role;
  organisationId: string;
  /** The type of the viewer's organisation ('ccas', 'cias', 'association'…). */
  organisationType: string;
}

export interface TaskLike {
  status: TaskStatus;
  authorOrganisationId: string;
  assigneeOrganisationId: string;
  assigneeUserId: string;
}

const isCcas = (v: TaskViewer) =>
  v.role === 'coordinator' || v.organisationType === 'ccas' || v.organisationType === 'cias';

/** May the viewer (who sees the person's file) see this task? */
export function canSeeTask(viewer: TaskViewer, task: Omit<TaskLike, 'status'>): boolean {
  if (!TASK_ROLES.includes(viewer.role)) return false;
  return (
    viewer.organisationId === task.authorOrganisationId ||
    viewer.organisationId === task.assigneeOrganisationId ||
    isCcas(viewer)
  );
}

/** The actions the viewer may take on the task now (empty when it may not see it). */
export function allowedTaskActions(viewer: TaskViewer, task: TaskLike): TaskAction[] {
  if (!canSeeTask(viewer, task)) return [];
  return TASK_ACTIONS.filter((action) => {
    if (nextTaskStatus(task.status, action) === null) return false;
    if (action === 'cancel') {
      return (
        viewer.organisationId === task.authorOrganisationId ||
        viewer.userId === task.assigneeUserId ||
        viewer.role === 'coordinator'
      );
    }
    return true;
  });
}

/** Who may add a task on a file they see. */
export const canCreateTask = (role: Role) => TASK_ROLES.includes(role);

/** Is a task with this due date (AAAA-MM-JJ) overdue on this day (AAAA-MM-JJ, Paris)? */
export const isTaskOverdue = (task: { status: TaskStatus; dueOn: string }, today: string) =>
  task.status === 'a_faire' && task.dueOn < today;

// ----------------------------------------------------------------------------------------
// Inputs

export const TASK_PAGE_SIZE = 20;

const page = z.number().int().min(1).max(1000).default(1);

export const taskListInput = z.object({
  personId: idSchema,
  /** Open tasks only (the default view), or every task of the file. */
  status: z.enum(['open', 'all']).default('open'),
  page,
});

export const taskAddInput = z.object({
  personId: idSchema,
  title: z
    .string({ error: 'Indiquez ce qu’il faut faire.' })
    .trim()
    .min(1, 'Indiquez ce qu’il faut faire.')
    .max(200, 'Le titre ne doit pas dépasser 200 caractères.'),
  detail: z.string().trim().max(2000, 'Le détail ne doit pas dépasser 2 000 caractères.').default(''),
  /** JJ/MM/AAAA or AAAA-MM-JJ; not in the past (checked by the API against its clock). */
  dueOn: z
    .string({ error: 'Indiquez la date d’échéance.' })
    .trim()
    .min(1, 'Indiquez la date d’échéance.')
    .pipe(dateSchema('date d’échéance')),
  assigneeUserId: z.uuid({ error: 'Choisissez à qui confier la tâche.' }),
  assigneeOrganisationId: z.uuid({ error: 'Choisissez à qui confier la tâche.' }),
});
export type TaskAddInput = z.infer<typeof taskAddInput>;

export const taskActionInput = z.object({
  taskId: idSchema,
  /** The version the user saw (a task changed meanwhile → CONFLICT). */
  version: z.number().int().positive(),
});

export const myTasksInput = z.object({ page });

export const personTaskAssigneesInput = z.object({ personId: idSchema });

/** One option of the assignee picker: a user with the organisation they would act for. */
export interface TaskAssigneeOption {
  userId: string;
  organisationId: string;
  name: string;
  organisationName: string;
}

/** The value of an assignee option in a form (user and organisation). */
export const assigneeValue = (o: { userId: string; organisationId: string }) => `${o.userId}:${o.organisationId}`;
export function parseAssigneeValue(value: string): { userId: string; organisationId: string } | null {
  const [userId, organisationId, ...rest] = value.split(':');
  if (!userId || !organisationId || rest.length > 0) return null;
  return { userId, organisationId };
}
