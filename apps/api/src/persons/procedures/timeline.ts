import {
  canSeeEntry,
  canWriteSensitive,
  DEFAULT_VISIBILITY,
  TIMELINE_PAGE_SIZE,
  timelineAddInput,
  timelineListInput,
  viewerRelation,
  type EntryVisibility,
  type SensitiveCategory,
  type TimelineEntryType,
} from '@ensemblier/shared';
import { authedProcedure, fieldError, notFound } from '../../trpc/init.ts';
import { canSeePerson } from '../access.ts';
import { groupOrganisationIds } from '../follow-up.ts';

/** A file holds few entries: all of them are read (index on person, occurred_at), then filtered. */
const MAX_ENTRIES = 5000;

/**
 * The person's timeline: only the entries canSeeEntry (packages/shared/src/persons/file.ts)
 * shows to the actor, newest first. The rule is applied here, in TypeScript, after one indexed
 * read of the person's entries — never rewritten in SQL. Audited with the page read.
 */
export const listTimeline = authedProcedure.input(timelineListInput).query(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const [org] = await ctx.tx<{ type: string }[]>`SELECT type FROM organisation WHERE id = ${ctx.actor.organisationId}`;
  const group = await groupOrganisationIds(ctx.tx, input.personId);
  const viewer = { role: ctx.actor.role, organisationId: ctx.actor.organisationId, organisationType: org!.type };
  const rows = await ctx.tx<
    {
      id: string;
      author_organisation_id: string;
      author_organisation_name: string;
      author_name: string;
      type: TimelineEntryType;
      visibility: EntryVisibility;
      sensitive_category: SensitiveCategory | null;
      title: string;
      body: string;
      occurred_at: Date;
      created_at: Date;
    }[]
  >`
    SELECT e.id, e.author_organisation_id, o.name AS author_organisation_name, u.name AS author_name, e.type,
      e.visibility, e.sensitive_category, e.title, e.body, e.occurred_at, e.created_at
    FROM timeline_entry e
    JOIN organisation o ON o.id = e.author_organisation_id
    JOIN app_user u ON u.id = e.author_user_id
    WHERE e.person_id = ${input.personId}
    ORDER BY e.occurred_at DESC, e.created_at DESC, e.id
    LIMIT ${MAX_ENTRIES}`;
  const visible = rows.filter((r) =>
    canSeeEntry(
      {
        role: viewer.role,
        relation: viewerRelation(viewer, { authorOrganisationId: r.author_organisation_id }, group),
      },
      { visibility: r.visibility, sensitiveCategory: r.sensitive_category },
    ),
  );
  const start = (input.page - 1) * TIMELINE_PAGE_SIZE;
  const items = visible.slice(start, start + TIMELINE_PAGE_SIZE);
  await ctx.audit({
    action: 'person.timeline.read',
    objectType: 'person',
    objectId: input.personId,
    personId: input.personId,
    details: { page: input.page, shown: items.length },
  });
  return {
    items: items.map((r) => ({
      id: r.id,
      type: r.type,
      visibility: r.visibility,
      sensitiveCategory: r.sensitive_category,
      title: r.title,
      body: r.body,
      occurredAt: r.occurred_at,
      createdAt: r.created_at,
      authorOrganisationName: r.author_organisation_name,
      authorName: r.author_name,
      mine: r.author_organisation_id === ctx.actor.organisationId,
    })),
    total: visible.length,
    page: input.page,
    pageSize: TIMELINE_PAGE_SIZE,
  };
});

/** A professional with access to the person writes an entry; visibility defaults by type. */
export const addTimelineEntry = authedProcedure.input(timelineAddInput).mutation(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const sensitive = input.sensitiveCategory ?? null;
  if (sensitive && !canWriteSensitive(ctx.actor.role))
    fieldError('sensitiveCategory', 'Votre rôle ne permet pas d’écrire une information sensible.');
  const visibility = input.visibility ?? DEFAULT_VISIBILITY[input.type];
  const now = ctx.clock.now();
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) fieldError('occurredAt', 'La date ne peut pas être future.');
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO timeline_entry (territory_id, person_id, author_organisation_id, author_user_id, type, visibility,
      sensitive_category, title, body, occurred_at, created_at)
    VALUES (${ctx.territoryId}, ${input.personId}, ${ctx.actor.organisationId}, ${ctx.actor.userId}, ${input.type},
      ${visibility}, ${sensitive}, ${input.title}, ${input.body}, ${occurredAt}, ${now})
    RETURNING id`;
  await ctx.audit({
    action: 'person.timeline.add',
    objectType: 'timeline_entry',
    objectId: row!.id,
    personId: input.personId,
    details: { type: input.type, visibility, sensitive: sensitive !== null },
  });
  return { id: row!.id, visibility };
});
