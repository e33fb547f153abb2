import { router } from '../../trpc/init.ts';

/** data·inclusion import, data·inclusion and HSDS exports. */
export const interopRouter = router({});
