import { adminRouter } from './admin/router.ts';
import { authRouter } from './auth/router.ts';
import { directoryRouter } from './directory/router.ts';
import { router } from './trpc/init.ts';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  directory: directoryRouter,
});

export type AppRouter = typeof appRouter;
