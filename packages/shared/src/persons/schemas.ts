import { z } from 'zod';
import { idSchema, phoneSchema } from '../admin/schemas.ts';
import { THEMATIQUE_CATEGORIES } from '../directory/referentials.ts';

export const PREFERRED_CONTACTS = ['telephone', 'sms', 'courriel', 'courrier', 'visite'] as const;
export type PreferredContact = (typeof PREFERRED_CONTACTS)[number];
export const PREFERRED_CONTACT_LABELS: Record<PreferredContact, string> = {
  telephone: 'Téléphone',
  sms: 'SMS',
  courriel: 'Courriel',
  courrier: 'Courrier',
  visite: 'Visite à domicile',
};

export const CONSENT_KINDS = ['information', 'consentement', 'objection'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export const CONSENT_KIND_LABELS: Record<ConsentKind, string> = {
  information: 'Personne informée du partage',
  consentement: 'Accord de la personne',
  objection: 'Opposition de la personne',
};

export const CONSENT_MODES = ['oral', 'ecrit', 'telephone'] as const;
export type ConsentMode = (typeof CONSENT_MODES)[number];
export const CONSENT_MODE_LABELS: Record<ConsentMode, string> = {
  oral: 'Oralement, en entretien',
  ecrit: 'Par écrit',
  telephone: 'Par téléphone',
};

/** Lower-case, unaccented, letters and spaces only: what the duplicate check compares. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

export const personNameKey = (nom: string, prenom: string) => `${normaliseName(nom)} ${normaliseName(prenom)}`.trim();

const requiredName = (label: string) =>
  z
    .string({ error: `Indiquez le ${label}.` })
    .trim()
    .min(1, `Indiquez le ${label}.`)
    .max(100, `Le ${label} ne doit pas dépasser 100 caractères.`);

const optional = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .nullish()
    .transform((v) => (v ? v : null));

/** A date typed as JJ/MM/AAAA or sent as AAAA-MM-JJ; returned as AAAA-MM-JJ. */
export const dateSchema = (label: string) =>
  z
    .string({ error: `Indiquez la ${label}.` })
    .trim()
    .transform((v, ctx) => {
      const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
      const iso = fr ? `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}` : v;
      const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : null;
      if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
        ctx.addIssue({ code: 'custom', message: `La ${label} doit être une date réelle, au format JJ/MM/AAAA.` });
        return z.NEVER;
      }
      return iso;
    });

const birthDate = dateSchema('date de naissance').refine((v) => {
  const year = Number(v.slice(0, 4));
  return year >= 1900 && v <= new Date().toISOString().slice(0, 10);
}, 'La date de naissance doit être passée et postérieure à 1900.');

export const personInput = z.object({
  nom: requiredName('nom'),
  prenom: requiredName('prénom'),
  nomNaissance: optional(100, 'Le nom de naissance ne doit pas dépasser 100 caractères.'),
  dateNaissance: z
    .union([z.literal('').transform(() => null), birthDate])
    .nullish()
    .transform((v) => v ?? null),
  communeInsee: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || /^\d[0-9AB]\d{3}$/.test(v), 'Choisissez la commune dans la liste.'),
  adresse: optional(300, 'L’adresse ne doit pas dépasser 300 caractères.'),
  telephone: phoneSchema,
  courriel: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || z.email().safeParse(v).success, 'Indiquez une adresse e-mail valide.'),
  preferredContact: z
    .enum(PREFERRED_CONTACTS, { error: 'Choisissez un mode de contact dans la liste.' })
    .nullish()
    .transform((v) => v ?? null),
});
export type PersonInput = z.infer<typeof personInput>;

export const createPersonInput = personInput.extend({
  /** Set when the user saw the possible duplicates and still creates a new file. */
  confirmNotDuplicate: z.boolean().default(false),
});

export const duplicateCheckInput = z.object({
  nom: requiredName('nom'),
  prenom: requiredName('prénom'),
  dateNaissance: z
    .union([z.literal('').transform(() => null), dateSchema('date de naissance')])
    .nullish()
    .transform((v) => v ?? null),
});

/** An empty form field (a GET form sends empty strings) is no filter. */
const blankToNull = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v);

/** A birth year: 4 digits, from 1900 to this year (a number, or the text of a form field). */
const birthYearSchema = z.preprocess(
  (v) => {
    const b = blankToNull(v);
    return typeof b === 'string' && /^\s*\d{4}\s*$/.test(b) ? Number(b) : b;
  },
  z
    .number({ error: 'L’année de naissance doit comporter 4 chiffres, par exemple 1950.' })
    .int('L’année de naissance doit comporter 4 chiffres, par exemple 1950.')
    .refine(
      (y) => y >= 1900 && y <= new Date().getFullYear(),
      'L’année de naissance doit être comprise entre 1900 et l’année en cours.',
    )
    .nullable(),
);

/**
 * The « Personnes » search: a name (words of the nom, prénom or nom de naissance, in any order,
 * by their beginning, typos tolerated) and/or filters — a birth date, a birth year, a commune,
 * the file's référent (« mes dossiers »: the user's own id). At least one criterion.
 */
export const personSearchInput = z
  .object({
    /** Optional when another criterion is given. */
    query: z
      .preprocess(blankToNull, z.string().trim().min(2, 'Tapez au moins 2 lettres du nom.').max(100).nullable())
      .default(null),
    /** A birth date typed JJ/MM/AAAA (or AAAA-MM-JJ). */
    dateNaissance: z
      .preprocess(
        (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
        dateSchema('date de naissance').nullish(),
      )
      .transform((v) => v ?? null),
    /** A birth year (with a date, it must be the date's year). */
    anneeNaissance: birthYearSchema.default(null),
    /** A commune's INSEE code (the commune picker sends it). */
    communeInsee: z
      .string()
      .trim()
      .nullish()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || /^\d[0-9AB]\d{3}$/.test(v), 'Choisissez la commune dans la liste.'),
    /** Files whose follow-up group has this user as a current member's référent. */
    referentUserId: z
      .preprocess(blankToNull, z.uuid({ error: 'Choisissez le référent dans la liste.' }).nullable())
      .default(null),
    /** Paging: rows skipped and rows returned (20 by default, as before). */
    offset: z.number().int().min(0).max(10_000).default(0),
    limit: z.number().int().min(1).max(51).default(20),
  })
  .superRefine((v, ctx) => {
    if (!v.query && !v.dateNaissance && v.anneeNaissance === null && !v.communeInsee && !v.referentUserId) {
      ctx.addIssue({
        code: 'custom',
        path: ['query'],
        message:
          'Tapez au moins 2 lettres du nom, ou choisissez une date ou une année de naissance, une commune ou un référent.',
      });
    }
    if (v.dateNaissance && v.anneeNaissance !== null && Number(v.dateNaissance.slice(0, 4)) !== v.anneeNaissance) {
      ctx.addIssue({
        code: 'custom',
        path: ['anneeNaissance'],
        message: 'L’année de naissance ne correspond pas à la date de naissance indiquée.',
      });
    }
  });
export type PersonSearchInput = z.infer<typeof personSearchInput>;

export const personIdInput = z.object({ personId: idSchema });

const categorySchema = z.string().refine((v) => v in THEMATIQUE_CATEGORIES, 'Thématique inconnue.');

/** An information, consent or objection event, and its scope. */
export const consentInput = z
  .object({
    personId: idSchema,
    kind: z.enum(CONSENT_KINDS, { error: 'Indiquez s’il s’agit d’une information, d’un accord ou d’une opposition.' }),
    mode: z.enum(CONSENT_MODES, { error: 'Indiquez comment la personne a été informée.' }),
    occurredOn: dateSchema('date').refine(
      (v) => v <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      'La date ne peut pas être dans le futur.',
    ),
    allOrganisations: z.boolean().default(false),
    organisationIds: z.array(idSchema).max(100).default([]),
    /** Thématique categories; empty means every thématique. */
    thematiqueCategories: z.array(categorySchema).max(30).default([]),
    note: optional(2000, 'La note ne doit pas dépasser 2 000 caractères.'),
  })
  .refine((v) => v.allOrganisations || v.organisationIds.length > 0, {
    path: ['organisationIds'],
    message: 'Choisissez au moins une structure, ou « toutes les structures du réseau ».',
  });
export type ConsentInput = z.infer<typeof consentInput>;
