import { router } from '../trpc/init.ts';
import * as register from './procedures/register.ts';
import * as programmes from './procedures/programmes.ts';
import * as visitLog from './procedures/log.ts';
import * as campaigns from './procedures/campaigns.ts';
import * as alerts from './procedures/alerts.ts';
import * as visitStats from './procedures/stats.ts';

/** Issue 7 (volunteers): the register of vulnerable people, visit programmes, the visit log. Campaigns come next. */
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
  programmes: router({
    create: programmes.create,
    update: programmes.update,
    list: programmes.list,
    get: programmes.get,
    candidates: programmes.candidates,
  }),
  alerts: router({
    list: alerts.list,
    handle: alerts.handle,
  }),
  stats: visitStats.stats,
  statsCsv: visitStats.exportCsv,
  campaigns: router({
    callers: campaigns.callers,
    create: campaigns.create,
    list: campaigns.list,
    myCampaigns: campaigns.myCampaigns,
    board: campaigns.board,
    close: campaigns.close,
    mine: campaigns.mine,
    logCall: campaigns.logCall,
    stats: campaigns.stats,
    exportCsv: campaigns.exportCsv,
  }),
  mine: visitLog.mine,
  assigned: visitLog.assigned,
  log: visitLog.log,
});
