import { thematiqueCategory } from '../directory/referentials.ts';
import type { ConsentKind } from './schemas.ts';

/** Every field of a person's file that a referral may share. */
export const PERSON_FIELDS = [
  'nom',
  'prenom',
  'nomNaissance',
  'dateNaissance',
  'communeInsee',
  'adresse',
  'telephone',
  'courriel',
  'preferredContact',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export const PERSON_FIELD_LABELS: Record<PersonField, string> = {
  nom: 'Nom',
  prenom: 'Prénom',
  nomNaissance: 'Nom de naissance',
  dateNaissance: 'Date de naissance',
  communeInsee: 'Commune',
  adresse: 'Adresse',
  telephone: 'Téléphone',
  courriel: 'Courriel',
  preferredContact: 'Mode de contact préféré',
};

/** What every recipient needs to reach the person. */
const ALWAYS: readonly PersonField[] = ['nom', 'prenom', 'communeInsee', 'preferredContact'];

/**
 * Need to know: the fields a referral shares, by thématique category (on top of ALWAYS).
 * A category absent here shares ALWAYS plus a way to call back (DEFAULT). Home care and
 * health need the birth date and the address (the visit is at home); housing needs the
 * address; food aid needs only a phone number.
 */
const DEFAULT: readonly PersonField[] = ['telephone'];
export const SHARED_FIELDS_BY_CATEGORY: Record<string, readonly PersonField[]> = {
  'autonomie-domicile': ['dateNaissance', 'adresse', 'telephone'],
  sante: ['dateNaissance', 'adresse', 'telephone'],
  famille: ['dateNaissance', 'telephone'],
  'logement-hebergement': ['adresse', 'telephone', 'courriel'],
  'logement-social': ['nomNaissance', 'dateNaissance', 'adresse', 'telephone', 'courriel'],
  'difficultes-financieres': ['dateNaissance', 'adresse', 'telephone', 'courriel'],
  'difficultes-administratives-ou-juridiques': ['nomNaissance', 'dateNaissance', 'telephone', 'courriel'],
  'aide-alimentaire': ['telephone'],
  'equipement-et-alimentation': ['telephone'],
  'trouver-un-emploi': ['dateNaissance', 'telephone', 'courriel'],
  numerique: ['telephone', 'courriel'],
  mobilite: ['telephone'],
};

/** The fields a referral on these thématiques shares, in the file's order. */
export function sharedFields(thematiques: readonly string[]): PersonField[] {
  const wanted = new Set<PersonField>(ALWAYS);
  for (const t of thematiques)
    for (const f of SHARED_FIELDS_BY_CATEGORY[thematiqueCategory(t)] ?? DEFAULT) wanted.add(f);
  return PERSON_FIELDS.filter((f) => wanted.has(f));
}

/** Keeps only the whitelisted fields of a person (the rest is never sent to the recipient). */
export function pickSharedFields<T extends Partial<Record<PersonField, unknown>>>(
  person: T,
  thematiques: readonly string[],
): Partial<Record<PersonField, unknown>> {
  const out: Partial<Record<PersonField, unknown>> = {};
  for (const f of sharedFields(thematiques)) out[f] = person[f] ?? null;
  return out;
}

export interface ConsentEventLike {
  id: string;
  kind: ConsentKind;
  recordedAt: Date | string;
  allOrganisations: boolean;
  organisationIds: readonly string[];
  thematiqueCategories: readonly string[];
}

const coversOrganisation = (e: ConsentEventLike, organisationId: string) =>
  e.allOrganisations || e.organisationIds.includes(organisationId);
const coversCategory = (e: ConsentEventLike, category: string) =>
  e.thematiqueCategories.length === 0 || e.thematiqueCategories.includes(category);
const time = (e: ConsentEventLike) => new Date(e.recordedAt).getTime();

/** The person's objection in force against an organisation (the latest event covering it). */
export function objectionAgainst(events: readonly ConsentEventLike[], organisationId: string): ConsentEventLike | null {
  const covering = events.filter((e) => coversOrganisation(e, organisationId)).sort((a, b) => time(b) - time(a));
  const latest = covering[0];
  return latest?.kind === 'objection' ? latest : null;
}

export type SharingDecision =
  { allowed: true; consentEventId: string } | { allowed: false; reason: 'objection' | 'no_consent'; eventId?: string };

/**
 * May the person's data go to this organisation for these thématiques? Yes when the latest
 * event covering the organisation is an information or consent (not an objection), and an
 * information or consent event covering the organisation covers every category asked.
 */
export function sharingDecision(
  events: readonly ConsentEventLike[],
  organisationId: string,
  thematiques: readonly string[],
): SharingDecision {
  const objection = objectionAgainst(events, organisationId);
  if (objection) return { allowed: false, reason: 'objection', eventId: objection.id };
  const categories = [...new Set(thematiques.map(thematiqueCategory))];
  const positive = events
    .filter((e) => e.kind !== 'objection' && coversOrganisation(e, organisationId))
    .sort((a, b) => time(b) - time(a));
  const uncovered = categories.filter((c) => !positive.some((e) => coversCategory(e, c)));
  if (uncovered.length > 0 || positive.length === 0) return { allowed: false, reason: 'no_consent' };
  return { allowed: true, consentEventId: positive[0]!.id };
}
