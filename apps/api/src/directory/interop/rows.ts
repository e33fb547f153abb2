import { z } from 'zod';
import {
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  THEMATIQUE_VALUES,
  TYPES_SERVICE,
} from '@ensemblier/shared';

/**
 * One row of a data·inclusion v1 export (structure or service), checked and turned into our
 * columns. The rules are those of our database and forms (which are at least as strict as the
 * schema on formats), with the schema's field names; fields we do not keep (latitude, lien_source,
 * nombre_semaines…) are ignored. Unknown referential values (thématique, public…) reject the row.
 */

const values = (list: readonly { value: string }[]) => list.map((i) => i.value) as [string, ...string[]];

/** The value quoted in a message, kept short. */
const quote = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return `« ${s && s.length > 60 ? `${s.slice(0, 57)}…` : s} »`;
};

const text = (max: number) =>
  z
    .string({ error: 'texte attendu.' })
    .trim()
    .max(max, `${max} caractères au plus.`)
    .nullish()
    .transform((v) => (v ? v : null));

const required = (max: number, min = 1) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'valeur obligatoire manquante.' : 'texte attendu.') })
    .trim()
    .min(min, min === 1 ? 'valeur obligatoire manquante.' : `${min} caractères au moins.`)
    .max(max, `${max} caractères au plus.`);

const pattern = (re: RegExp, message: string, clean: (v: string) => string = (v) => v.trim()) =>
  z
    .string({ error: 'texte attendu.' })
    .nullish()
    .transform((v) => (v ? clean(v) : null))
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || re.test(v), message);

const siret = pattern(/^\d{14}$/, 'le SIRET comporte 14 chiffres.', (v) => v.replace(/\s/g, ''));
const codePostal = pattern(/^\d{5}$/, 'le code postal comporte 5 chiffres.');
const codeInsee = pattern(/^\d[0-9AB]\d{3}$/, 'code INSEE de commune invalide (5 caractères).', (v) =>
  v.trim().toUpperCase(),
);
/** French numbers, as in our forms: 10 digits, or +33 and 9 digits (spaces, dots, dashes ignored). */
const telephone = pattern(
  /^(\+33|0)[1-9]\d{8}$/,
  'numéro de téléphone invalide (10 chiffres attendus, par exemple 04 67 12 34 56).',
  (v) => v.replace(/[\s.\-()]/g, '').replace(/^0033/, '+33'),
);
const courriel = pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'adresse e-mail invalide.', (v) =>
  v.trim().toLowerCase(),
).refine((v) => v === null || z.email().safeParse(v).success, 'adresse e-mail invalide.');
const url = pattern(/^https?:\/\/\S+\.\S+/, 'adresse web invalide (elle doit commencer par https://).');

/** A list of referential values; `null` or absent is an empty list, duplicates are dropped. */
const list = (allowed: [string, ...string[]], what: string) =>
  z
    .array(z.enum(allowed, { error: (iss) => `${what} inconnue : ${quote(iss.input)}.` }), {
      error: 'liste attendue.',
    })
    .nullish()
    .transform((v) => [...new Set(v ?? [])]);

/** `YYYY-MM-DD` (what the schema asks) or a full ISO date-time; a civil date is kept at noon UTC. */
const dateMaj = z
  .string({ error: 'date attendue (AAAA-MM-JJ).' })
  .trim()
  .nullish()
  .transform((v, ctx) => {
    if (!v) return null;
    const civil = /^\d{4}-\d{2}-\d{2}$/.test(v);
    const d = new Date(civil ? `${v}T12:00:00Z` : v);
    if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'date invalide (AAAA-MM-JJ attendu).' });
      return z.NEVER;
    }
    return d;
  });

/** Commune (INSEE), EPCI (SIREN), département, 'france' (99100 is France too). */
const zoneCode = z
  .string({ error: 'code texte attendu.' })
  .trim()
  .transform((v) => (v === '99100' ? 'france' : v.toUpperCase() === 'FRANCE' ? 'france' : v.toUpperCase()))
  .refine(
    (v) => /^(\d[0-9AB]\d{3}|\d{9}|\d[0-9AB]\d?|france)$/.test(v),
    'code de zone invalide : commune (INSEE), EPCI (SIREN), département ou « france ».',
  );

const key = {
  source: required(100),
  id: required(300),
};

export const structureRow = z.object({
  ...key,
  nom: required(200, 2),
  siret,
  adresse: text(300),
  complement_adresse: text(300),
  code_postal: codePostal,
  code_insee: codeInsee,
  telephone,
  courriel,
  site_web: url,
  horaires_accueil: text(500),
  description: text(10_000),
  reseaux_porteurs: list(values(RESEAUX_PORTEURS), 'Valeur de réseau porteur'),
  /** Not in v1 (it was in v0): only used to guess our organisation type. */
  typologie: z.unknown().optional(),
  date_maj: dateMaj,
});
export type StructureRow = z.infer<typeof structureRow>;

export const serviceRow = z.object({
  ...key,
  structure_id: required(300),
  nom: required(200, 2),
  description: z
    .string({ error: 'texte attendu.' })
    .trim()
    .max(10_000, '10 000 caractères au plus.')
    .nullish()
    .transform((v) => v ?? ''),
  type: z
    .enum(values(TYPES_SERVICE), { error: (iss) => `type de service inconnu : ${quote(iss.input)}.` })
    .nullish()
    .transform((v) => v ?? null),
  thematiques: list(THEMATIQUE_VALUES, 'Thématique'),
  publics: list(values(PUBLICS), 'Valeur de public'),
  publics_precisions: text(2000),
  frais: z
    .enum(['gratuit', 'payant'], { error: (iss) => `valeur de frais inconnue : ${quote(iss.input)}.` })
    .nullish()
    .transform((v) => v ?? null),
  frais_precisions: text(2000),
  conditions_acces: text(5000),
  modes_accueil: list(values(MODES_ACCUEIL), 'Valeur de mode d’accueil'),
  zone_eligibilite: z
    .array(zoneCode, { error: 'liste attendue.' })
    .nullish()
    .transform((v) => [...new Set(v ?? [])]),
  modes_mobilisation: list(values(MODES_MOBILISATION), 'Valeur de mode de mobilisation'),
  mobilisable_par: list(values(PERSONNES_MOBILISATRICES), 'Valeur de « mobilisable par »'),
  mobilisation_precisions: text(2000),
  lien_mobilisation: url,
  contact_nom_prenom: text(200),
  courriel,
  telephone,
  horaires_accueil: text(500),
  adresse: text(300),
  complement_adresse: text(300),
  code_postal: codePostal,
  code_insee: codeInsee,
  date_maj: dateMaj,
});
export type ServiceRow = z.infer<typeof serviceRow>;

/** The French reason of a rejected row, from its validation issues (at most three). */
export function reasonOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const field = issue.path.find((p) => typeof p === 'string');
      if (issue.path.length === 0) return 'la ligne doit être un objet JSON';
      const message = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
      return `champ « ${String(field)} » : ${message.replace(/\.$/, '')}`;
    })
    .join(' ; ')
    .replace(/^./, (c) => c.toUpperCase())
    .concat('.');
}

/** The source and id of a raw row, as far as they can be read (for the report). */
export function rawKey(row: unknown): { source: string; id: string } {
  const r = (row && typeof row === 'object' ? row : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  return { source: str(r.source), id: str(r.id) };
}
