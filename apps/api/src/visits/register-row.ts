import type {
  ConsentMode,
  OptOutReason,
  Registration,
  RegistrationFields,
  RegistrationRequester,
  RegistrationStatus,
  RegisterSituation,
} from '@ensemblier/shared';
import type { TransactionSql } from '@ensemblier/db';

/**
 * The register of vulnerable people as stored (migration 0022, table `register_entry`), read
 * back as the shared `Registration` (packages/shared/src/visits/register.ts), plus who
 * registered / radiated and the radiation's details.
 */
export interface RegisterEntryRow {
  id: string;
  person_id: string;
  nom: string;
  prenom: string;
  status: RegistrationStatus;
  requested_by: RegistrationRequester;
  requester_name: string | null;
  requester_link: string | null;
  consent_mode: ConsentMode;
  consent_on: string;
  situation: RegisterSituation;
  isole: boolean;
  adresse: string;
  commune_insee: string | null;
  commune_name: string | null;
  secteur: string | null;
  digicode: string | null;
  batiment: string | null;
  etage: string | null;
  cles: string | null;
  acces_notes: string | null;
  telephones: Registration['telephones'];
  contacts_urgence: Registration['contactsUrgence'];
  medecin: Registration['medecin'];
  services_domicile: Registration['servicesDomicile'];
  registered_on: string;
  registered_at: Date;
  registered_by: string;
  registered_by_organisation: string;
  opted_out_on: string | null;
  opted_out_at: Date | null;
  opted_out_by: string | null;
  opt_out_reason: OptOutReason | null;
  opt_out_mode: ConsentMode | null;
  opt_out_note: string | null;
  version: number;
}

/** The SELECT list over `register_entry r JOIN person p` (with the names of who did what). */
export function registerSelect(tx: TransactionSql) {
  return tx`
    r.id, r.person_id, p.nom, p.prenom, r.status, r.requested_by, r.requester_name, r.requester_link, r.consent_mode,
    to_char(r.consent_on, 'YYYY-MM-DD') AS consent_on, r.situation, r.isole, r.adresse, r.commune_insee,
    c.nom AS commune_name, r.secteur, r.digicode, r.batiment, r.etage, r.cles, r.acces_notes, r.telephones,
    r.contacts_urgence, r.medecin, r.services_domicile, to_char(r.registered_on, 'YYYY-MM-DD') AS registered_on,
    r.registered_at, ru.name AS registered_by, ro.name AS registered_by_organisation,
    to_char(r.opted_out_on, 'YYYY-MM-DD') AS opted_out_on, r.opted_out_at, ou.name AS opted_out_by,
    r.opt_out_reason, r.opt_out_mode, r.opt_out_note, r.version`;
}

/** The joins that go with registerSelect (the entry is `r`). */
export function registerJoins(tx: TransactionSql) {
  return tx`
    JOIN person p ON p.territory_id = r.territory_id AND p.id = r.person_id
    LEFT JOIN commune c ON c.code = r.commune_insee
    JOIN app_user ru ON ru.territory_id = r.territory_id AND ru.id = r.registered_by_user_id
    JOIN organisation ro ON ro.territory_id = r.territory_id AND ro.id = r.registered_by_organisation_id
    LEFT JOIN app_user ou ON ou.territory_id = r.territory_id AND ou.id = r.opted_out_by_user_id`;
}

export interface RegistrationView extends Registration {
  communeName: string | null;
  registeredAt: string;
  registeredBy: string;
  registeredByOrganisation: string;
  optedOutAt: string | null;
  optedOutBy: string | null;
  optOutMode: ConsentMode | null;
  optOutNote: string | null;
}

export function toRegistration(r: RegisterEntryRow): RegistrationView {
  return {
    id: r.id,
    personId: r.person_id,
    nom: r.nom,
    prenom: r.prenom,
    status: r.status,
    requestedBy: r.requested_by,
    requesterName: r.requester_name,
    requesterLink: r.requester_link,
    consentMode: r.consent_mode,
    consentOn: r.consent_on,
    situation: r.situation,
    isole: r.isole,
    adresse: r.adresse,
    communeInsee: r.commune_insee,
    communeName: r.commune_name,
    secteur: r.secteur,
    digicode: r.digicode,
    batiment: r.batiment,
    etage: r.etage,
    cles: r.cles,
    accesNotes: r.acces_notes,
    telephones: r.telephones ?? [],
    contactsUrgence: r.contacts_urgence ?? [],
    medecin: r.medecin ?? null,
    servicesDomicile: r.services_domicile ?? [],
    registeredOn: r.registered_on,
    registeredAt: r.registered_at.toISOString(),
    registeredBy: r.registered_by,
    registeredByOrganisation: r.registered_by_organisation,
    optedOutOn: r.opted_out_on,
    optedOutAt: r.opted_out_at ? r.opted_out_at.toISOString() : null,
    optedOutBy: r.opted_out_by,
    optOutReason: r.opt_out_reason,
    optOutMode: r.opt_out_mode,
    optOutNote: r.opt_out_note,
    version: r.version,
  };
}

/** The column values of the form's fields (jsonb lists written as JSON). */
export function registrationColumns(tx: TransactionSql, f: RegistrationFields) {
  return {
    requested_by: f.requestedBy,
    requester_name: f.requestedBy === 'personne' ? null : f.requesterName,
    requester_link: f.requestedBy === 'personne' ? null : f.requesterLink,
    consent_mode: f.consentMode,
    consent_on: f.consentOn,
    situation: f.situation,
    isole: f.isole,
    adresse: f.adresse,
    commune_insee: f.communeInsee,
    secteur: f.secteur,
    digicode: f.digicode,
    batiment: f.batiment,
    etage: f.etage,
    cles: f.cles,
    acces_notes: f.accesNotes,
    telephones: tx.json(f.telephones as never),
    contacts_urgence: tx.json(f.contactsUrgence as never),
    medecin: f.medecin ? tx.json(f.medecin as never) : null,
    services_domicile: tx.json(f.servicesDomicile as never),
  };
}
