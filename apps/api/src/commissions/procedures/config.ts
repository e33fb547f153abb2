import { z } from 'zod';
import {
  AID_KINDS,
  baremeSchema,
  commissionTypeIdInput,
  commissionTypeInput,
  DEFAULT_BAREME,
  DEFAULT_QUORUM_RULE,
  quorumRuleSchema,
  updateCommissionTypeInput,
  type AidKind,
  type Bareme,
  type CommissionCapacity,
  type CommissionTypeInput,
  type QuorumRule,
} from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';

/**
 * Commission types and their configuration (commissions.config.*): aid kinds, yearly envelopes
 * per aid kind, members (voting rights, capacities, organisation represented), quorum rule and
 * barème — validated with the shared zod schemas (commissionTypeInput), every write audited.
 *
 * Configured by the territory's coordinators (the CCAS/CIAS) and the administrator; read by them
 * and by the members of the commission type (their commissions). Anyone else: NOT_FOUND on a
 * type, FORBIDDEN on the lists.
 */

export const CONFIGURE_ROLES = ['admin', 'coordinator'] as const;

export function canConfigure(ctx: Pick<TenantContext, 'actor'>): boolean {
  return (CONFIGURE_ROLES as readonly string[]).includes(ctx.actor.role);
}

export interface CommissionTypeRow {
  id: string;
  name: string;
  aid_kinds: AidKind[];
  quorum: QuorumRule;
  bareme: Bareme;
  voix_preponderante: boolean;
  presentation_par_defaut: boolean;
  archived_at: Date | null;
  version: number;
}

/** The commission type, parsed (a stored rule that no longer parses falls back to the default). */
export async function loadCommissionType(ctx: TenantContext, id: string): Promise<CommissionTypeRow | null> {
  const [row] = await ctx.tx<CommissionTypeRow[]>`
    SELECT id, name, aid_kinds, quorum, bareme, voix_preponderante, presentation_par_defaut, archived_at, version
    FROM commission_type WHERE id = ${id}`;
  if (!row) return null;
  const quorum = quorumRuleSchema.safeParse(row.quorum);
  const bareme = baremeSchema.safeParse(row.bareme);
  return {
    ...row,
    quorum: quorum.success ? quorum.data : DEFAULT_QUORUM_RULE,
    bareme: bareme.success ? bareme.data : DEFAULT_BAREME,
  };
}

async function isMember(ctx: TenantContext, commissionTypeId: string): Promise<boolean> {
  const [m] = await ctx.tx`SELECT 1 FROM commission_member
    WHERE commission_type_id = ${commissionTypeId} AND user_id = ${ctx.actor.userId}`;
  return !!m;
}

/** Users and organisations of the configuration must be of the territory (RLS) and active. */
async function checkReferences(ctx: TenantContext, input: CommissionTypeInput) {
  const userIds = input.members.map((m) => m.userId);
  if (userIds.length > 0) {
    const users = await ctx.tx<{ id: string }[]>`
      SELECT id FROM app_user WHERE id = ANY(${userIds}::uuid[]) AND status <> 'deactivated'`;
    const known = new Set(users.map((u) => u.id));
    input.members.forEach((m, i) => {
      if (!known.has(m.userId)) fieldError(`members.${i}.userId`, 'Ce membre n’est pas un utilisateur du territoire.');
    });
  }
  const orgIds = input.members.flatMap((m) => (m.organisationId ? [m.organisationId] : []));
  if (orgIds.length > 0) {
    const orgs = await ctx.tx<{ id: string }[]>`SELECT id FROM organisation WHERE id = ANY(${orgIds}::uuid[])`;
    const known = new Set(orgs.map((o) => o.id));
    input.members.forEach((m, i) => {
      if (m.organisationId && !known.has(m.organisationId))
        fieldError(`members.${i}.organisationId`, 'Cette organisation n’existe pas sur le territoire.');
    });
  }
}

async function writeMembersAndEnvelopes(ctx: TenantContext, typeId: string, input: CommissionTypeInput) {
  await ctx.tx`DELETE FROM commission_member WHERE commission_type_id = ${typeId}`;
  for (const m of input.members)
    await ctx.tx`INSERT INTO commission_member (territory_id, commission_type_id, user_id, organisation_id, voting,
        capacities, created_at)
      VALUES (${ctx.territoryId}, ${typeId}, ${m.userId}, ${m.organisationId}, ${m.voting}, ${m.capacities},
        ${ctx.clock.now()})`;
  const existing = await ctx.tx<{ id: string; aid_kind: string; year: number; consumed_cents: number }[]>`
    SELECT id, aid_kind, year, consumed_cents FROM commission_envelope WHERE commission_type_id = ${typeId}
    FOR UPDATE`;
  const now = ctx.clock.now();
  for (const [i, e] of input.envelopes.entries()) {
    const current = existing.find((x) => x.aid_kind === e.aidKind && x.year === e.year);
    if (current) {
      // The conditional UPDATE keeps the budget above what is consumed even against a
      // concurrent consumption.
      const updated = await ctx.tx`UPDATE commission_envelope
        SET budget_cents = ${e.budgetCents}, updated_at = ${now}, version = version + 1
        WHERE id = ${current.id} AND consumed_cents <= ${e.budgetCents}`;
      if (updated.count === 0)
        fieldError(
          `envelopes.${i}.budgetCents`,
          'Le montant de l’enveloppe ne peut pas être inférieur à ce qui a déjà été accordé.',
        );
    } else
      await ctx.tx`INSERT INTO commission_envelope (territory_id, commission_type_id, aid_kind, year, budget_cents,
          created_at, updated_at)
        VALUES (${ctx.territoryId}, ${typeId}, ${e.aidKind}, ${e.year}, ${e.budgetCents}, ${now}, ${now})`;
  }
  for (const x of existing) {
    if (input.envelopes.some((e) => e.aidKind === x.aid_kind && e.year === x.year)) continue;
    const [used] = await ctx.tx`SELECT 1 FROM envelope_movement WHERE envelope_id = ${x.id} LIMIT 1`;
    const [ref] = await ctx.tx`SELECT 1 FROM decision WHERE envelope_id = ${x.id} LIMIT 1`;
    if (x.consumed_cents > 0 || used || ref)
      conflict(
        `L’enveloppe ${AID_KINDS[x.aid_kind as AidKind].label} ${x.year} a déjà servi : elle ne peut pas être supprimée.`,
      );
    await ctx.tx`DELETE FROM commission_envelope WHERE id = ${x.id}`;
  }
}

async function uniqueName(ctx: TenantContext, name: string, exceptId: string | null) {
  const [same] = await ctx.tx`SELECT 1 FROM commission_type WHERE name = ${name}
    AND (${exceptId}::uuid IS NULL OR id <> ${exceptId}::uuid)`;
  if (same) fieldError('name', 'Une commission porte déjà ce nom.');
}

function auditDetails(input: CommissionTypeInput) {
  return {
    name: input.name,
    aidKinds: input.aidKinds,
    envelopes: input.envelopes.map((e) => ({ aidKind: e.aidKind, year: e.year, budgetCents: e.budgetCents })),
    members: input.members.map((m) => ({ userId: m.userId, voting: m.voting, capacities: m.capacities })),
    quorum: input.quorum,
    tranches: input.bareme.tranches.length,
  };
}

export const createCommissionType = authedProcedure.input(commissionTypeInput).mutation(async ({ ctx, input }) => {
  if (!canConfigure(ctx)) forbidden();
  await uniqueName(ctx, input.name, null);
  await checkReferences(ctx, input);
  const now = ctx.clock.now();
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO commission_type (territory_id, name, aid_kinds, quorum, bareme, voix_preponderante,
      presentation_par_defaut, created_at, created_by_user_id, updated_at, updated_by_user_id)
    VALUES (${ctx.territoryId}, ${input.name}, ${input.aidKinds}, ${ctx.tx.json(input.quorum as never)},
      ${ctx.tx.json(input.bareme as never)}, ${input.voixPreponderante}, ${input.presentationParDefaut}, ${now},
      ${ctx.actor.userId}, ${now}, ${ctx.actor.userId})
    RETURNING id`;
  await writeMembersAndEnvelopes(ctx, row!.id, input);
  await ctx.audit({
    action: 'commission_type.create',
    objectType: 'commission_type',
    objectId: row!.id,
    details: auditDetails(input),
  });
  return { id: row!.id };
});

export const updateCommissionType = authedProcedure
  .input(updateCommissionTypeInput.safeExtend({ version: z.number().int().nullish() }))
  .mutation(async ({ ctx, input }) => {
    if (!canConfigure(ctx)) notFound();
    const current = await loadCommissionType(ctx, input.commissionTypeId);
    if (!current) notFound();
    if (input.version != null && input.version !== current.version)
      conflict(
        'Quelqu’un d’autre a modifié cette commission entre-temps. Rechargez la page pour voir ses changements.',
      );
    // An aid kind with demandes stays decided by the commission.
    const removed = current.aid_kinds.filter((k) => !input.aidKinds.includes(k));
    if (removed.length > 0) {
      const [used] = await ctx.tx<{ aid_kind: AidKind }[]>`SELECT aid_kind FROM demande
        WHERE commission_type_id = ${current.id} AND aid_kind = ANY(${removed}::text[]) LIMIT 1`;
      if (used)
        fieldError(
          'aidKinds',
          `Des demandes de « ${AID_KINDS[used.aid_kind].label} » ont été instruites pour cette commission : ce type d’aide ne peut pas être retiré.`,
        );
    }
    await uniqueName(ctx, input.name, current.id);
    await checkReferences(ctx, input);
    await ctx.tx`UPDATE commission_type SET name = ${input.name}, aid_kinds = ${input.aidKinds},
        quorum = ${ctx.tx.json(input.quorum as never)}, bareme = ${ctx.tx.json(input.bareme as never)},
        voix_preponderante = ${input.voixPreponderante}, presentation_par_defaut = ${input.presentationParDefaut},
        updated_at = ${ctx.clock.now()}, updated_by_user_id = ${ctx.actor.userId}, version = version + 1
      WHERE id = ${current.id}`;
    await writeMembersAndEnvelopes(ctx, current.id, input);
    await ctx.audit({
      action: 'commission_type.update',
      objectType: 'commission_type',
      objectId: current.id,
      details: auditDetails(input),
    });
    return { id: current.id };
  });

/** Archives (or restores) a commission type: no new demande; its history stays. */
export const archiveCommissionType = authedProcedure
  .input(commissionTypeIdInput.extend({ archived: z.boolean() }))
  .mutation(async ({ ctx, input }) => {
    if (!canConfigure(ctx)) notFound();
    const current = await loadCommissionType(ctx, input.commissionTypeId);
    if (!current) notFound();
    await ctx.tx`UPDATE commission_type SET archived_at = ${input.archived ? ctx.clock.now() : null},
      updated_at = ${ctx.clock.now()}, updated_by_user_id = ${ctx.actor.userId}, version = version + 1
      WHERE id = ${current.id}`;
    await ctx.audit({
      action: input.archived ? 'commission_type.archive' : 'commission_type.restore',
      objectType: 'commission_type',
      objectId: current.id,
      details: { name: current.name },
    });
    return { ok: true };
  });

/**
 * The commission types the actor may see: all for coordinators and the administrator, those
 * they sit in for members, the active ones (to instruct a demande) for partner professionals.
 */
export const listCommissionTypes = authedProcedure
  .input(z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }))
  .query(async ({ ctx, input }) => {
    const role = ctx.actor.role;
    const all = canConfigure(ctx);
    const partner = role === 'partner_manager' || role === 'partner_worker';
    if (!all && !partner && role !== 'commission_member') forbidden();
    const rows = await ctx.tx<
      {
        id: string;
        name: string;
        aid_kinds: AidKind[];
        archived_at: Date | null;
        members: number;
        member: boolean;
        demandes_open: number;
      }[]
    >`
      SELECT c.id, c.name, c.aid_kinds, c.archived_at,
        (SELECT count(*)::int FROM commission_member m WHERE m.commission_type_id = c.id) AS members,
        EXISTS (SELECT 1 FROM commission_member m WHERE m.commission_type_id = c.id
          AND m.user_id = ${ctx.actor.userId}) AS member,
        (SELECT count(*)::int FROM demande d WHERE d.commission_type_id = c.id
          AND d.state NOT IN ('cloturee')) AS demandes_open
      FROM commission_type c
      WHERE (${input.includeArchived}::boolean OR c.archived_at IS NULL)
      ORDER BY c.name, c.id`;
    const visible = rows.filter((r) => all || r.member || (partner && r.archived_at === null));
    return {
      canConfigure: all,
      items: visible.map((r) => ({
        id: r.id,
        name: r.name,
        aidKinds: r.aid_kinds,
        archived: r.archived_at !== null,
        members: r.members,
        isMember: r.member,
        // Counts of demandes are for those who see them (coordinators).
        demandesOpen: ctx.actor.role === 'coordinator' ? r.demandes_open : null,
      })),
    };
  });

/** One commission type with its members and envelopes (coordinators, administrator, its members). */
export const getCommissionType = authedProcedure.input(commissionTypeIdInput).query(async ({ ctx, input }) => {
  const type = await loadCommissionType(ctx, input.commissionTypeId);
  if (!type) notFound();
  if (!canConfigure(ctx) && !(await isMember(ctx, type.id))) notFound();
  const members = await ctx.tx<
    {
      user_id: string;
      name: string;
      email: string;
      organisation_id: string | null;
      organisation_name: string | null;
      own_organisation: string | null;
      voting: boolean;
      capacities: CommissionCapacity[];
    }[]
  >`
    SELECT m.user_id, u.name, u.email, m.organisation_id, o.name AS organisation_name,
      (SELECT string_agg(DISTINCT oo.name, ', ') FROM membership ms JOIN organisation oo ON oo.id = ms.organisation_id
        WHERE ms.user_id = m.user_id AND ms.status = 'active') AS own_organisation,
      m.voting, m.capacities
    FROM commission_member m JOIN app_user u ON u.id = m.user_id
    LEFT JOIN organisation o ON o.id = m.organisation_id
    WHERE m.commission_type_id = ${type.id}
    ORDER BY u.name, m.user_id`;
  const envelopes = await ctx.tx<
    { id: string; aid_kind: AidKind; year: number; budget_cents: number; consumed_cents: number }[]
  >`
    SELECT id, aid_kind, year, budget_cents, consumed_cents FROM commission_envelope
    WHERE commission_type_id = ${type.id} ORDER BY year DESC, aid_kind`;
  await ctx.audit({ action: 'commission_type.read', objectType: 'commission_type', objectId: type.id, details: {} });
  return {
    id: type.id,
    name: type.name,
    aidKinds: type.aid_kinds,
    quorum: type.quorum,
    bareme: type.bareme,
    voixPreponderante: type.voix_preponderante,
    presentationParDefaut: type.presentation_par_defaut,
    archived: type.archived_at !== null,
    version: type.version,
    canConfigure: canConfigure(ctx),
    members: members.map((m) => ({
      userId: m.user_id,
      name: m.name,
      email: m.email,
      organisationId: m.organisation_id,
      organisationName: m.organisation_name ?? m.own_organisation,
      voting: m.voting,
      capacities: m.capacities,
    })),
    envelopes: envelopes.map((e) => ({
      id: e.id,
      aidKind: e.aid_kind,
      year: e.year,
      budgetCents: e.budget_cents,
      consumedCents: e.consumed_cents,
      remainingCents: e.budget_cents - e.consumed_cents,
    })),
  };
});

/** Who may be made a member: the active users of the territory, and the organisations. */
export const memberCandidates = authedProcedure.query(async ({ ctx }) => {
  if (!canConfigure(ctx)) forbidden();
  const users = await ctx.tx<{ id: string; name: string; email: string; organisations: string | null }[]>`
    SELECT u.id, u.name, u.email,
      (SELECT string_agg(DISTINCT o.name, ', ') FROM membership ms JOIN organisation o ON o.id = ms.organisation_id
        WHERE ms.user_id = u.id AND ms.status = 'active') AS organisations
    FROM app_user u WHERE u.status = 'active'
      AND EXISTS (SELECT 1 FROM membership ms WHERE ms.user_id = u.id AND ms.status = 'active'
        AND ms.role IN ('coordinator', 'partner_manager', 'partner_worker', 'commission_member'))
    ORDER BY u.name, u.id LIMIT 500`;
  const organisations = await ctx.tx<{ id: string; name: string }[]>`
    SELECT id, name FROM organisation ORDER BY name, id LIMIT 1000`;
  return {
    users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, organisations: u.organisations })),
    organisations,
  };
});
