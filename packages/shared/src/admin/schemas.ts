import { z } from 'zod';
import { emailSchema } from '../auth/schemas.ts';
import { ROLES } from '../auth/roles.ts';
import { ORGANISATION_TYPES } from '../directory/organisation-types.ts';

export const idSchema = z.uuid({ error: 'Identifiant invalide.' });

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v : null));

export const phoneSchema = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? v.replace(/[\s.-]/g, '') : null))
  .refine(
    (v) => v === null || /^(\+33|0)[1-9]\d{8}$/.test(v),
    'Indiquez un numéro à 10 chiffres, par exemple 01 47 29 50 50.',
  );

export const organisationInput = z.object({
  name: z
    .string({ error: 'Indiquez le nom de la structure.' })
    .trim()
    .min(2, 'Le nom doit contenir au moins 2 caractères.')
    .max(200, 'Le nom ne doit pas dépasser 200 caractères.'),
  type: z.enum(ORGANISATION_TYPES, { error: 'Choisissez le type de structure.' }),
  email: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || z.email().safeParse(v).success, 'Indiquez une adresse e-mail valide.'),
  phone: phoneSchema,
  communeInsee: optionalText(5, 'Code INSEE invalide.'),
});

export const updateOrganisationInput = organisationInput.extend({ id: idSchema, version: z.number().int().positive() });
export const organisationIdInput = z.object({ id: idSchema });

export const roleSchema = z.enum(ROLES, { error: 'Choisissez un rôle.' });

export const inviteMemberInput = z.object({
  organisationId: idSchema,
  email: emailSchema,
  name: z
    .string({ error: 'Indiquez le nom de la personne.' })
    .trim()
    .min(1, 'Indiquez le nom de la personne.')
    .max(200, 'Le nom ne doit pas dépasser 200 caractères.'),
  role: roleSchema,
});

export const changeRoleInput = z.object({ membershipId: idSchema, role: roleSchema });
export const membershipIdInput = z.object({ membershipId: idSchema });

export const pageInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(5).max(100).default(25),
});

export const listOrganisationsInput = pageInput.extend({
  q: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'deactivated', 'all']).default('active'),
});

export const listMembersInput = pageInput.extend({ organisationId: idSchema });

export const listAuditInput = pageInput.extend({
  action: z.string().trim().max(100).optional(),
  objectType: z.string().trim().max(100).optional(),
  userId: idSchema.optional(),
  from: z.iso.date({ error: 'Date invalide (JJ/MM/AAAA).' }).optional(),
  to: z.iso.date({ error: 'Date invalide (JJ/MM/AAAA).' }).optional(),
});
