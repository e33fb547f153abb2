import { router } from '../trpc/init.ts';
import { approveElimination, listEliminations, rejectElimination } from './procedures/eliminations.ts';
import { getArchivedFile } from './procedures/get.ts';
import { listArchives } from './procedures/list.ts';
import { getRetentionRules, updateRetentionRules } from './procedures/rules.ts';

/** Archived files (the archivist), eliminations to decide, the territory's retention rules (admin). */
export const archivesRouter = router({
  list: listArchives,
  get: getArchivedFile,
  eliminations: router({ list: listEliminations, approve: approveElimination, reject: rejectElimination }),
  rules: router({ get: getRetentionRules, update: updateRetentionRules }),
});
