import {
  can,
  capacityInput,
  serviceIdInput,
  serviceInput,
  updateServiceInput,
  type ServiceInput,
} from '@ensemblier/shared';
import type { TransactionSql } from '@ensemblier/db';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { refreshSearchDocuments } from '../search-document.ts';
import { capacityOf, staleBefore } from './common.ts';
import type { ServiceColumns } from '../service-columns.ts';

export interface ServiceRow extends ServiceColumns {
  organisation_name: string;
  organisation_type: string;
  organisation_status: string;
  accepts_referrals: boolean;
  capacity_status: string;
  capacity_delay_days: number | null;
  capacity_confirmed_at: Date | null;
  status: string;
  date_maj: Date;
  created_at: Date;
  updated_at: Date;
  version: number;
}

async function load(ctx: TenantContext, id: string): Promise<ServiceRow | undefined> {
  const [row] = await ctx.tx<ServiceRow[]>`
    SELECT s.id, s.organisation_id, o.name AS organisation_name, o.type AS organisation_type,
      o.status AS organisation_status, s.source, s.source_id, s.nom, s.description, s.type, s.thematiques,
      s.publics, s.publics_precisions, s.frais, s.frais_precisions, s.conditions_acces, s.modes_accueil,
      s.zone_eligibilite, s.modes_mobilisation, s.mobilisable_par, s.mobilisation_precisions,
      s.lien_mobilisation, s.pieces_justificatives, s.contact_nom_prenom, s.courriel, s.telephone,
      s.horaires_accueil, s.adresse, s.complement_adresse, s.code_postal, s.commune_insee,
      s.accepts_referrals, s.capacity_status, s.capacity_delay_days, s.capacity_confirmed_at, s.status,
      s.date_maj, s.created_at, s.updated_at, s.version
    FROM service s JOIN organisation o ON o.territory_id = s.territory_id AND o.id = s.organisation_id
    WHERE s.id = ${id}`;
  return row;
}

function toDto(r: ServiceRow, now: Date) {
  return {
    id: r.id,
    organisation: {
      id: r.organisation_id,
      name: r.organisation_name,
      type: r.organisation_type,
      status: r.organisation_status,
    },
    source: r.source,
    sourceId: r.source_id,
    nom: r.nom,
    description: r.description,
    type: r.type,
    thematiques: r.thematiques,
    publics: r.publics,
    publicsPrecisions: r.publics_precisions,
    frais: r.frais as 'gratuit' | 'payant' | null,
    fraisPrecisions: r.frais_precisions,
    conditionsAcces: r.conditions_acces,
    modesAccueil: r.modes_accueil,
    zoneEligibilite: r.zone_eligibilite,
    modesMobilisation: r.modes_mobilisation,
    mobilisablePar: r.mobilisable_par,
    mobilisationPrecisions: r.mobilisation_precisions,
    lienMobilisation: r.lien_mobilisation,
    piecesJustificatives: r.pieces_justificatives,
    contactNomPrenom: r.contact_nom_prenom,
    courriel: r.courriel,
    telephone: r.telephone,
    horairesAccueil: r.horaires_accueil,
    adresse: r.adresse,
    complementAdresse: r.complement_adresse,
    codePostal: r.code_postal,
    communeInsee: r.commune_insee,
    acceptsReferrals: r.accepts_referrals,
    capacity: capacityOf(r),
    status: r.status as 'active' | 'archived',
    dateMaj: r.date_maj,
    stale: r.date_maj < staleBefore(now),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** Business checks the schema cannot make: the communes named must exist. */
async function checkCommunes(tx: TransactionSql, input: Pick<ServiceInput, 'zoneEligibilite' | 'communeInsee'>) {
  const communeCodes = input.zoneEligibilite.filter((c) => /^\d[0-9AB]\d{3}$/.test(c));
  if (communeCodes.length) {
    const [row] = await tx<{ unknown: string[] }[]>`
      SELECT coalesce(array_agg(c ORDER BY c), '{}') AS unknown FROM unnest(${communeCodes}::text[]) c
      WHERE NOT EXISTS (SELECT 1 FROM commune WHERE code = c)`;
    if (row!.unknown.length)
      fieldError('zoneEligibilite', `Commune inconnue (code INSEE) : ${row!.unknown.join(', ')}.`);
  }
  if (input.communeInsee) {
    const [row] = await tx`SELECT 1 FROM commune WHERE code = ${input.communeInsee}`;
    if (!row) fieldError('communeInsee', 'Commune inconnue (code INSEE).');
  }
}

/** The columns an edit form writes (create and update). */
function columns(input: Omit<ServiceInput, 'organisationId'>) {
  return {
    nom: input.nom,
    description: input.description,
    type: input.type,
    thematiques: input.thematiques,
    publics: input.publics,
    publics_precisions: input.publicsPrecisions,
    frais: input.frais,
    frais_precisions: input.fraisPrecisions,
    conditions_acces: input.conditionsAcces,
    modes_accueil: input.modesAccueil,
    zone_eligibilite: [...new Set(input.zoneEligibilite)],
    modes_mobilisation: input.modesMobilisation,
    mobilisable_par: input.mobilisablePar,
    mobilisation_precisions: input.mobilisationPrecisions,
    lien_mobilisation: input.lienMobilisation,
    pieces_justificatives: input.piecesJustificatives,
    contact_nom_prenom: input.contactNomPrenom,
    courriel: input.courriel,
    telephone: input.telephone,
    horaires_accueil: input.horairesAccueil,
    adresse: input.adresse,
    complement_adresse: input.complementAdresse,
    code_postal: input.codePostal,
    commune_insee: input.communeInsee,
    accepts_referrals: input.acceptsReferrals,
  };
}
type Columns = ReturnType<typeof columns>;

const changedFields = (before: ServiceRow, after: Columns) =>
  (Object.keys(after) as (keyof Columns)[]).filter(
    (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
  );

export const getService = authedProcedure.input(serviceIdInput).query(async ({ ctx, input }) => {
  const row = await load(ctx, input.id);
  if (!row) notFound();
  if (!can(ctx.actor, 'directory.read')) forbidden();
  const target = { organisationId: row.organisation_id };
  return {
    ...toDto(row, ctx.clock.now()),
    permissions: {
      update: can(ctx.actor, 'service.update', target),
      archive: can(ctx.actor, 'service.archive', target),
      capacity: can(ctx.actor, 'service.capacity', target),
      confirm: can(ctx.actor, 'service.confirm', target),
    },
  };
});

export const createService = authedProcedure.input(serviceInput).mutation(async ({ ctx, input }) => {
  const [org] = await ctx.tx<{ status: string }[]>`SELECT status FROM organisation WHERE id = ${input.organisationId}`;
  if (!org) notFound();
  if (!can(ctx.actor, 'service.create', { organisationId: input.organisationId })) forbidden();
  if (org.status !== 'active') fieldError('organisationId', 'Cette structure est désactivée.');
  await checkCommunes(ctx.tx, input);
  const now = ctx.clock.now();
  const values = {
    ...columns(input),
    territory_id: ctx.territoryId,
    organisation_id: input.organisationId,
    date_maj: now,
    created_at: now,
    updated_at: now,
  };
  const [row] = await ctx.tx<{ id: string }[]>`INSERT INTO service ${ctx.tx(values)} RETURNING id`;
  await refreshSearchDocuments(ctx.tx, { serviceIds: [row!.id] });
  await ctx.audit({
    action: 'service.create',
    objectType: 'service',
    objectId: row!.id,
    details: { organisationId: input.organisationId, nom: input.nom },
  });
  return { id: row!.id };
});

export const updateService = authedProcedure.input(updateServiceInput).mutation(async ({ ctx, input }) => {
  const existing = await load(ctx, input.id);
  if (!existing) notFound();
  if (!can(ctx.actor, 'service.update', { organisationId: existing.organisation_id })) forbidden();
  await checkCommunes(ctx.tx, input);
  const now = ctx.clock.now();
  const values = columns(input);
  const updated = await ctx.tx`
    UPDATE service SET ${ctx.tx({ ...values, date_maj: now, updated_at: now })}, version = version + 1
    WHERE id = ${input.id} AND version = ${input.version} RETURNING id`;
  if (updated.length === 0) conflict();
  await refreshSearchDocuments(ctx.tx, { serviceIds: [input.id] });
  await ctx.audit({
    action: 'service.update',
    objectType: 'service',
    objectId: input.id,
    details: { changed: changedFields(existing, values) },
  });
  return { ok: true, version: existing.version + 1 };
});

export const archiveService = authedProcedure.input(serviceIdInput).mutation(async ({ ctx, input }) => {
  const existing = await load(ctx, input.id);
  if (!existing) notFound();
  if (!can(ctx.actor, 'service.archive', { organisationId: existing.organisation_id })) forbidden();
  await ctx.tx`
    UPDATE service SET status = 'archived', version = version + 1, updated_at = ${ctx.clock.now()}
    WHERE id = ${input.id}`;
  await ctx.audit({ action: 'service.archive', objectType: 'service', objectId: input.id });
  return { ok: true };
});

/**
 * Day-to-day availability: visible in search at once. It does not bump `version` (the
 * edit form does not carry it, so a capacity change never makes a pending edit conflict).
 */
export const setServiceCapacity = authedProcedure.input(capacityInput).mutation(async ({ ctx, input }) => {
  const existing = await load(ctx, input.id);
  if (!existing) notFound();
  if (!can(ctx.actor, 'service.capacity', { organisationId: existing.organisation_id })) forbidden();
  const now = ctx.clock.now();
  const delay = input.status === 'liste_attente' ? input.delayDays : null;
  await ctx.tx`
    UPDATE service SET capacity_status = ${input.status}, capacity_delay_days = ${delay},
      capacity_confirmed_at = ${now}, date_maj = ${now}, updated_at = ${now}
    WHERE id = ${input.id}`;
  await ctx.audit({
    action: 'service.capacity',
    objectType: 'service',
    objectId: input.id,
    details: {
      before: { status: existing.capacity_status, delayDays: existing.capacity_delay_days },
      after: { status: input.status, delayDays: delay },
    },
  });
  return { capacity: { status: input.status, delayDays: delay, confirmedAt: now }, dateMaj: now };
});

/** "Toujours à jour": the manager confirms the service as it is. */
export const confirmService = authedProcedure.input(serviceIdInput).mutation(async ({ ctx, input }) => {
  const existing = await load(ctx, input.id);
  if (!existing) notFound();
  if (!can(ctx.actor, 'service.confirm', { organisationId: existing.organisation_id })) forbidden();
  const now = ctx.clock.now();
  await ctx.tx`UPDATE service SET date_maj = ${now} WHERE id = ${input.id}`;
  await ctx.audit({
    action: 'service.confirm',
    objectType: 'service',
    objectId: input.id,
    details: { previousDateMaj: existing.date_maj.toISOString() },
  });
  return { dateMaj: now, stale: false };
});
