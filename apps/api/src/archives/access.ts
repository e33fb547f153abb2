import { can, type Permission } from '@ensemblier/shared';
import type { TenantContext } from '../trpc/context.ts';
import { forbidden } from '../trpc/init.ts';

/**
 * The archives are the archivist's alone (can(…, 'archives.read' | 'archives.eliminate')):
 * every other role gets FORBIDDEN, whatever the id it asks for; an archivist asking for a file
 * that is not archived (or of another territory) gets NOT_FOUND.
 */
export function requireArchives(ctx: Pick<TenantContext, 'actor'>, permission: Permission = 'archives.read') {
  if (!can(ctx.actor, permission)) forbidden();
}
