import { router } from '../trpc/init.ts';
import { interopRouter } from './interop/router.ts';

/** Directory of the partner network: search, services, organisation profiles, import/export. */
export const directoryRouter = router({
  interop: interopRouter,
});
