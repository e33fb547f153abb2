import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import type { Role } from '../auth/roles.ts';
import { CONSENT_MODES, dateSchema } from '../persons/schemas.ts';

/**
 * The register of vulnerable people (registre nominatif, CASF L.121-6-1 and R.121-2 to R.121-12):
 * people living at home who asked to be registered so that the CCAS reaches them in a heatwave, a
 * cold spell or any exceptional event. The registration is voluntary (the person's request, or a
 * third party's that the person did not oppose), recorded with the consent's mode and date, and
 * ends whenever the person asks. Only coordinators manage it; volunteers only ever receive the
 * logistics projection (`visitCard`).
 */

// ----------------------------------------------------------------------------------------
// Vocabulary

/** Who asked for the registration. */
export const REGISTRATION_REQUESTERS = ['personne', 'representant_legal', 'proche', 'professionnel'] as const;
export type RegistrationRequester = (typeof REGISTRATION_REQUESTERS)[number];
export const REGISTRATION_REQUESTER_LABELS: Record<RegistrationRequester, string> = {
  personne: 'La personne elle-même',
  representant_legal: 'Son représentant légal',
  proche: 'Un proche (famille, voisin…)',
  professionnel: 'Un professionnel (médecin traitant, service à domicile…)',
};

/** The situation that makes the person eligible (CASF R.121-2), one of three. */
export const REGISTER_SITUATIONS = ['age_65', 'age_60_inapte', 'handicap'] as const;
export type RegisterSituation = (typeof REGISTER_SITUATIONS)[number];
export const REGISTER_SITUATION_LABELS: Record<RegisterSituation, string> = {
  age_65: '65 ans et plus',
  age_60_inapte: '60 ans et plus, reconnue inapte au travail',
  handicap: 'Adulte handicapé',
};
/** A sentence to show under the choice (help text). */
export const REGISTER_SITUATION_HELP: Record<RegisterSituation, string> = {
  age_65: 'Personne âgée de 65 ans ou plus vivant à domicile.',
  age_60_inapte: 'Personne de plus de 60 ans reconnue inapte au travail, vivant à domicile.',
  handicap:
    'Adulte handicapé vivant à domicile (AAH, ACTP, carte mobilité inclusion invalidité, RQTH ou pension d’invalidité).',
};

export const PHONE_KINDS = ['fixe', 'portable', 'autre'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];
export const PHONE_KIND_LABELS: Record<PhoneKind, string> = {
  fixe: 'Fixe',
  portable: 'Portable',
  autre: 'Autre',
};

export const REGISTRATION_STATUSES = ['inscrite', 'radiee'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  inscrite: 'Inscrite',
  radiee: 'Radiée',
};

/** Why a registration ends. */
export const OPT_OUT_REASONS = ['demande', 'deces', 'demenagement', 'etablissement', 'autre'] as const;
export type OptOutReason = (typeof OPT_OUT_REASONS)[number];
export const OPT_OUT_REASON_LABELS: Record<OptOutReason, string> = {
  demande: 'À la demande de la personne',
  deces: 'Décès',
  demenagement: 'Déménagement hors du territoire',
  etablissement: 'Entrée en établissement (EHPAD…)',
  autre: 'Autre motif',
};

/** Only coordinators manage the register (read it, register, edit, opt out, export it). */
export const REGISTER_MANAGER_ROLES: readonly Role[] = ['coordinator'];
export const canManageRegister = (role: Role): boolean => REGISTER_MANAGER_ROLES.includes(role);

// ----------------------------------------------------------------------------------------
// Inputs

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .nullish()
    .transform((v) => (v ? v : null));

const requiredText = (max: number, empty: string, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, tooLong);

const PHONE = /^(\+33|0)[1-9]\d{8}$/;
const PHONE_MESSAGE = 'Indiquez un numéro à 10 chiffres, par exemple 01 47 29 50 50.';

/** A phone number that must be given: spaces, dots and dashes removed. */
export const requiredPhoneSchema = z
  .string({ error: 'Indiquez le numéro de téléphone.' })
  .trim()
  .min(1, 'Indiquez le numéro de téléphone.')
  .transform((v) => v.replace(/[\s.-]/g, ''))
  .refine((v) => PHONE.test(v), PHONE_MESSAGE);

const optionalPhone = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? v.replace(/[\s.-]/g, '') : null))
  .refine((v) => v === null || PHONE.test(v), PHONE_MESSAGE);

/** Not after tomorrow (a day of tolerance for time zones), as the consent register does. */
const notFuture = (label: string) =>
  dateSchema(label).refine(
    (v) => v <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    'La date ne peut pas être dans le futur.',
  );

export const registerPhoneSchema = z.object({
  numero: requiredPhoneSchema,
  type: z.enum(PHONE_KINDS, { error: 'Choisissez le type de numéro.' }).default('fixe'),
});
export type RegisterPhone = z.infer<typeof registerPhoneSchema>;

export const emergencyContactSchema = z.object({
  nom: requiredText(200, 'Indiquez le nom du contact.', 'Le nom ne doit pas dépasser 200 caractères.'),
  /** The link to the person: « fille », « voisine »… */
  lien: optionalText(100, 'Le lien ne doit pas dépasser 100 caractères.'),
  telephone: requiredPhoneSchema,
});
export type EmergencyContact = z.infer<typeof emergencyContactSchema>;

export const doctorSchema = z.object({
  nom: requiredText(200, 'Indiquez le nom du médecin.', 'Le nom ne doit pas dépasser 200 caractères.'),
  telephone: optionalPhone,
});

export const homeHelpServiceSchema = z.object({
  /** A service of the directory, when it is one. */
  organisationId: idSchema.nullish().transform((v) => v ?? null),
  nom: requiredText(200, 'Indiquez le nom du service.', 'Le nom ne doit pas dépasser 200 caractères.'),
  telephone: optionalPhone,
  /** When it comes: « lundi, mercredi et vendredi matin ». */
  passages: optionalText(200, 'Les passages ne doivent pas dépasser 200 caractères.'),
});

/** The registration form (create). The person's file (nom, prénom…) exists already: `personId`. */
export const registrationFields = z.object({
  requestedBy: z.enum(REGISTRATION_REQUESTERS, { error: 'Indiquez qui a demandé l’inscription.' }),
  /** The name of whoever asked, when it is not the person. */
  requesterName: optionalText(200, 'Le nom ne doit pas dépasser 200 caractères.'),
  /** Their link to the person, or their service. */
  requesterLink: optionalText(100, 'Le lien ne doit pas dépasser 100 caractères.'),
  /** The person's agreement (or their legal representative's): how and when it was given. */
  consentMode: z.enum(CONSENT_MODES, { error: 'Indiquez comment la personne a donné son accord.' }),
  consentOn: notFuture('date de l’accord'),
  situation: z.enum(REGISTER_SITUATIONS, { error: 'Choisissez la situation de la personne.' }),
  isole: z.boolean().default(false),
  /** Where the person lives and is visited. */
  adresse: requiredText(300, 'Indiquez l’adresse.', 'L’adresse ne doit pas dépasser 300 caractères.'),
  communeInsee: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || /^\d[0-9AB]\d{3}$/.test(v), 'Choisissez la commune dans la liste.'),
  /** The CCAS's own division of its territory (quartier…), used to split the call lists. */
  secteur: optionalText(100, 'Le secteur ne doit pas dépasser 100 caractères.'),
  digicode: optionalText(20, 'Le digicode ne doit pas dépasser 20 caractères.'),
  batiment: optionalText(50, 'Le bâtiment ne doit pas dépasser 50 caractères.'),
  etage: optionalText(20, 'L’étage ne doit pas dépasser 20 caractères.'),
  /** Who holds a spare key. Never on the volunteer's card. */
  cles: optionalText(300, 'Le texte sur les clés ne doit pas dépasser 300 caractères.'),
  /** « Sonner deux fois, la personne entend mal », « entrée par la cour »… */
  accesNotes: optionalText(500, 'Les indications d’accès ne doivent pas dépasser 500 caractères.'),
  telephones: z.array(registerPhoneSchema).max(4, 'Quatre numéros au plus.').default([]),
  contactsUrgence: z.array(emergencyContactSchema).max(5, 'Cinq contacts au plus.').default([]),
  medecin: doctorSchema.nullish().transform((v) => v ?? null),
  servicesDomicile: z.array(homeHelpServiceSchema).max(10, 'Dix services au plus.').default([]),
});

const requesterNamed = <T extends { requestedBy: RegistrationRequester; requesterName: string | null }>(v: T) =>
  v.requestedBy === 'personne' || v.requesterName !== null;
const requesterRule = {
  path: ['requesterName'],
  message: 'Indiquez le nom de la personne qui a demandé l’inscription.',
};

export const registrationInput = registrationFields
  .extend({ personId: idSchema })
  .refine(requesterNamed, requesterRule);
export type RegistrationInput = z.infer<typeof registrationInput>;

export const registrationUpdateInput = registrationFields
  .extend({ registrationId: idSchema, version: z.number().int().positive() })
  .refine(requesterNamed, requesterRule);
export type RegistrationUpdateInput = z.infer<typeof registrationUpdateInput>;

/** Radiation: at the person's request at any time, or for a fact (death, move…). */
export const optOutInput = z
  .object({
    registrationId: idSchema,
    reason: z.enum(OPT_OUT_REASONS, { error: 'Choisissez le motif de la radiation.' }),
    on: notFuture('date de la radiation'),
    /** How the person asked (required when they asked). */
    mode: z
      .enum(CONSENT_MODES, { error: 'Indiquez comment la personne l’a demandé.' })
      .nullish()
      .transform((v) => v ?? null),
    note: optionalText(500, 'La note ne doit pas dépasser 500 caractères.'),
  })
  .refine((v) => v.reason !== 'demande' || v.mode !== null, {
    path: ['mode'],
    message: 'Indiquez comment la personne a demandé sa radiation.',
  })
  .refine((v) => v.reason !== 'autre' || v.note !== null, {
    path: ['note'],
    message: 'Précisez le motif de la radiation.',
  });
export type OptOutInput = z.infer<typeof optOutInput>;

export const registerListInput = z.object({
  status: z.enum([...REGISTRATION_STATUSES, 'toutes'] as const).default('inscrite'),
  situation: z.enum(REGISTER_SITUATIONS).optional(),
  isole: z.boolean().optional(),
  communeInsee: z.string().trim().max(5).optional(),
  page: z.number().int().min(1).max(1000).default(1),
});

// ----------------------------------------------------------------------------------------
// A registration as stored and read back

export type RegistrationFields = z.infer<typeof registrationFields>;

export interface Registration extends RegistrationFields {
  id: string;
  personId: string;
  /** From the person's file. */
  nom: string;
  prenom: string;
  status: RegistrationStatus;
  registeredOn: string;
  optedOutOn: string | null;
  optOutReason: OptOutReason | null;
  version: number;
}

/** Only a registered person is called in campaigns and can be given a visit programme. */
export const isRegistered = (r: { status: RegistrationStatus }): boolean => r.status === 'inscrite';

/**
 * What a radiation keeps: the fact that the person was registered and left, when and why (the
 * trail a coordinator or the prefecture may ask about). Phones, access notes, keys, contacts,
 * doctor and services serve only the plan: the API clears them when the person leaves the register.
 */
export const FIELDS_KEPT_AFTER_OPT_OUT = [
  'id',
  'personId',
  'nom',
  'prenom',
  'status',
  'registeredOn',
  'optedOutOn',
  'optOutReason',
  'requestedBy',
  'consentMode',
  'consentOn',
  'situation',
  'version',
] as const satisfies readonly (keyof Registration)[];

/** The cleared values the API writes at radiation (every other field: the type checks it). */
export const CLEARED_AT_OPT_OUT: Omit<RegistrationFields, (typeof FIELDS_KEPT_AFTER_OPT_OUT)[number]> = {
  requesterName: null,
  requesterLink: null,
  isole: false,
  adresse: '',
  communeInsee: null,
  secteur: null,
  digicode: null,
  batiment: null,
  etage: null,
  cles: null,
  accesNotes: null,
  telephones: [],
  contactsUrgence: [],
  medecin: null,
  servicesDomicile: [],
};

// ----------------------------------------------------------------------------------------
// The logistics projection: all a volunteer may ever receive about a person

/**
 * The whitelist. A volunteer (or an agent calling in a campaign) gets the person's name, where
 * they live and how to get in, and how to phone them — never the situation, the contacts, the
 * doctor, the services, who holds the keys, nor anything from the social file.
 */
export const VISIT_CARD_FIELDS = [
  'personId',
  'nom',
  'prenom',
  'adresse',
  'communeInsee',
  'batiment',
  'etage',
  'digicode',
  'accesNotes',
  'telephones',
] as const;
export type VisitCardField = (typeof VISIT_CARD_FIELDS)[number];

export interface VisitCard {
  personId: string;
  nom: string;
  prenom: string;
  adresse: string;
  communeInsee: string | null;
  batiment: string | null;
  etage: string | null;
  digicode: string | null;
  accesNotes: string | null;
  telephones: { numero: string; type: PhoneKind }[];
}

/** The same projection as a zod schema (unknown keys stripped), e.g. a tRPC `.output()`. */
export const visitCardSchema = z.object({
  personId: z.string(),
  nom: z.string(),
  prenom: z.string(),
  adresse: z.string(),
  communeInsee: z.string().nullable(),
  batiment: z.string().nullable(),
  etage: z.string().nullable(),
  digicode: z.string().nullable(),
  accesNotes: z.string().nullable(),
  telephones: z.array(z.object({ numero: z.string(), type: z.enum(PHONE_KINDS) })),
});

/**
 * Builds the card by copying the whitelisted fields one by one (never by spreading the source),
 * phones included: whatever else the source holds (a registration, a joined SQL row…) cannot come
 * through.
 */
export function visitCard<T extends VisitCard>(person: T): VisitCard {
  return {
    personId: person.personId,
    nom: person.nom,
    prenom: person.prenom,
    adresse: person.adresse,
    communeInsee: person.communeInsee ?? null,
    batiment: person.batiment ?? null,
    etage: person.etage ?? null,
    digicode: person.digicode ?? null,
    accesNotes: person.accesNotes ?? null,
    telephones: (person.telephones ?? []).map((t) => ({ numero: t.numero, type: t.type })),
  } satisfies Record<VisitCardField, unknown>;
}

// ----------------------------------------------------------------------------------------
// Export for the prefecture (PDF and CSV, on the prefect's request; audited by the API)

/** The columns, in order, with their French headers. */
export const REGISTER_EXPORT_COLUMNS = [
  ['nom', 'Nom'],
  ['prenom', 'Prénom'],
  ['situation', 'Situation'],
  ['isole', 'Isolée'],
  ['adresse', 'Adresse'],
  ['communeInsee', 'Commune (INSEE)'],
  ['acces', 'Accès'],
  ['telephones', 'Téléphones'],
  ['contactsUrgence', 'Personnes à prévenir'],
  ['medecin', 'Médecin traitant'],
  ['servicesDomicile', 'Services à domicile'],
  ['registeredOn', 'Inscrite le'],
] as const;

const frDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const frPhone = (n: string) => (/^0\d{9}$/.test(n) ? n.replace(/(\d{2})(?=\d)/g, '$1 ') : n);
const joinNonEmpty = (parts: (string | null | undefined)[], sep: string) => parts.filter((p) => p).join(sep);

/** One line of the export, as text cells in the order of REGISTER_EXPORT_COLUMNS. */
export function registerExportRow(r: Registration): string[] {
  const cells: Record<(typeof REGISTER_EXPORT_COLUMNS)[number][0], string> = {
    nom: r.nom,
    prenom: r.prenom,
    situation: REGISTER_SITUATION_LABELS[r.situation],
    isole: r.isole ? 'Oui' : 'Non',
    adresse: r.adresse,
    communeInsee: r.communeInsee ?? '',
    acces: joinNonEmpty(
      [
        r.batiment && `Bâtiment ${r.batiment}`,
        r.etage && `Étage ${r.etage}`,
        r.digicode && `Digicode ${r.digicode}`,
        r.cles && `Clés : ${r.cles}`,
        r.accesNotes,
      ],
      ' ; ',
    ),
    telephones: r.telephones.map((t) => `${frPhone(t.numero)} (${PHONE_KIND_LABELS[t.type]})`).join(' ; '),
    contactsUrgence: r.contactsUrgence
      .map((c) => `${c.nom}${c.lien ? ` (${c.lien})` : ''} ${frPhone(c.telephone)}`)
      .join(' ; '),
    medecin: r.medecin ? joinNonEmpty([r.medecin.nom, r.medecin.telephone && frPhone(r.medecin.telephone)], ' ') : '',
    servicesDomicile: r.servicesDomicile
      .map((s) => joinNonEmpty([s.nom, s.telephone && frPhone(s.telephone), s.passages], ' '))
      .join(' ; '),
    registeredOn: frDate(r.registeredOn),
  };
  return REGISTER_EXPORT_COLUMNS.map(([key]) => cells[key]);
}
