import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import { THEMATIQUE_VALUES } from '../directory/referentials.ts';
import { CONSENT_MODES, dateSchema } from '../persons/schemas.ts';
import { OUTCOMES, REFERRAL_ACTIONS, REFERRAL_STATES, REFUSAL_REASONS } from './state-machine.ts';

export const URGENCIES = ['normale', 'urgente'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = { normale: 'Normale', urgente: 'Urgente' };

/** Attachments: PDF, JPEG, PNG up to 10 MB, checked by content signature on the server. */
export const ATTACHMENT_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_MAX_COUNT = 5;

const limited = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} : ${max.toLocaleString('fr-FR')} caractères au plus.`);
/** Two typed helpers (not one returning a union, which made optional keys required in the input type). */
function text(max: number, requiredMessage: string, label: string): z.ZodString;
function text(
  max: number,
  requiredMessage: null,
  label: string,
): z.ZodPipe<z.ZodOptional<z.ZodNullable<z.ZodString>>, z.ZodTransform<string | null, string | null | undefined>>;
function text(max: number, requiredMessage: string | null, label: string) {
  const base = limited(max, label);
  return requiredMessage ? base.min(1, requiredMessage) : base.nullish().transform((v) => (v ? v : null));
}

export const attachmentUpload = z.object({
  fileName: z.string().trim().min(1).max(255, 'Le nom du fichier ne doit pas dépasser 255 caractères.'),
  /** The file's bytes, base64-encoded (checked against its signature on the server). */
  contentBase64: z
    .string()
    .min(1, 'Le fichier est vide.')
    .max(Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 4, 'Le fichier dépasse 10 Mo.'),
});
export type AttachmentUpload = z.infer<typeof attachmentUpload>;

/** A recipient: a service of a partner, or the CCAS "à router". */
export const recipientInput = z.union([
  z.object({ kind: z.literal('service'), serviceId: idSchema }),
  z.object({ kind: z.literal('to_route') }),
]);
export type RecipientInput = z.infer<typeof recipientInput>;

/** Recorded with the referral when the person was just informed (otherwise an earlier event must cover it). */
export const inlineConsentInput = z.object({
  mode: z.enum(CONSENT_MODES, { error: 'Indiquez comment la personne a été informée.' }),
  occurredOn: dateSchema('date de l’information'),
  kind: z.enum(['information', 'consentement']).default('consentement'),
  note: text(2000, null, 'Note'),
});

export const createReferralInput = z.object({
  idempotencyKey: z.uuid({ error: 'Clé de formulaire invalide : rechargez la page.' }),
  personId: idSchema,
  recipients: z
    .array(recipientInput)
    .min(1, 'Choisissez au moins un destinataire (un service, ou le CCAS « à router »).')
    .max(10, 'Dix destinataires au plus par orientation.'),
  thematiques: z
    .array(z.enum(THEMATIQUE_VALUES, { error: 'Thématique inconnue.' }))
    .min(1, 'Choisissez au moins une thématique.')
    .max(10, 'Dix thématiques au plus.'),
  motif: text(4000, 'Décrivez le motif de l’orientation.', 'Motif'),
  urgency: z.enum(URGENCIES, { error: 'Choisissez le degré d’urgence.' }).default('normale'),
  dejaFait: text(4000, null, 'Déjà fait'),
  attendu: text(4000, null, 'Aide attendue'),
  consent: inlineConsentInput.nullish().transform((v) => v ?? null),
  attachments: z.array(attachmentUpload).max(ATTACHMENTS_MAX_COUNT, 'Cinq pièces jointes au plus.').default([]),
  /** false keeps it as a draft (brouillon). */
  send: z.boolean().default(true),
});
export type CreateReferralInput = z.infer<typeof createReferralInput>;

export const REFERRAL_VIEWS = ['recues', 'envoyees', 'a_router', 'reseau'] as const;
export type ReferralView = (typeof REFERRAL_VIEWS)[number];
export const REFERRAL_VIEW_LABELS: Record<ReferralView, string> = {
  recues: 'Reçues',
  envoyees: 'Envoyées',
  a_router: 'À router',
  reseau: 'Tout le réseau',
};

export const REFERRAL_SORTS = ['recent', 'ancien', 'attente'] as const;

export const listReferralsInput = z.object({
  view: z.enum(REFERRAL_VIEWS),
  states: z.array(z.enum(REFERRAL_STATES)).max(10).default([]),
  thematiqueCategory: z.string().max(100).nullish(),
  urgency: z.enum(URGENCIES).nullish(),
  /** The other party: the sender on "Reçues", the recipient on "Envoyées", either on "Tout le réseau". */
  partnerId: idSchema.nullish(),
  sentFrom: dateSchema('date de début').nullish(),
  sentTo: dateSchema('date de fin').nullish(),
  /** Waiting for an answer for at least this many days. */
  waitingDays: z.number().int().min(1).max(3650).nullish(),
  sort: z.enum(REFERRAL_SORTS).default('recent'),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(5).max(100).default(25),
});
export type ListReferralsInput = z.infer<typeof listReferralsInput>;

export const referralIdInput = z.object({ referralId: idSchema });

export const transitionInput = z.object({
  taskId: idSchema,
  /** The task's version the user saw: a stale answer gets a conflict. */
  version: z.number().int().positive(),
  action: z.enum(REFERRAL_ACTIONS),
  reason: z.enum(REFUSAL_REASONS, { error: 'Choisissez le motif du refus.' }).nullish(),
  outcome: z.enum(OUTCOMES, { error: 'Choisissez le résultat.' }).nullish(),
  message: text(4000, null, 'Message'),
  /** For a réorientation: the new service (or a decision to keep it à router). */
  targetServiceId: idSchema.nullish(),
});
export type TransitionInput = z.infer<typeof transitionInput>;

export const postMessageInput = z.object({
  taskId: idSchema,
  body: text(4000, 'Écrivez votre message.', 'Message'),
});

export const addAttachmentsInput = z.object({
  referralId: idSchema,
  attachments: z.array(attachmentUpload).min(1, 'Choisissez un fichier.').max(ATTACHMENTS_MAX_COUNT),
});

export const attachmentIdInput = z.object({ referralId: idSchema, attachmentId: idSchema });

export const routingSuggestionsInput = z.object({ taskId: idSchema });
