import { z } from 'zod';
import { can } from '@ensemblier/shared';
import type { TransactionSql } from '@ensemblier/db';
import { authedProcedure, fieldError, forbidden } from '../../trpc/init.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { refreshSearchDocuments } from '../search-document.ts';
import { organisationTypeFor } from './organisation-type.ts';
import { rawKey, reasonOf, serviceRow, structureRow, type ServiceRow, type StructureRow } from './rows.ts';

/**
 * Import of a data·inclusion v1 export: `{ "structures": [...], "services": [...] }` with the
 * schema's own field names.
 *
 * The procedure takes the file's text (`content`) and parses it itself, so that a file that is
 * not JSON gets the same clear French message whether it comes from the web page or the API.
 * File level is all or nothing: a malformed file (not JSON, not an object with the two lists,
 * more than MAX_ROWS rows) is refused with a field error on `content` and nothing is written.
 * Row level is not: each row is validated (rows.ts, which mirrors the tables' CHECK constraints;
 * commune and zone codes against the reference table; names against the territory's other
 * organisations) and upserted on its (source, id); a row that fails is reported with its reason and
 * the others are imported, all in the request's single transaction. We check before writing rather
 * than catching database errors in a savepoint per row: thousands of subtransactions in one
 * transaction make PostgreSQL slow down sharply (measured: 5,000 rows went from seconds to minutes).
 * A re-import of the same rows changes nothing and reports them as unchanged.
 */

export const MAX_ROWS = 5000;
export const MAX_CONTENT_LENGTH = 10 * 1024 * 1024;

export const importDataInclusionInput = z.object({
  content: z
    .string({ error: 'Choisissez un fichier à importer.' })
    .max(MAX_CONTENT_LENGTH, 'Le fichier dépasse 10 Mo : découpez-le en plusieurs fichiers.'),
});

export interface RejectedRow {
  kind: 'structure' | 'service';
  source: string;
  id: string;
  reason: string;
}

export interface ImportReport {
  created: { structures: number; services: number };
  updated: { structures: number; services: number };
  unchanged: { structures: number; services: number };
  rejected: RejectedRow[];
}

const SHAPE_MESSAGE =
  'Le fichier doit contenir un objet JSON avec deux listes, « structures » et « services », comme un export data·inclusion.';

/** The file's two lists, or a field error on `content` (nothing has been written yet). */
export function parseDataInclusionFile(content: string): { structures: unknown[]; services: unknown[] } {
  const text = content.replace(/^\uFEFF/, '').trim();
  if (!text) fieldError('content', 'Le fichier est vide.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    fieldError(
      'content',
      'Ce fichier n’est pas un fichier JSON valide. Exportez de nouveau les données depuis data·inclusion au format JSON.',
    );
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) fieldError('content', SHAPE_MESSAGE);
  const { structures, services } = data as Record<string, unknown>;
  if (!Array.isArray(structures) || !Array.isArray(services)) fieldError('content', SHAPE_MESSAGE);
  const total = structures.length + services.length;
  if (total === 0) fieldError('content', 'Le fichier ne contient aucune structure ni aucun service.');
  if (total > MAX_ROWS)
    fieldError(
      'content',
      `Le fichier contient ${total.toLocaleString('fr-FR')} lignes : ${MAX_ROWS.toLocaleString('fr-FR')} au plus par import. Découpez-le en plusieurs fichiers.`,
    );
  return { structures, services };
}

/** The zone and commune codes of the file that exist in the reference tables. */
async function knownCodes(tx: TransactionSql, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await tx<{ code: string }[]>`
    SELECT code FROM commune WHERE code = ANY(${codes})
    UNION SELECT epci FROM commune WHERE epci = ANY(${codes})
    UNION SELECT departement FROM commune WHERE departement = ANY(${codes})`;
  return new Set(['france', ...rows.map((r) => r.code)]);
}

type Counts = { created: number; updated: number; unchanged: number };

async function upsertStructure(
  tx: TransactionSql,
  territoryId: string,
  now: Date,
  r: StructureRow,
): Promise<{ outcome: 'created' | 'updated' | 'unchanged'; id?: string }> {
  const [row] = await tx<{ id: string; inserted: boolean }[]>`
    INSERT INTO organisation AS o (territory_id, source, source_id, name, type, email, phone, commune_insee, siret,
      adresse, complement_adresse, code_postal, site_web, horaires_accueil, description, reseaux_porteurs)
    VALUES (${territoryId}, ${r.source}, ${r.id}, ${r.nom}, ${organisationTypeFor(r)}, ${r.courriel}, ${r.telephone},
      ${r.code_insee}, ${r.siret}, ${r.adresse}, ${r.complement_adresse}, ${r.code_postal}, ${r.site_web},
      ${r.horaires_accueil}, ${r.description}, ${r.reseaux_porteurs}::text[])
    ON CONFLICT (territory_id, source, source_id) DO UPDATE SET
      name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, commune_insee = EXCLUDED.commune_insee,
      siret = EXCLUDED.siret, adresse = EXCLUDED.adresse, complement_adresse = EXCLUDED.complement_adresse,
      code_postal = EXCLUDED.code_postal, site_web = EXCLUDED.site_web, horaires_accueil = EXCLUDED.horaires_accueil,
      description = EXCLUDED.description, reseaux_porteurs = EXCLUDED.reseaux_porteurs,
      version = o.version + 1, updated_at = ${now}
    WHERE (o.name, o.email, o.phone, o.commune_insee, o.siret, o.adresse, o.complement_adresse, o.code_postal,
        o.site_web, o.horaires_accueil, o.description, o.reseaux_porteurs)
      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.phone, EXCLUDED.commune_insee, EXCLUDED.siret,
        EXCLUDED.adresse, EXCLUDED.complement_adresse, EXCLUDED.code_postal, EXCLUDED.site_web,
        EXCLUDED.horaires_accueil, EXCLUDED.description, EXCLUDED.reseaux_porteurs)
    RETURNING id, (xmax = 0) AS inserted`;
  return !row ? { outcome: 'unchanged' } : { outcome: row.inserted ? 'created' : 'updated', id: row.id };
}

async function upsertService(
  tx: TransactionSql,
  territoryId: string,
  now: Date,
  organisationId: string,
  r: ServiceRow,
): Promise<{ outcome: 'created' | 'updated' | 'unchanged'; id?: string }> {
  const dateMaj = r.date_maj ?? now;
  const [row] = await tx<{ id: string; inserted: boolean }[]>`
    INSERT INTO service AS s (territory_id, organisation_id, source, source_id, nom, description, type, thematiques,
      publics, publics_precisions, frais, frais_precisions, conditions_acces, modes_accueil, zone_eligibilite,
      modes_mobilisation, mobilisable_par, mobilisation_precisions, lien_mobilisation, contact_nom_prenom, courriel,
      telephone, horaires_accueil, adresse, complement_adresse, code_postal, commune_insee, date_maj)
    VALUES (${territoryId}, ${organisationId}, ${r.source}, ${r.id}, ${r.nom}, ${r.description}, ${r.type},
      ${r.thematiques}::text[], ${r.publics}::text[], ${r.publics_precisions}, ${r.frais}, ${r.frais_precisions},
      ${r.conditions_acces}, ${r.modes_accueil}::text[], ${r.zone_eligibilite}::text[], ${r.modes_mobilisation}::text[],
      ${r.mobilisable_par}::text[], ${r.mobilisation_precisions}, ${r.lien_mobilisation}, ${r.contact_nom_prenom},
      ${r.courriel}, ${r.telephone}, ${r.horaires_accueil}, ${r.adresse}, ${r.complement_adresse}, ${r.code_postal},
      ${r.code_insee}, ${dateMaj})
    ON CONFLICT (territory_id, source, source_id) DO UPDATE SET
      organisation_id = EXCLUDED.organisation_id, nom = EXCLUDED.nom, description = EXCLUDED.description,
      type = EXCLUDED.type, thematiques = EXCLUDED.thematiques, publics = EXCLUDED.publics,
      publics_precisions = EXCLUDED.publics_precisions, frais = EXCLUDED.frais,
      frais_precisions = EXCLUDED.frais_precisions, conditions_acces = EXCLUDED.conditions_acces,
      modes_accueil = EXCLUDED.modes_accueil, zone_eligibilite = EXCLUDED.zone_eligibilite,
      modes_mobilisation = EXCLUDED.modes_mobilisation, mobilisable_par = EXCLUDED.mobilisable_par,
      mobilisation_precisions = EXCLUDED.mobilisation_precisions, lien_mobilisation = EXCLUDED.lien_mobilisation,
      contact_nom_prenom = EXCLUDED.contact_nom_prenom, courriel = EXCLUDED.courriel, telephone = EXCLUDED.telephone,
      horaires_accueil = EXCLUDED.horaires_accueil, adresse = EXCLUDED.adresse,
      complement_adresse = EXCLUDED.complement_adresse, code_postal = EXCLUDED.code_postal,
      commune_insee = EXCLUDED.commune_insee, date_maj = EXCLUDED.date_maj,
      version = s.version + 1, updated_at = ${now}
    WHERE (s.organisation_id, s.nom, s.description, s.type, s.thematiques, s.publics, s.publics_precisions, s.frais,
        s.frais_precisions, s.conditions_acces, s.modes_accueil, s.zone_eligibilite, s.modes_mobilisation,
        s.mobilisable_par, s.mobilisation_precisions, s.lien_mobilisation, s.contact_nom_prenom, s.courriel,
        s.telephone, s.horaires_accueil, s.adresse, s.complement_adresse, s.code_postal, s.commune_insee)
      IS DISTINCT FROM (EXCLUDED.organisation_id, EXCLUDED.nom, EXCLUDED.description, EXCLUDED.type,
        EXCLUDED.thematiques, EXCLUDED.publics, EXCLUDED.publics_precisions, EXCLUDED.frais,
        EXCLUDED.frais_precisions, EXCLUDED.conditions_acces, EXCLUDED.modes_accueil, EXCLUDED.zone_eligibilite,
        EXCLUDED.modes_mobilisation, EXCLUDED.mobilisable_par, EXCLUDED.mobilisation_precisions,
        EXCLUDED.lien_mobilisation, EXCLUDED.contact_nom_prenom, EXCLUDED.courriel, EXCLUDED.telephone,
        EXCLUDED.horaires_accueil, EXCLUDED.adresse, EXCLUDED.complement_adresse, EXCLUDED.code_postal,
        EXCLUDED.commune_insee)
      -- A row without date_maj takes the import's date, but only when something else changed.
      OR (${r.date_maj !== null}::boolean AND s.date_maj IS DISTINCT FROM EXCLUDED.date_maj)
    RETURNING id, (xmax = 0) AS inserted`;
  return !row ? { outcome: 'unchanged' } : { outcome: row.inserted ? 'created' : 'updated', id: row.id };
}

export async function importDataInclusion(ctx: TenantContext, content: string): Promise<ImportReport> {
  const file = parseDataInclusionFile(content);
  const tx = ctx.tx;
  const now = ctx.clock.now();
  const rejected: RejectedRow[] = [];
  const structures: Counts = { created: 0, updated: 0, unchanged: 0 };
  const services: Counts = { created: 0, updated: 0, unchanged: 0 };

  // Validation first (no database), then the reference codes in one query.
  const parsedStructures = file.structures.map((raw) => ({ raw, result: structureRow.safeParse(raw) }));
  const parsedServices = file.services.map((raw) => ({ raw, result: serviceRow.safeParse(raw) }));
  const codes = new Set<string>();
  for (const { result } of parsedStructures)
    if (result.success && result.data.code_insee) codes.add(result.data.code_insee);
  for (const { result } of parsedServices)
    if (result.success) {
      if (result.data.code_insee) codes.add(result.data.code_insee);
      for (const z of result.data.zone_eligibilite) codes.add(z);
    }
  const known = await knownCodes(tx, [...codes]);
  const unknownInsee = (code: string | null) =>
    code && !known.has(code) ? `Champ « code_insee » : commune ${code} inconnue du Code officiel géographique.` : null;

  const seen = new Set<string>();
  const duplicate = (kind: string, source: string, id: string) => {
    const k = `${kind}\u0000${source}\u0000${id}`;
    if (seen.has(k)) return true;
    seen.add(k);
    return false;
  };

  // Structures. Names are unique in a territory: who holds each name the file uses, as we go.
  const keyOf = (source: string, id: string) => `${source}\u0000${id}`;
  const holders = await tx<{ name: string; source: string; source_id: string }[]>`
    SELECT name, source, source_id FROM organisation
    WHERE name = ANY(${parsedStructures.flatMap(({ result }) => (result.success ? [result.data.nom] : []))})
      OR source_id = ANY(${parsedStructures.flatMap(({ result }) => (result.success ? [result.data.id] : []))})`;
  const nameHolder = new Map(holders.map((o) => [o.name, keyOf(o.source, o.source_id)]));
  const nameOf = new Map(holders.map((o) => [keyOf(o.source, o.source_id), o.name]));

  const changedOrganisations: string[] = [];
  const changedServices: string[] = [];
  const structureIdsInFile = new Set(file.structures.map((raw) => rawKey(raw).id));
  for (const { raw, result } of parsedStructures) {
    if (!result.success) {
      rejected.push({ kind: 'structure', ...rawKey(raw), reason: reasonOf(result.error) });
      continue;
    }
    const r = result.data;
    const reject = (reason: string) => rejected.push({ kind: 'structure', source: r.source, id: r.id, reason });
    if (duplicate('structure', r.source, r.id)) {
      reject('Cette structure figure plusieurs fois dans le fichier : seule la première a été importée.');
      continue;
    }
    const insee = unknownInsee(r.code_insee);
    if (insee) {
      reject(insee);
      continue;
    }
    const key = keyOf(r.source, r.id);
    const holder = nameHolder.get(r.nom);
    if (holder !== undefined && holder !== key) {
      reject('Une autre structure porte déjà ce nom sur le territoire : renommez l’une des deux avant d’importer.');
      continue;
    }
    const written = await upsertStructure(tx, ctx.territoryId, now, r);
    structures[written.outcome]++;
    if (written.outcome === 'updated') changedOrganisations.push(written.id!);
    const previous = nameOf.get(key);
    if (previous !== undefined && previous !== r.nom) nameHolder.delete(previous);
    nameHolder.set(r.nom, key);
    nameOf.set(key, r.nom);
  }

  // Services: their structure is looked up by its id (data·inclusion ids are unique across
  // sources, a service may come from another source than its structure), same source first.
  const organisations = await tx<{ id: string; source: string; source_id: string }[]>`
    SELECT id, source, source_id FROM organisation
    WHERE source_id = ANY(${parsedServices.flatMap(({ result }) => (result.success ? [result.data.structure_id] : []))})
    ORDER BY created_at, id`;
  const organisationOf = (source: string, structureId: string) =>
    (
      organisations.find((o) => o.source === source && o.source_id === structureId) ??
      organisations.find((o) => o.source_id === structureId)
    )?.id;
  for (const { raw, result } of parsedServices) {
    if (!result.success) {
      rejected.push({ kind: 'service', ...rawKey(raw), reason: reasonOf(result.error) });
      continue;
    }
    const r = result.data;
    const reject = (reason: string) => rejected.push({ kind: 'service', source: r.source, id: r.id, reason });
    if (duplicate('service', r.source, r.id)) {
      reject('Ce service figure plusieurs fois dans le fichier : seul le premier a été importé.');
      continue;
    }
    const insee = unknownInsee(r.code_insee);
    const unknownZones = r.zone_eligibilite.filter((z) => !known.has(z));
    if (insee || unknownZones.length > 0) {
      reject(
        insee ??
          `Champ « zone_eligibilite » : ${unknownZones.length > 1 ? 'codes inconnus' : 'code inconnu'} du Code officiel géographique (${unknownZones.join(', ')}).`,
      );
      continue;
    }
    const organisationId = organisationOf(r.source, r.structure_id);
    if (!organisationId) {
      reject(
        structureIdsInFile.has(r.structure_id)
          ? `Sa structure « ${r.structure_id} » a été rejetée : corrigez-la d’abord.`
          : `Sa structure « ${r.structure_id} » est introuvable : elle n’est ni dans le fichier, ni déjà importée.`,
      );
      continue;
    }
    const written = await upsertService(tx, ctx.territoryId, now, organisationId, r);
    services[written.outcome]++;
    if (written.id) changedServices.push(written.id);
  }

  // What search looks at: the services written, and those of the structures changed (renamed).
  if (changedOrganisations.length > 0) {
    const others = await tx<{ id: string }[]>`
      SELECT id FROM service WHERE organisation_id = ANY(${changedOrganisations}::uuid[])`;
    changedServices.push(...others.map((o) => o.id));
  }
  if (changedServices.length > 0) await refreshSearchDocuments(tx, { serviceIds: [...new Set(changedServices)] });

  const report: ImportReport = {
    created: { structures: structures.created, services: services.created },
    updated: { structures: structures.updated, services: services.updated },
    unchanged: { structures: structures.unchanged, services: services.unchanged },
    rejected,
  };
  await ctx.audit({
    action: 'directory.import',
    objectType: 'directory',
    details: {
      format: 'data-inclusion',
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: rejected.length,
    },
  });
  return report;
}

export const importDataInclusionProcedure = authedProcedure
  .input(importDataInclusionInput)
  .mutation(async ({ ctx, input }) => {
    if (!can(ctx.actor, 'directory.import')) forbidden();
    return importDataInclusion(ctx, input.content);
  });
