import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 12;

export const emailSchema = z
  .string({ error: 'Indiquez une adresse e-mail.' })
  .trim()
  .toLowerCase()
  .min(1, 'Indiquez une adresse e-mail.')
  .max(254, 'Cette adresse e-mail est trop longue.')
  .pipe(z.email({ error: 'Indiquez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.' }));

export const newPasswordSchema = z
  .string({ error: 'Choisissez un mot de passe.' })
  .min(PASSWORD_MIN_LENGTH, `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`)
  .max(256, 'Le mot de passe ne doit pas dépasser 256 caractères.');

export const loginInput = z.object({
  email: emailSchema,
  password: z.string({ error: 'Indiquez votre mot de passe.' }).min(1, 'Indiquez votre mot de passe.').max(256),
});

export const totpCodeSchema = z
  .string({ error: 'Indiquez le code à 6 chiffres.' })
  .trim()
  .regex(/^\d{6}$/, 'Le code comporte 6 chiffres, sans espace.');

export const secondFactorInput = z.object({
  code: z
    .string({ error: 'Indiquez le code.' })
    .trim()
    .min(1, 'Indiquez le code de votre application ou un code de secours.')
    .max(32),
});

export const enrolTotpInput = z.object({ code: totpCodeSchema });

export const tokenSchema = z.string().regex(/^[a-z0-9]{20,64}$/, 'Ce lien n’est pas valide.');

const passwordsMatch = (v: { password: string; passwordConfirmation: string }) => v.password === v.passwordConfirmation;
const mismatch = { path: ['passwordConfirmation'], message: 'Les deux mots de passe ne sont pas identiques.' };

/** Setting a password through a single-use link (invitation or reset). */
export const setPasswordInput = z
  .object({ token: tokenSchema, password: newPasswordSchema, passwordConfirmation: z.string() })
  .refine(passwordsMatch, mismatch);
export const requestPasswordResetInput = z.object({ email: emailSchema });
export const switchMembershipInput = z.object({ membershipId: z.uuid({ error: 'Choisissez une structure.' }) });

/** A logged-in user changes their password (the current one is asked again). */
export const changePasswordInput = z
  .object({
    currentPassword: z
      .string({ error: 'Indiquez votre mot de passe actuel.' })
      .min(1, 'Indiquez votre mot de passe actuel.')
      .max(256),
    password: newPasswordSchema,
    passwordConfirmation: z.string(),
  })
  .refine(passwordsMatch, mismatch)
  .refine((v) => v.password !== v.currentPassword, {
    path: ['password'],
    message: 'Choisissez un mot de passe différent de l’actuel.',
  });
