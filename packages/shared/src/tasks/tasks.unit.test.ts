import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../auth/roles.ts';
import {
  allowedTaskActions,
  assigneeValue,
  canSeeTask,
  isTaskOverdue,
  nextTaskStatus,
  parseAssigneeValue,
  TASK_ACTION_LABELS,
  TASK_ACTIONS,
  TASK_STATUS_LABELS,
  TASK_STATUSES,
  taskAddInput,
  type TaskLike,
  type TaskViewer,
} from './tasks.ts';

const AUTHOR_ORG = 'a0000000-0000-4000-8000-000000000001';
const ASSIGNEE_ORG = 'a0000000-0000-4000-8000-000000000002';
const OTHER_ORG = 'a0000000-0000-4000-8000-000000000003';
const CCAS_ORG = 'a0000000-0000-4000-8000-000000000004';
const ASSIGNEE = 'u0000000-0000-4000-8000-000000000001';

const task: TaskLike = {
  status: 'a_faire',
  authorOrganisationId: AUTHOR_ORG,
  assigneeOrganisationId: ASSIGNEE_ORG,
  assigneeUserId: ASSIGNEE,
};

type Relation = 'author_org' | 'assignee' | 'assignee_org' | 'ccas_org' | 'other_partner';
function viewer(role: Role, relation: Relation): TaskViewer {
  const org = {
    author_org: AUTHOR_ORG,
    assignee: ASSIGNEE_ORG,
    assignee_org: ASSIGNEE_ORG,
    ccas_org: CCAS_ORG,
    other_partner: OTHER_ORG,
  }[relation];
  return {
    userId: relation === 'assignee' ? ASSIGNEE : 'someone-else',
    role,
    organisationId: org,
    organisationType: relation === 'ccas_org' ? 'ccas' : 'association',
  };
}

/**
 * Who sees an open task, by hand: roles in ROLES order
 * (admin, coordinator, partner_manager, partner_worker, volunteer, commission_member), then the
 * actions allowed to a partner_worker / coordinator with that relation (c = complete, x = cancel).
 */
const SEES = `
author_org     xxxx..  cx  cx
assignee       xxxx..  cx  cx
assignee_org   xxxx..  c   cx
ccas_org       xxxx..  c   cx
other_partner  .x....  -   cx
`;

describe('tasks: who sees and acts', () => {
  const lines = SEES.trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  for (const [relation, roles, worker, coordinator] of lines) {
    it(`${relation}: ${roles}`, () => {
      ROLES.forEach((role, i) => {
        const expected = (roles as string)[i] === 'x';
        expect(canSeeTask(viewer(role, relation as Relation), task), `${role} ${relation}`).toBe(expected);
      });
      const code = (role: Role) =>
        allowedTaskActions(viewer(role, relation as Relation), task)
          .map((a) => (a === 'complete' ? 'c' : a === 'cancel' ? 'x' : 'r'))
          .join('') || '-';
      expect(code('partner_worker')).toBe(worker);
      expect(code('coordinator')).toBe(coordinator);
    });
  }

  it('volunteers and commission members never see a task, even of their own organisation', () => {
    for (const role of ['volunteer', 'commission_member'] as const) {
      expect(canSeeTask(viewer(role, 'author_org'), task)).toBe(false);
      expect(allowedTaskActions(viewer(role, 'assignee'), task)).toEqual([]);
    }
  });

  it('the state machine: done or cancelled tasks may only be reopened', () => {
    expect(nextTaskStatus('a_faire', 'complete')).toBe('faite');
    expect(nextTaskStatus('a_faire', 'cancel')).toBe('annulee');
    expect(nextTaskStatus('a_faire', 'reopen')).toBeNull();
    for (const s of ['faite', 'annulee'] as const) {
      expect(nextTaskStatus(s, 'reopen')).toBe('a_faire');
      expect(nextTaskStatus(s, 'complete')).toBeNull();
      expect(nextTaskStatus(s, 'cancel')).toBeNull();
      expect(allowedTaskActions(viewer('partner_worker', 'assignee'), { ...task, status: s })).toEqual(['reopen']);
    }
  });

  it('labels every status and action in French', () => {
    for (const s of TASK_STATUSES) expect(TASK_STATUS_LABELS[s]).toMatch(/^[A-ZÀ]/);
    for (const a of TASK_ACTIONS) expect(TASK_ACTION_LABELS[a]).toBeTruthy();
  });

  it('overdue: open and due before today', () => {
    expect(isTaskOverdue({ status: 'a_faire', dueOn: '2026-11-22' }, '2026-11-23')).toBe(true);
    expect(isTaskOverdue({ status: 'a_faire', dueOn: '2026-11-23' }, '2026-11-23')).toBe(false);
    expect(isTaskOverdue({ status: 'faite', dueOn: '2026-11-01' }, '2026-11-23')).toBe(false);
  });
});

describe('tasks: inputs', () => {
  const base = {
    personId: 'b0000000-0000-4000-8000-000000000001',
    title: 'Appeler la CAF',
    dueOn: '23/11/2026',
    assigneeUserId: 'c0000000-0000-4000-8000-000000000001',
    assigneeOrganisationId: 'c0000000-0000-4000-8000-000000000002',
  };

  it('accepts a typed date and gives it back as AAAA-MM-JJ', () => {
    const parsed = taskAddInput.parse(base);
    expect(parsed.dueOn).toBe('2026-11-23');
    expect(parsed.detail).toBe('');
  });

  it('says what to fix, in French', () => {
    const r = taskAddInput.safeParse({ ...base, title: '  ', dueOn: '31/02/2026', assigneeUserId: '' });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages).toEqual({
      title: 'Indiquez ce qu’il faut faire.',
      dueOn: 'La date d’échéance doit être une date réelle, au format JJ/MM/AAAA.',
      assigneeUserId: 'Choisissez à qui confier la tâche.',
    });
    const long = taskAddInput.safeParse({ ...base, detail: 'x'.repeat(2001) });
    expect(long.error?.issues[0]?.message).toBe('Le détail ne doit pas dépasser 2 000 caractères.');
  });

  it('an assignee option is a user with an organisation', () => {
    const v = assigneeValue({ userId: 'u1', organisationId: 'o1' });
    expect(parseAssigneeValue(v)).toEqual({ userId: 'u1', organisationId: 'o1' });
    expect(parseAssigneeValue('')).toBeNull();
    expect(parseAssigneeValue('u1')).toBeNull();
    expect(parseAssigneeValue('a:b:c')).toBeNull();
  });
});
