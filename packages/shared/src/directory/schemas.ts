import { z } from 'zod';
import { idSchema, pageInput, phoneSchema } from '../admin/schemas.ts';
import {
  CAPACITY_STATUSES,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  THEMATIQUE_VALUES,
  TYPES_SERVICE,
} from './referentials.ts';

const values = <T extends readonly { value: string }[]>(list: T) => list.map((i) => i.value) as [string, ...string[]];

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} : ${max} caractères au plus.`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

export const inseeCodeSchema = z.string().regex(/^\d[0-9AB]\d{3}$/, 'Code INSEE de commune invalide (5 caractères).');

/** A zone code: commune (INSEE), EPCI (SIREN, 9 digits), département (2–3), or 'france'. */
export const zoneCodeSchema = z
  .string()
  .trim()
  .regex(
    /^(\d[0-9AB]\d{3}|\d{9}|\d[0-9AB]\d?|france)$/,
    'Code de zone invalide : commune (INSEE), EPCI (SIREN) ou département.',
  );

const urlSchema = z
  .string()
  .trim()
  .optional()
  .nullable()
  .transform((v) => (v ? v : null))
  .refine(
    (v) => v === null || /^https?:\/\/\S+\.\S+/.test(v),
    'Indiquez une adresse web complète, commençant par https://',
  );

const emailOptional = z
  .string()
  .trim()
  .optional()
  .nullable()
  .transform((v) => (v ? v.toLowerCase() : null))
  .refine((v) => v === null || z.email().safeParse(v).success, 'Indiquez une adresse e-mail valide.');

const multi = (list: [string, ...string[]], message: string) => z.array(z.enum(list, { error: message })).default([]);

/** The organisation's directory profile (name and type are edited in administration). */
export const organisationProfileInput = z.object({
  id: idSchema,
  version: z.number().int().positive(),
  siret: z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => (v ? v.replace(/\s/g, '') : null))
    .refine((v) => v === null || /^\d{14}$/.test(v), 'Le SIRET comporte 14 chiffres.'),
  finess: z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => (v ? v.replace(/\s/g, '').toUpperCase() : null))
    .refine((v) => v === null || /^\d[0-9AB]\d{7}$/.test(v), 'Le numéro FINESS comporte 9 caractères.'),
  adresse: optionalText(300, 'Adresse'),
  complementAdresse: optionalText(300, 'Complément d’adresse'),
  codePostal: z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || /^\d{5}$/.test(v), 'Le code postal comporte 5 chiffres.'),
  communeInsee: inseeCodeSchema
    .optional()
    .nullable()
    .transform((v) => v ?? null),
  email: emailOptional,
  phone: phoneSchema,
  siteWeb: urlSchema,
  horairesAccueil: optionalText(500, 'Horaires'),
  description: optionalText(10_000, 'Description'),
  reseauxPorteurs: multi(values(RESEAUX_PORTEURS), 'Réseau inconnu.'),
});

export const serviceInput = z.object({
  organisationId: idSchema,
  nom: z
    .string({ error: 'Indiquez le nom du service.' })
    .trim()
    .min(2, 'Le nom doit contenir au moins 2 caractères.')
    .max(200, 'Le nom ne doit pas dépasser 200 caractères.'),
  description: z.string().trim().max(10_000, 'La description ne doit pas dépasser 10 000 caractères.').default(''),
  type: z.enum(values(TYPES_SERVICE), { error: 'Type de service inconnu.' }).nullable().default(null),
  thematiques: z
    .array(z.enum(THEMATIQUE_VALUES, { error: 'Thématique inconnue.' }))
    .min(1, 'Choisissez au moins une thématique.'),
  publics: multi(values(PUBLICS), 'Public inconnu.'),
  publicsPrecisions: optionalText(2000, 'Précisions sur les publics'),
  frais: z
    .enum(['gratuit', 'payant'], { error: 'Indiquez si le service est gratuit ou payant.' })
    .nullable()
    .default(null),
  fraisPrecisions: optionalText(2000, 'Précisions sur les frais'),
  conditionsAcces: optionalText(5000, 'Conditions d’accès'),
  modesAccueil: multi(values(MODES_ACCUEIL), 'Mode d’accueil inconnu.'),
  zoneEligibilite: z.array(zoneCodeSchema).min(1, 'Indiquez au moins une commune, un EPCI ou un département.'),
  modesMobilisation: multi(values(MODES_MOBILISATION), 'Mode de mobilisation inconnu.'),
  mobilisablePar: multi(values(PERSONNES_MOBILISATRICES), 'Valeur inconnue.'),
  mobilisationPrecisions: optionalText(2000, 'Précisions sur la mobilisation'),
  lienMobilisation: urlSchema,
  piecesJustificatives: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
  contactNomPrenom: optionalText(200, 'Contact'),
  courriel: emailOptional,
  telephone: phoneSchema,
  horairesAccueil: optionalText(500, 'Horaires'),
  adresse: optionalText(300, 'Adresse'),
  complementAdresse: optionalText(300, 'Complément d’adresse'),
  codePostal: z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || /^\d{5}$/.test(v), 'Le code postal comporte 5 chiffres.'),
  communeInsee: inseeCodeSchema
    .optional()
    .nullable()
    .transform((v) => v ?? null),
  acceptsReferrals: z.boolean().default(false),
});
export type ServiceInput = z.infer<typeof serviceInput>;

export const updateServiceInput = serviceInput
  .omit({ organisationId: true })
  .extend({ id: idSchema, version: z.number().int().positive() });

export const capacityInput = z
  .object({
    id: idSchema,
    status: z.enum(CAPACITY_STATUSES, { error: 'Choisissez une disponibilité.' }),
    delayDays: z.coerce
      .number()
      .int()
      .min(0, 'Le délai ne peut pas être négatif.')
      .max(730, 'Le délai ne peut pas dépasser 730 jours.')
      .nullable()
      .default(null),
  })
  .refine((v) => v.status !== 'liste_attente' || v.delayDays !== null, {
    path: ['delayDays'],
    message: 'Indiquez le délai d’attente habituel, en jours.',
  });

export const serviceIdInput = z.object({ id: idSchema });

export const directorySearchInput = pageInput.extend({
  q: z.string().trim().max(200).optional(),
  thematiques: z.array(z.string().max(120)).max(20).default([]),
  commune: inseeCodeSchema.optional(),
  publics: z.array(z.string().max(120)).max(14).default([]),
  types: z.array(z.string().max(60)).max(6).default([]),
  organisationTypes: z.array(z.string().max(40)).max(16).default([]),
  acceptsReferrals: z.boolean().optional(),
  capacity: z.array(z.enum(CAPACITY_STATUSES)).max(4).default([]),
  staleOnly: z.boolean().optional(),
  organisationId: idSchema.optional(),
});
export type DirectorySearchInput = z.infer<typeof directorySearchInput>;

export const communeSearchInput = z.object({
  q: z.string().trim().min(1).max(80),
  limit: z.number().int().min(1).max(20).default(10),
});
