import { router } from '../trpc/init.ts';

/** The bell: the user's notifications and their mail preference. */
export const notificationsRouter = router({});
