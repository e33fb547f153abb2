import { adminRouter } from './admin/router.ts';
import { archivesRouter } from './archives/router.ts';
import { authRouter } from './auth/router.ts';
import { commissionsRouter } from './commissions/router.ts';
import { directoryRouter } from './directory/router.ts';
import { notificationsRouter } from './notifications/router.ts';
import { personsRouter } from './persons/router.ts';
import { referralsRouter } from './referrals/router.ts';
import { tasksRouter } from './tasks/router.ts';
import { router } from './trpc/init.ts';
import { visitsRouter } from './visits/router.ts';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  directory: directoryRouter,
  persons: personsRouter,
  referrals: referralsRouter,
  notifications: notificationsRouter,
  archives: archivesRouter,
  tasks: tasksRouter,
  commissions: commissionsRouter,
  visits: visitsRouter,
});

export type AppRouter = typeof appRouter;
