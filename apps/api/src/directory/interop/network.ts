import type { TransactionSql } from '@ensemblier/db';
import type { ServiceColumns } from '../service-columns.ts';

/** What the exports read: the territory's active organisations and their active services. */

export interface NetworkOrganisation {
  id: string;
  source: string;
  source_id: string;
  name: string;
  type: string;
  email: string | null;
  phone: string | null;
  commune_insee: string | null;
  commune_nom: string | null;
  departement: string | null;
  commune_codes_postaux: string[] | null;
  siret: string | null;
  adresse: string | null;
  complement_adresse: string | null;
  code_postal: string | null;
  site_web: string | null;
  horaires_accueil: string | null;
  description: string | null;
  reseaux_porteurs: string[];
  /** Paris civil date of the last change, YYYY-MM-DD. */
  date_maj: string;
  updated_at: Date;
}

export interface NetworkService extends ServiceColumns {
  structure_source_id: string;
  organisation_name: string;
  commune_nom: string | null;
  departement: string | null;
  commune_codes_postaux: string[] | null;
  date_maj: string;
  date_maj_at: Date;
}

export interface Network {
  organisations: NetworkOrganisation[];
  services: NetworkService[];
  /** Names of the zone codes used (communes, EPCI, départements). */
  zoneNames: Map<string, string>;
}

export async function loadNetwork(tx: TransactionSql): Promise<Network> {
  const organisations = await tx<NetworkOrganisation[]>`
    SELECT o.id, o.source, o.source_id, o.name, o.type, o.email, o.phone, o.commune_insee, c.nom AS commune_nom,
      c.departement, c.codes_postaux AS commune_codes_postaux, o.siret, o.adresse, o.complement_adresse,
      o.code_postal, o.site_web, o.horaires_accueil, o.description, o.reseaux_porteurs,
      to_char(o.updated_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS date_maj, o.updated_at
    FROM organisation o LEFT JOIN commune c ON c.code = o.commune_insee
    WHERE o.status = 'active'
    ORDER BY o.name`;
  const services = await tx<NetworkService[]>`
    SELECT s.id, s.organisation_id, s.source, s.source_id, o.source_id AS structure_source_id,
      o.name AS organisation_name, s.nom, s.description, s.type, s.thematiques, s.publics, s.publics_precisions,
      s.frais, s.frais_precisions, s.conditions_acces, s.modes_accueil, s.zone_eligibilite, s.modes_mobilisation,
      s.mobilisable_par, s.mobilisation_precisions, s.lien_mobilisation, s.pieces_justificatives,
      s.contact_nom_prenom, s.courriel, s.telephone, s.horaires_accueil, s.adresse, s.complement_adresse,
      s.code_postal, s.commune_insee, c.nom AS commune_nom, c.departement, c.codes_postaux AS commune_codes_postaux,
      to_char(s.date_maj AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS date_maj, s.date_maj AS date_maj_at
    FROM service s
    JOIN organisation o ON o.territory_id = s.territory_id AND o.id = s.organisation_id
    LEFT JOIN commune c ON c.code = s.commune_insee
    WHERE s.status = 'active' AND o.status = 'active'
    ORDER BY o.name, s.nom, s.id`;
  const codes = [...new Set(services.flatMap((s) => s.zone_eligibilite))].filter((c) => c !== 'france');
  const zoneNames = new Map<string, string>([['france', 'France']]);
  if (codes.length > 0) {
    const rows = await tx<{ code: string; name: string }[]>`
      SELECT code, nom || ' (commune)' AS name FROM commune WHERE code = ANY(${codes})
      UNION ALL SELECT DISTINCT epci, 'EPCI ' || epci FROM commune WHERE epci = ANY(${codes})
      UNION ALL SELECT DISTINCT departement, 'Département ' || departement FROM commune WHERE departement = ANY(${codes})`;
    for (const r of rows) zoneNames.set(r.code, r.name);
  }
  return { organisations, services, zoneNames };
}
