import { router } from '../trpc/init.ts';
import { addTask } from './procedures/add.ts';
import { listForPerson, myTasks, openCount } from './procedures/list.ts';
import { cancelTask, completeTask, reopenTask } from './procedures/transition.ts';

/** Tasks (« à faire ») on persons' files; rules in packages/shared/src/tasks/tasks.ts. */
export const tasksRouter = router({
  listForPerson,
  add: addTask,
  complete: completeTask,
  cancel: cancelTask,
  reopen: reopenTask,
  /** « Mes tâches ». */
  mine: myTasks,
  openCount,
});
