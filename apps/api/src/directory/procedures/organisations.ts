import { can, organisationIdInput, organisationProfileInput } from '@ensemblier/shared';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { capacityOf, staleBefore } from './common.ts';

interface ProfileRow {
  id: string;
  name: string;
  type: string;
  status: string;
  email: string | null;
  phone: string | null;
  commune_insee: string | null;
  siret: string | null;
  finess: string | null;
  adresse: string | null;
  complement_adresse: string | null;
  code_postal: string | null;
  site_web: string | null;
  horaires_accueil: string | null;
  description: string | null;
  reseaux_porteurs: string[];
  source: string;
  source_id: string;
  version: number;
  updated_at: Date;
}

interface ServiceSummaryRow {
  id: string;
  nom: string;
  thematiques: string[];
  accepts_referrals: boolean;
  capacity_status: string;
  capacity_delay_days: number | null;
  capacity_confirmed_at: Date | null;
  date_maj: Date;
}

/** An organisation's directory profile, with its active services. */
export const getOrganisationProfile = authedProcedure.input(organisationIdInput).query(async ({ ctx, input }) => {
  const [row] = await ctx.tx<ProfileRow[]>`
    SELECT id, name, type, status, email, phone, commune_insee, siret, finess, adresse, complement_adresse,
      code_postal, site_web, horaires_accueil, description, reseaux_porteurs, source, source_id, version, updated_at
    FROM organisation WHERE id = ${input.id}`;
  if (!row) notFound();
  if (!can(ctx.actor, 'directory.read')) forbidden();
  const services = await ctx.tx<ServiceSummaryRow[]>`
    SELECT id, nom, thematiques, accepts_referrals, capacity_status, capacity_delay_days, capacity_confirmed_at, date_maj
    FROM service WHERE organisation_id = ${input.id} AND status = 'active' ORDER BY nom, id`;
  const stale = staleBefore(ctx.clock.now());
  const target = { organisationId: row.id };
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    status: row.status as 'active' | 'deactivated',
    email: row.email,
    phone: row.phone,
    communeInsee: row.commune_insee,
    siret: row.siret,
    finess: row.finess,
    adresse: row.adresse,
    complementAdresse: row.complement_adresse,
    codePostal: row.code_postal,
    siteWeb: row.site_web,
    horairesAccueil: row.horaires_accueil,
    description: row.description,
    reseauxPorteurs: row.reseaux_porteurs,
    source: row.source,
    sourceId: row.source_id,
    version: row.version,
    updatedAt: row.updated_at,
    services: services.map((s) => ({
      id: s.id,
      nom: s.nom,
      thematiques: s.thematiques,
      acceptsReferrals: s.accepts_referrals,
      capacity: capacityOf(s),
      dateMaj: s.date_maj,
      stale: s.date_maj < stale,
    })),
    permissions: {
      updateProfile: can(ctx.actor, 'organisation.profile.update', target),
      createService: can(ctx.actor, 'service.create', target),
    },
  };
});

/** Profile fields (name and type are edited in administration). Optimistic on `version`. */
export const updateOrganisationProfile = authedProcedure
  .input(organisationProfileInput)
  .mutation(async ({ ctx, input }) => {
    const [existing] = await ctx.tx<{ id: string }[]>`SELECT id FROM organisation WHERE id = ${input.id}`;
    if (!existing) notFound();
    if (!can(ctx.actor, 'organisation.profile.update', { organisationId: input.id })) forbidden();
    if (input.communeInsee) {
      const [c] = await ctx.tx`SELECT 1 FROM commune WHERE code = ${input.communeInsee}`;
      if (!c) fieldError('communeInsee', 'Commune inconnue (code INSEE).');
    }
    const values = {
      siret: input.siret,
      finess: input.finess,
      adresse: input.adresse,
      complement_adresse: input.complementAdresse,
      code_postal: input.codePostal,
      commune_insee: input.communeInsee,
      email: input.email,
      phone: input.phone,
      site_web: input.siteWeb,
      horaires_accueil: input.horairesAccueil,
      description: input.description,
      reseaux_porteurs: input.reseauxPorteurs,
      updated_at: ctx.clock.now(),
    };
    const updated = await ctx.tx<{ version: number }[]>`
      UPDATE organisation SET ${ctx.tx(values)}, version = version + 1
      WHERE id = ${input.id} AND version = ${input.version} RETURNING version`;
    if (updated.length === 0) conflict();
    await ctx.audit({
      action: 'organisation.profile.update',
      objectType: 'organisation',
      objectId: input.id,
      details: { fields: Object.keys(values).filter((k) => k !== 'updated_at') },
    });
    return { ok: true, version: updated[0]!.version };
  });

/**
 * The partner network: the territory's active organisations (name and type only), for
 * pickers every professional needs (consent scope, list filters). Directory data, not
 * administration: the members, contacts and settings stay in admin.organisations.
 */
export const listNetworkOrganisations = authedProcedure.query(async ({ ctx }) => {
  if (!can(ctx.actor, 'directory.read')) forbidden();
  const rows = await ctx.tx<{ id: string; name: string; type: string }[]>`
    SELECT id, name, type FROM organisation WHERE status = 'active'`;
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'fr', { sensitivity: 'base' }));
});
