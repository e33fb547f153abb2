import type { TransactionSql } from '@ensemblier/db';
import type { PersonField } from '@ensemblier/shared';

export interface PersonRow {
  id: string;
  nom: string;
  prenom: string;
  nom_naissance: string | null;
  date_naissance: string | null;
  commune_insee: string | null;
  commune_name: string | null;
  adresse: string | null;
  telephone: string | null;
  courriel: string | null;
  preferred_contact: string | null;
  name_key: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Every shareable field of a person, by its PersonField name. */
export function personFields(r: PersonRow): Record<PersonField, string | null> {
  return {
    nom: r.nom,
    prenom: r.prenom,
    nomNaissance: r.nom_naissance,
    dateNaissance: r.date_naissance,
    communeInsee: r.commune_insee,
    adresse: r.adresse,
    telephone: r.telephone,
    courriel: r.courriel,
    preferredContact: r.preferred_contact,
  };
}

/** date_naissance as 'YYYY-MM-DD' (never a Date shifted by the time zone). */
export async function loadPerson(tx: TransactionSql, personId: string): Promise<PersonRow | undefined> {
  const [row] = await tx<PersonRow[]>`
    SELECT p.id, p.nom, p.prenom, p.nom_naissance, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance,
      p.commune_insee, c.nom AS commune_name, p.adresse, p.telephone, p.courriel, p.preferred_contact,
      p.name_key, p.created_at, p.updated_at, p.version
    FROM person p LEFT JOIN commune c ON c.code = p.commune_insee
    WHERE p.id = ${personId}`;
  return row;
}
