import type { CallEffects, VisitEffects } from '@ensemblier/shared';
import type { TenantContext } from '../trpc/context.ts';
import { notify } from '../notifications/emit.ts';

/**
 * Writes what a visit or a call record produces, in the request's transaction and on its first
 * insert only (the shared `visitEffects` / `callEffects` decide what): the CCAS-only timeline
 * entry in the person's file, and the coordinators' notification (deduplicated by its key).
 */
export async function applyRecordEffects(ctx: TenantContext, effects: VisitEffects | CallEffects, now: Date) {
  if (effects.timelineEntry) {
    const e = effects.timelineEntry;
    await ctx.tx`INSERT INTO timeline_entry ${ctx.tx({
      territory_id: ctx.territoryId,
      person_id: e.personId,
      author_organisation_id: ctx.actor.organisationId,
      author_user_id: ctx.actor.userId,
      type: e.type,
      visibility: e.visibility,
      sensitive_category: e.sensitiveCategory,
      title: e.title,
      body: e.body,
      occurred_at: e.occurredAt,
      created_at: now,
    })}`;
  }
  if (effects.notification) {
    const n = effects.notification;
    await notify(ctx.tx, ctx.territoryId, n.audience, {
      kind: n.kind,
      dedupeKey: n.dedupeKey,
      title: n.title,
      body: n.body,
      link: n.link,
    });
  }
}
