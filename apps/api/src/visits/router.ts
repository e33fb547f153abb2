import { router } from '../trpc/init.ts';
import * as register from './procedures/register.ts';

/** Issue 7 (volunteers): the register of vulnerable people. Programmes and campaigns come next. */
export const visitsRouter = router({
  register: router({
    create: register.create,
    update: register.update,
    optOut: register.optOut,
    get: register.get,
    forPerson: register.forPerson,
    list: register.list,
    exportCsv: register.exportCsv,
    exportPdf: register.exportPdf,
  }),
});
