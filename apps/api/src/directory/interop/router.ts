import { can } from '@ensemblier/shared';
import { authedProcedure, forbidden, router } from '../../trpc/init.ts';
import { toDataInclusion, toDataInclusionCsv } from './export-data-inclusion.ts';
import { toHsds } from './export-hsds.ts';
import { importDataInclusionProcedure } from './import.ts';
import { loadNetwork, type Network } from './network.ts';
import type { TenantContext } from '../../trpc/context.ts';

/** Exports read the whole active network of the territory (admin and coordinator). */
const exportProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!can(ctx.actor, 'directory.export')) forbidden();
  return next();
});

/** Who took a copy of the directory, and when (the rows include contact names). */
const audited = (ctx: TenantContext, format: string, network: Network) =>
  ctx.audit({
    action: 'directory.export',
    objectType: 'directory',
    details: { format, structures: network.organisations.length, services: network.services.length },
  });

/** data·inclusion import, data·inclusion and HSDS exports. */
export const interopRouter = router({
  importDataInclusion: importDataInclusionProcedure,
  exportDataInclusion: exportProcedure.query(async ({ ctx }) => {
    const network = await loadNetwork(ctx.tx);
    await audited(ctx, 'data-inclusion', network);
    return toDataInclusion(network);
  }),
  exportDataInclusionCsv: exportProcedure.query(async ({ ctx }) => {
    const network = await loadNetwork(ctx.tx);
    await audited(ctx, 'data-inclusion-csv', network);
    return toDataInclusionCsv(network);
  }),
  exportHsds: exportProcedure.query(async ({ ctx }) => {
    const network = await loadNetwork(ctx.tx);
    await audited(ctx, 'hsds', network);
    return toHsds(network);
  }),
});
