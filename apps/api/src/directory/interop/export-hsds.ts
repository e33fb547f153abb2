import { v5 as uuidv5 } from 'uuid';
import {
  labelOf,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  THEMATIQUE_CATEGORIES,
  THEMATIQUES,
  thematiqueCategory,
} from '@ensemblier/shared';
import { uriOrNull } from './export-data-inclusion.ts';
import type { Network, NetworkOrganisation, NetworkService } from './network.ts';
import { weeklyRules } from '@ensemblier/shared/directory/opening-hours';

/**
 * The network as Open Referral HSDS 3.0, in its tabular form: one list per table (organization,
 * service, location, service_at_location, address, phone, contact, schedule, service_area,
 * organization_identifier, taxonomy, taxonomy_term, attribute), the shape of the standard's
 * `schema/compiled/tabular.json`. Organisations and services keep their own UUIDs; the rows we
 * derive (locations, addresses, phones…) get name-based UUIDs (v5) so that two exports of the
 * same data carry the same ids. Fields we do not know are left out (HSDS types are not nullable).
 *
 * - Thématiques are a taxonomy of their own (categories as parent terms, our extensions kept
 *   with their labels), linked to services through `attribute` rows.
 * - `horaires_accueil` (OSM opening_hours) becomes weekly schedules where the opening_hours
 *   library can evaluate it (times are Paris local time, said in `notes`); otherwise a single
 *   schedule keeps the raw text in `description`.
 * - `zone_eligibilite` becomes one service_area per code, named after the commune, EPCI or
 *   département (we have no polygons, so no `extent`).
 */

const NAMESPACE = '1b7fc9fb-c03c-4f06-8231-e31ea4ed64b0';
const uid = (...parts: string[]) => uuidv5(parts.join(':'), NAMESPACE);

type Row = Record<string, unknown>;

/** Drops null, undefined and empty strings: HSDS fields are not nullable. */
const clean = <T extends Row>(row: T): T =>
  Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined && v !== '')) as T;

const sentence = (parts: (string | null | undefined)[]) =>
  parts
    .filter((p): p is string => !!p && p.trim() !== '')
    .map((p) => p.trim())
    .join(' ');

const TAXONOMY_ID = uid('taxonomy', 'thematiques');
export const TAXONOMY_NAME = 'ensemblier-thematiques';
const termId = (value: string) => uid('thematique', value);
const KNOWN_TERMS = new Set(THEMATIQUES.map((t) => t.value));

function taxonomyRows() {
  const taxonomy = [
    {
      id: TAXONOMY_ID,
      name: 'Thématiques data·inclusion (avec les extensions Ensemblier)',
      description:
        'Référentiel des thématiques du schéma data·inclusion v1, complété des thématiques propres au réseau (autonomie et maintien à domicile, logement social, aide alimentaire).',
      version: '1.0.8',
    },
  ];
  const categories = [...new Set(THEMATIQUES.map((t) => thematiqueCategory(t.value)))];
  const taxonomy_term: {
    id: string;
    code: string;
    name: string;
    description: string;
    parent_id?: string;
    taxonomy: string;
    taxonomy_id: string;
    language: string;
  }[] = [
    ...categories.map((c) => ({
      id: termId(c),
      code: c,
      name: THEMATIQUE_CATEGORIES[c] ?? c,
      description: THEMATIQUE_CATEGORIES[c] ?? c,
      taxonomy: TAXONOMY_NAME,
      taxonomy_id: TAXONOMY_ID,
      language: 'fr',
    })),
    ...THEMATIQUES.map((t) => ({
      id: termId(t.value),
      code: t.value,
      name: t.label,
      description: `${THEMATIQUE_CATEGORIES[thematiqueCategory(t.value)] ?? thematiqueCategory(t.value)} — ${t.label}`,
      parent_id: termId(thematiqueCategory(t.value)),
      taxonomy: TAXONOMY_NAME,
      taxonomy_id: TAXONOMY_ID,
      language: 'fr',
    })),
  ];
  return { taxonomy, taxonomy_term };
}

interface Place {
  adresse: string | null;
  complement_adresse: string | null;
  code_postal: string | null;
  commune_nom: string | null;
  commune_codes_postaux: string[] | null;
  departement: string | null;
}

/** An address row, when the place is complete enough for HSDS's required fields. */
function addressOf(locationId: string, p: Place): Row | null {
  const postal = p.code_postal ?? p.commune_codes_postaux?.[0] ?? null;
  if (!p.adresse || !p.commune_nom || !postal || !p.departement) return null;
  return clean({
    id: uid('address', locationId),
    location_id: locationId,
    address_1: p.adresse,
    address_2: p.complement_adresse,
    city: p.commune_nom,
    state_province: p.departement,
    postal_code: postal,
    country: 'FR',
    address_type: 'physical',
  });
}

const hasPlace = (p: Place) => !!p.adresse || !!p.commune_nom;

function schedulesOf(text: string | null, link: Row, seed: string): Row[] {
  if (!text?.trim()) return [];
  const rules = weeklyRules(text);
  if (!rules) {
    return [
      clean({
        id: uid('schedule', seed, 'raw'),
        ...link,
        description: text,
        notes: 'Horaires au format OpenStreetMap (opening_hours), non convertis.',
      }),
    ];
  }
  return rules.map((r, i) =>
    clean({
      id: uid('schedule', seed, String(i)),
      ...link,
      freq: 'WEEKLY',
      wkst: 'MO',
      byday: r.byday,
      opens_at: r.opens_at,
      closes_at: r.closes_at,
      description: text,
      notes: sentence(['Heure de Paris (Europe/Paris).', r.comment ? `${r.comment}.` : null]),
    }),
  );
}

function organizationRows(o: NetworkOrganisation) {
  const organization = clean({
    id: o.id,
    name: o.name,
    description: o.description ?? o.name,
    email: o.email,
    website: uriOrNull(o.site_web),
  });
  const identifiers = o.siret
    ? [
        {
          id: uid('organization_identifier', o.id, 'siret'),
          organization_id: o.id,
          identifier_type: 'SIRET',
          identifier: o.siret,
        },
      ]
    : [];
  const phones = o.phone ? [{ id: uid('phone', 'organization', o.id), organization_id: o.id, number: o.phone }] : [];
  const locationId = hasPlace(o) ? uid('location', 'organization', o.id) : null;
  const locations = locationId
    ? [clean({ id: locationId, location_type: 'physical', organization_id: o.id, name: o.name })]
    : [];
  const address = locationId ? addressOf(locationId, o) : null;
  const schedules = locationId ? schedulesOf(o.horaires_accueil, { location_id: locationId }, `location:${o.id}`) : [];
  return { organization, identifiers, phones, locations, addresses: address ? [address] : [], schedules, locationId };
}

function serviceRow(s: NetworkService): Row {
  const fees = s.frais === 'gratuit' ? 'Gratuit.' : s.frais === 'payant' ? 'Payant.' : null;
  return clean({
    id: s.id,
    organization_id: s.organisation_id,
    name: s.nom,
    description: s.description,
    email: s.courriel,
    url: uriOrNull(s.lien_mobilisation),
    status: 'active',
    fees_description: sentence([fees, s.frais_precisions]),
    eligibility_description: sentence([
      s.publics.length > 0 ? `Publics : ${s.publics.map((p) => labelOf(PUBLICS, p)).join(', ')}.` : null,
      s.publics_precisions,
      s.conditions_acces,
    ]),
    application_process: sentence([
      s.modes_mobilisation.length > 0
        ? `${s.modes_mobilisation.map((m) => labelOf(MODES_MOBILISATION, m)).join(', ')}.`
        : null,
      s.mobilisable_par.length > 0
        ? `Mobilisable par : ${s.mobilisable_par.map((m) => labelOf(PERSONNES_MOBILISATRICES, m).toLowerCase()).join(', ')}.`
        : null,
      s.mobilisation_precisions,
    ]),
    assured_date: s.date_maj,
    last_modified: s.date_maj_at.toISOString(),
  });
}

export function toHsds(network: Network) {
  const out = {
    organization: [] as Row[],
    organization_identifier: [] as Row[],
    service: [] as Row[],
    location: [] as Row[],
    service_at_location: [] as Row[],
    address: [] as Row[],
    phone: [] as Row[],
    contact: [] as Row[],
    schedule: [] as Row[],
    service_area: [] as Row[],
    attribute: [] as Row[],
    ...taxonomyRows(),
  };
  const orgLocation = new Map<string, string>();
  for (const o of network.organisations) {
    const rows = organizationRows(o);
    out.organization.push(rows.organization);
    out.organization_identifier.push(...rows.identifiers);
    out.phone.push(...rows.phones);
    out.location.push(...rows.locations);
    out.address.push(...rows.addresses);
    out.schedule.push(...rows.schedules);
    if (rows.locationId) orgLocation.set(o.id, rows.locationId);
  }
  for (const s of network.services) {
    out.service.push(serviceRow(s));
    // Where it is delivered: its own place if it has one, otherwise its organisation's.
    let locationId = orgLocation.get(s.organisation_id) ?? null;
    if (hasPlace(s)) {
      locationId = uid('location', 'service', s.id);
      out.location.push(
        clean({ id: locationId, location_type: 'physical', organization_id: s.organisation_id, name: s.nom }),
      );
      const address = addressOf(locationId, s);
      if (address) out.address.push(address);
    }
    if (locationId)
      out.service_at_location.push({
        id: uid('service_at_location', s.id, locationId),
        service_id: s.id,
        location_id: locationId,
      });
    if (s.telephone) out.phone.push({ id: uid('phone', 'service', s.id), service_id: s.id, number: s.telephone });
    if (s.contact_nom_prenom || s.courriel)
      out.contact.push(
        clean({ id: uid('contact', 'service', s.id), service_id: s.id, name: s.contact_nom_prenom, email: s.courriel }),
      );
    out.schedule.push(...schedulesOf(s.horaires_accueil, { service_id: s.id }, `service:${s.id}`));
    for (const code of s.zone_eligibilite)
      out.service_area.push({
        id: uid('service_area', s.id, code),
        service_id: s.id,
        name: network.zoneNames.get(code) ?? code,
        description:
          code === 'france'
            ? 'Toute la France.'
            : `Code officiel géographique ${code} (${/^\d{9}$/.test(code) ? 'EPCI, SIREN' : code.length === 5 ? 'commune, code INSEE' : 'département'}).`,
      });
    for (const t of s.thematiques.filter((v) => KNOWN_TERMS.has(v)))
      out.attribute.push({
        id: uid('attribute', s.id, t),
        link_id: s.id,
        link_type: 'thematique',
        link_entity: 'service',
        taxonomy_term_id: termId(t),
        value: t,
      });
  }
  return out;
}
