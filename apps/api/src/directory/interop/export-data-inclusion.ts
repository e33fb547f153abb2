import { stringify } from 'csv-stringify/sync';
import { thematiqueForExport } from '@ensemblier/shared';
import type { Network, NetworkOrganisation, NetworkService } from './network.ts';

/**
 * The network as a data·inclusion v1 export (schema v1.0.8: structure.json, service.json).
 * Every field the schema defines is written, and only those (the schema does not forbid others,
 * but a consumer should find exactly the standard): `null` for what we do not know, our thématique
 * extensions mapped onto their nearest schema value (thematiqueForExport), empty lists as `null`
 * where the schema asks for at least one item, `date_maj` as a civil date (format "date").
 * `source`/`id` are the row's own (imported rows keep their producer's), so that importing our
 * export elsewhere, or back here, upserts the same rows.
 */

export const STRUCTURE_FIELDS = [
  'source',
  'id',
  'nom',
  'siret',
  'date_maj',
  'lien_source',
  'description',
  'adresse',
  'complement_adresse',
  'code_postal',
  'code_insee',
  'commune',
  'longitude',
  'latitude',
  'telephone',
  'courriel',
  'site_web',
  'horaires_accueil',
  'accessibilite_lieu',
  'reseaux_porteurs',
] as const;

export const SERVICE_FIELDS = [
  'source',
  'id',
  'structure_id',
  'nom',
  'description',
  'type',
  'thematiques',
  'frais',
  'frais_precisions',
  'publics',
  'publics_precisions',
  'conditions_acces',
  'date_maj',
  'lien_source',
  'adresse',
  'complement_adresse',
  'code_postal',
  'code_insee',
  'commune',
  'longitude',
  'latitude',
  'telephone',
  'courriel',
  'contact_nom_prenom',
  'horaires_accueil',
  'modes_accueil',
  'zone_eligibilite',
  'modes_mobilisation',
  'mobilisable_par',
  'mobilisation_precisions',
  'lien_mobilisation',
  'nombre_semaines',
  'volume_horaire_hebdomadaire',
] as const;

export type DataInclusionStructure = Record<(typeof STRUCTURE_FIELDS)[number], unknown>;
export type DataInclusionService = Record<(typeof SERVICE_FIELDS)[number], unknown>;

/** Between min and max characters, as the schema's `nom` asks (3–150; ours allow 2–200). */
function fit(value: string, min: number, max: number, suffix: string): string {
  let v = value.trim();
  if (v.length < min) v = `${v} ${suffix}`;
  if (v.length > max) v = `${v.slice(0, max - 1).trimEnd()}…`;
  return v;
}

/** A web address as an RFC 3986 URI (non-ASCII characters encoded), or null. */
export function uriOrNull(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const listOrNull = (values: readonly string[]) => (values.length > 0 ? [...new Set(values)] : null);
const atLeast = (value: string | null, min: number) => (value && value.trim().length >= min ? value.trim() : null);

export function structureToDataInclusion(o: NetworkOrganisation): DataInclusionStructure {
  return {
    source: o.source,
    id: o.source_id,
    nom: fit(o.name, 3, 150, '(structure)'),
    siret: o.siret,
    date_maj: o.date_maj,
    lien_source: null,
    description: atLeast(o.description, 5),
    adresse: o.adresse,
    complement_adresse: o.complement_adresse,
    code_postal: o.code_postal,
    code_insee: o.commune_insee,
    commune: o.commune_nom,
    longitude: null,
    latitude: null,
    telephone: o.phone,
    courriel: o.email,
    site_web: uriOrNull(o.site_web),
    horaires_accueil: o.horaires_accueil,
    accessibilite_lieu: null,
    reseaux_porteurs: listOrNull(o.reseaux_porteurs),
  };
}

export function serviceToDataInclusion(s: NetworkService): DataInclusionService {
  return {
    source: s.source,
    id: s.source_id,
    structure_id: s.structure_source_id,
    nom: fit(s.nom, 3, 150, '(service)'),
    // Required, 5 characters at least: a service without one says who offers it.
    description: atLeast(s.description, 5) ?? `${s.nom}, proposé par ${s.organisation_name}.`,
    type: s.type,
    thematiques: listOrNull(s.thematiques.map(thematiqueForExport)),
    frais: s.frais,
    frais_precisions: s.frais_precisions,
    publics: listOrNull(s.publics),
    publics_precisions: s.publics_precisions,
    conditions_acces: s.conditions_acces,
    date_maj: s.date_maj,
    lien_source: null,
    adresse: s.adresse,
    complement_adresse: s.complement_adresse,
    code_postal: s.code_postal,
    code_insee: s.commune_insee,
    commune: s.commune_nom,
    longitude: null,
    latitude: null,
    telephone: s.telephone,
    courriel: s.courriel,
    contact_nom_prenom: s.contact_nom_prenom,
    horaires_accueil: s.horaires_accueil,
    modes_accueil: listOrNull(s.modes_accueil),
    zone_eligibilite: listOrNull(s.zone_eligibilite),
    modes_mobilisation: listOrNull(s.modes_mobilisation),
    mobilisable_par: listOrNull(s.mobilisable_par),
    mobilisation_precisions: s.mobilisation_precisions,
    lien_mobilisation: uriOrNull(s.lien_mobilisation),
    nombre_semaines: null,
    volume_horaire_hebdomadaire: null,
  };
}

export function toDataInclusion(network: Network) {
  return {
    structures: network.organisations.map(structureToDataInclusion),
    services: network.services.map(serviceToDataInclusion),
  };
}

/**
 * The tabular form: one CSV per resource, columns in the order above, UTF-8 with a BOM (so that
 * spreadsheet software reads the accents), comma-separated. A list is written as its values
 * separated by commas inside one cell (referential codes never contain a comma); `null` is an
 * empty cell.
 */
export function toDataInclusionCsv(network: Network): { structures: string; services: string } {
  const { structures, services } = toDataInclusion(network);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v));
  const table = (fields: readonly string[], rows: Record<string, unknown>[]) =>
    stringify(
      rows.map((r) => Object.fromEntries(fields.map((f) => [f, cell(r[f])]))),
      { header: true, columns: [...fields], bom: true, record_delimiter: 'unix' },
    );
  return { structures: table(STRUCTURE_FIELDS, structures), services: table(SERVICE_FIELDS, services) };
}
