import {
  can,
  listOrganisationsInput,
  organisationIdInput,
  organisationInput,
  updateOrganisationInput,
} from '@ensemblier/shared';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { refreshSearchDocuments } from '../../directory/search-document.ts';

interface OrganisationRow {
  id: string;
  name: string;
  type: string;
  status: string;
  email: string | null;
  phone: string | null;
  commune_insee: string | null;
  version: number;
  updated_at: Date;
  member_count: number;
}

const toDto = (r: OrganisationRow) => ({
  id: r.id,
  name: r.name,
  type: r.type,
  status: r.status,
  email: r.email,
  phone: r.phone,
  communeInsee: r.commune_insee,
  version: r.version,
  updatedAt: r.updated_at,
  memberCount: Number(r.member_count),
});

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';
const DUPLICATE_NAME = 'Une structure porte déjà ce nom sur le territoire.';

async function load(ctx: TenantContext, id: string) {
  const [row] = await ctx.tx<OrganisationRow[]>`
    SELECT o.id, o.name, o.type, o.status, o.email, o.phone, o.commune_insee, o.version, o.updated_at,
      (SELECT count(*) FROM membership m WHERE m.territory_id = o.territory_id AND m.organisation_id = o.id AND m.status = 'active') AS member_count
    FROM organisation o WHERE o.id = ${id}`;
  return row;
}

export const listOrganisations = authedProcedure.input(listOrganisationsInput).query(async ({ ctx, input }) => {
  if (!can(ctx.actor, 'organisation.list')) forbidden();
  const q = input.q ? `%${input.q}%` : null;
  const status = input.status === 'all' ? null : input.status;
  const rows = await ctx.tx<(OrganisationRow & { total: number })[]>`
    SELECT o.id, o.name, o.type, o.status, o.email, o.phone, o.commune_insee, o.version, o.updated_at,
      (SELECT count(*) FROM membership m WHERE m.territory_id = o.territory_id AND m.organisation_id = o.id AND m.status = 'active') AS member_count,
      count(*) OVER ()::int AS total
    FROM organisation o
    WHERE (${status}::text IS NULL OR o.status = ${status})
      AND (${q}::text IS NULL OR unaccent(o.name) ILIKE unaccent(${q}))
    ORDER BY o.name
    LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`;
  return { items: rows.map(toDto), total: rows[0]?.total ?? 0, page: input.page, pageSize: input.pageSize };
});

export const getOrganisation = authedProcedure.input(organisationIdInput).query(async ({ ctx, input }) => {
  const allowed = can(ctx.actor, 'organisation.list') || can(ctx.actor, 'member.list', { organisationId: input.id });
  const row = await load(ctx, input.id);
  if (!row) notFound();
  if (!allowed) forbidden();
  return {
    ...toDto(row),
    permissions: {
      update: can(ctx.actor, 'organisation.update', { organisationId: row.id }),
      deactivate: can(ctx.actor, 'organisation.deactivate', { organisationId: row.id }),
      invite: can(ctx.actor, 'member.invite', { organisationId: row.id }),
      changeRole: can(ctx.actor, 'member.changeRole', { organisationId: row.id }),
      removeMember: can(ctx.actor, 'member.deactivate', { organisationId: row.id }),
    },
  };
});

export const createOrganisation = authedProcedure.input(organisationInput).mutation(async ({ ctx, input }) => {
  if (!can(ctx.actor, 'organisation.create')) forbidden();
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO organisation (territory_id, name, type, email, phone, commune_insee)
    VALUES (${ctx.territoryId}, ${input.name}, ${input.type}, ${input.email}, ${input.phone}, ${input.communeInsee})
    ON CONFLICT (territory_id, name) DO NOTHING RETURNING id`;
  if (!row) fieldError('name', DUPLICATE_NAME);
  await ctx.audit({
    action: 'organisation.create',
    objectType: 'organisation',
    objectId: row.id,
    details: { name: input.name, type: input.type },
  });
  return { id: row.id };
});

export const updateOrganisation = authedProcedure.input(updateOrganisationInput).mutation(async ({ ctx, input }) => {
  const existing = await load(ctx, input.id);
  if (!existing) notFound();
  if (!can(ctx.actor, 'organisation.update', { organisationId: input.id })) forbidden();
  let updated: { id: string }[];
  try {
    updated = await ctx.tx`
      UPDATE organisation SET name = ${input.name}, type = ${input.type}, email = ${input.email}, phone = ${input.phone},
        commune_insee = ${input.communeInsee}, version = version + 1, updated_at = ${ctx.clock.now()}
      WHERE id = ${input.id} AND version = ${input.version} RETURNING id`;
  } catch (e) {
    if (isUniqueViolation(e)) fieldError('name', DUPLICATE_NAME);
    throw e;
  }
  if (updated.length === 0) conflict();
  // Its services are found by the organisation's name too.
  if (existing.name !== input.name) await refreshSearchDocuments(ctx.tx, { organisationId: input.id });
  await ctx.audit({
    action: 'organisation.update',
    objectType: 'organisation',
    objectId: input.id,
    details: { before: { name: existing.name, type: existing.type }, after: { name: input.name, type: input.type } },
  });
  return { ok: true };
});

function setStatus(status: 'active' | 'deactivated') {
  return authedProcedure.input(organisationIdInput).mutation(async ({ ctx, input }) => {
    const existing = await load(ctx, input.id);
    if (!existing) notFound();
    if (!can(ctx.actor, 'organisation.deactivate', { organisationId: input.id })) forbidden();
    if (status === 'deactivated' && input.id === ctx.actor.organisationId)
      fieldError('id', 'Vous ne pouvez pas désactiver la structure avec laquelle vous êtes connecté.');
    await ctx.tx`UPDATE organisation SET status = ${status}, version = version + 1, updated_at = ${ctx.clock.now()} WHERE id = ${input.id}`;
    if (status === 'deactivated') {
      // Its members' sessions end now (users with another active organisation keep theirs
      // but can no longer act for this one: the membership is checked on every request).
      await ctx.tx`
        DELETE FROM user_session s WHERE s.active_membership_id IN (SELECT id FROM membership WHERE organisation_id = ${input.id})`;
    }
    await ctx.audit({
      action: status === 'active' ? 'organisation.reactivate' : 'organisation.deactivate',
      objectType: 'organisation',
      objectId: input.id,
    });
    return { ok: true };
  });
}
export const deactivateOrganisation = setStatus('deactivated');
export const reactivateOrganisation = setStatus('active');
