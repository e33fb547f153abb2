import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import type { EntryVisibility, SensitiveCategory, TimelineEntryType } from '../persons/file.ts';

/**
 * The visit log: what a volunteer (or agent) records after a visit or a call, in a few taps, on a
 * phone that may be offline. Each record carries an id generated on the phone (`clientId`, a
 * UUID): the server stores a record once per client id, so a sync retried after a lost answer
 * never creates a second one (see `resubmission` and docs/visits.md).
 */

export const VISIT_KINDS = ['visite', 'appel'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  visite: 'Visite à domicile',
  appel: 'Appel téléphonique',
};

export const VISIT_OUTCOMES = ['realisee', 'absente', 'refusee'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
/** Labels by kind: the same outcome reads differently for a visit and a call. */
export const VISIT_OUTCOME_LABELS: Record<VisitKind, Record<VisitOutcome, string>> = {
  visite: {
    realisee: 'Visite faite',
    absente: 'Personne absente',
    refusee: 'Visite refusée par la personne',
  },
  appel: {
    realisee: 'Appel passé',
    absente: 'Pas de réponse',
    refusee: 'Appel refusé par la personne',
  },
};

/** How the person seemed: a simple 1–5 scale. */
export const MOODS = [1, 2, 3, 4, 5] as const;
export type Mood = (typeof MOODS)[number];
export const MOOD_LABELS: Record<Mood, string> = {
  1: 'Très mal',
  2: 'Pas bien',
  3: 'Moyen',
  4: 'Bien',
  5: 'Très bien',
};
/** The question and its accessible description (the radio group's legend and help text). */
export const MOOD_QUESTION = 'Comment la personne vous a-t-elle semblé ?';
export const MOOD_DESCRIPTION =
  'Choisissez une note de 1 à 5 : 1 veut dire très mal, 3 moyen, 5 très bien. Facultatif.';
/** What a screen reader reads for one choice: « 4 sur 5 : Bien ». */
export const moodAccessibleLabel = (m: Mood): string => `${m} sur 5 : ${MOOD_LABELS[m]}`;

export const VISIT_NEEDS = ['courses', 'isolement', 'sante', 'logement', 'chute', 'autre'] as const;
export type VisitNeed = (typeof VISIT_NEEDS)[number];
export const VISIT_NEED_LABELS: Record<VisitNeed, string> = {
  courses: 'Courses, repas',
  isolement: 'Isolement',
  sante: 'Santé',
  logement: 'Logement (chauffage, humidité, travaux…)',
  chute: 'Chute ou risque de chute',
  autre: 'Autre besoin',
};

/** Quick choices for the duration (minutes); any whole number up to 8 hours is accepted. */
export const DURATION_CHOICES = [15, 30, 45, 60, 90, 120] as const;
export const MAX_DURATION_MINUTES = 480;
export const NOTE_MAX_LENGTH = 500;

/** How far ahead of the server's clock a phone's clock may be (minutes). */
export const CLOCK_SKEW_MINUTES = 10;
/** How old a visit may be when it is logged (days): a forgotten visit can be entered later. */
export const MAX_BACKDATE_DAYS = 31;

export const SITUATION_PREOCCUPANTE_LABEL = 'Situation préoccupante';
export const SITUATION_PREOCCUPANTE_HELP =
  'Cochez si quelque chose vous inquiète : le coordinateur du CCAS est prévenu tout de suite. En cas de danger, appelez le 15 ou le 112.';

// ----------------------------------------------------------------------------------------
// Input

export const visitLogInput = z
  .object({
    /** Generated on the phone (crypto.randomUUID()) when the form is first shown; sent again on each retry. */
    clientId: z.uuid({ error: 'Identifiant de saisie invalide.' }),
    personId: idSchema,
    /** The programme this visit belongs to, if any (a visit can also be out of programme). */
    programmeId: idSchema.nullish().transform((v) => v ?? null),
    kind: z.enum(VISIT_KINDS, { error: 'Indiquez s’il s’agit d’une visite ou d’un appel.' }),
    outcome: z.enum(VISIT_OUTCOMES, { error: 'Indiquez comment s’est passée la visite.' }),
    /** When it happened (on the phone's clock); checked against the server's with `occurredAtError`. */
    occurredAt: z.coerce.date({ error: 'Indiquez la date et l’heure.' }),
    durationMinutes: z
      .number({ error: 'La durée doit être un nombre de minutes.' })
      .int('La durée doit être un nombre entier de minutes.')
      .min(1, 'La durée doit être d’au moins une minute.')
      .max(MAX_DURATION_MINUTES, 'La durée ne doit pas dépasser 8 heures.')
      .nullish()
      .transform((v) => v ?? null),
    mood: z
      .literal(MOODS, { error: 'Choisissez une note de 1 à 5.' })
      .nullish()
      .transform((v) => v ?? null),
    needs: z
      .array(z.enum(VISIT_NEEDS, { error: 'Besoin inconnu.' }))
      .max(VISIT_NEEDS.length)
      .default([])
      .transform((v) => VISIT_NEEDS.filter((n) => v.includes(n))),
    note: z
      .string()
      .trim()
      .max(NOTE_MAX_LENGTH, `La note ne doit pas dépasser ${NOTE_MAX_LENGTH} caractères.`)
      .nullish()
      .transform((v) => (v ? v : null)),
    situationPreoccupante: z.boolean().default(false),
  })
  .refine((v) => v.outcome !== 'absente' || v.mood === null, {
    path: ['mood'],
    message: 'La personne était absente : ne notez pas comment elle semblait.',
  })
  .refine((v) => !v.needs.includes('autre') || v.note !== null, {
    path: ['note'],
    message: 'Précisez dans la note l’autre besoin remarqué.',
  });
export type VisitLogInput = z.infer<typeof visitLogInput>;

/**
 * The time check the schema cannot do (it has no clock): null when `occurredAt` is acceptable at
 * the server's `now`, else the French message for the field.
 */
export function occurredAtError(occurredAt: Date, now: Date): string | null {
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60_000)
    return 'La date de la visite ne peut pas être dans le futur.';
  if (occurredAt.getTime() < now.getTime() - MAX_BACKDATE_DAYS * 86_400_000)
    return `Une visite de plus de ${MAX_BACKDATE_DAYS} jours ne peut plus être saisie : prévenez votre coordinateur.`;
  return null;
}

// ----------------------------------------------------------------------------------------
// Idempotency: the server's rule for a client id it has already stored

/**
 * - `duplicate`: the same author sends the same client id for the same person again (a retried
 *   sync): answer success with the stored record, change nothing, produce no effect again;
 * - `conflict`: the client id exists for another author or another person (a bug or a forged
 *   id): reject it without saying anything about the stored record.
 * The first write wins; a retried sync never updates the stored record.
 */
export type Resubmission = 'duplicate' | 'conflict';
export function resubmission(
  stored: { authorUserId: string; personId: string },
  incoming: { authorUserId: string; personId: string },
): Resubmission {
  return stored.authorUserId === incoming.authorUserId && stored.personId === incoming.personId
    ? 'duplicate'
    : 'conflict';
}

// ----------------------------------------------------------------------------------------
// What a logged visit produces

/** Notification kinds of the visits domain (to add to NOTIFICATION_KINDS when the API is built). */
export const VISIT_NOTIFICATION_KINDS = ['visit_alert', 'campaign_escalation', 'campaign_need'] as const;
export type VisitNotificationKind = (typeof VISIT_NOTIFICATION_KINDS)[number];

/** The timeline entry an alert writes into the person's file (shape of `timeline_entry`). */
export interface AlertTimelineEntry {
  personId: string;
  type: Extract<TimelineEntryType, 'alerte'>;
  visibility: Extract<EntryVisibility, 'ccas'>;
  sensitiveCategory: SensitiveCategory | null;
  title: string;
  body: string;
  occurredAt: Date;
}

/** The notification an alert sends to every coordinator of the territory (bell and mail). */
export interface AlertNotification {
  kind: 'visit_alert';
  audience: { coordinators: true };
  /** One notification per visit record, however often the sync is retried. */
  dedupeKey: string;
  /** No person data: mails carry only a link. */
  title: string;
  body: string;
  link: string;
}

export interface VisitEffects {
  timelineEntry: AlertTimelineEntry | null;
  notification: AlertNotification | null;
}

/**
 * What the server does, in the same transaction as the first insert of a record (never on a
 * `duplicate`). An ordinary visit only updates the programme (its last visit); a visit flagged
 * « situation préoccupante » also:
 * - notifies every coordinator at once (bell, and mail per their preference), without any
 *   person data in the title or body, with a link to the person's file;
 * - writes an `alerte` entry in the person's timeline with visibility `ccas` (the CCAS and the
 *   author's organisation; volunteers never read the timeline), marked `sante` when the
 *   needs include health or a fall.
 */
export function visitEffects(visit: VisitLogInput): VisitEffects {
  if (!visit.situationPreoccupante) return { timelineEntry: null, notification: null };
  const lines = [
    `${VISIT_KIND_LABELS[visit.kind]} : ${VISIT_OUTCOME_LABELS[visit.kind][visit.outcome]}.`,
    visit.mood !== null ? `La personne semblait : ${MOOD_LABELS[visit.mood].toLowerCase()} (${visit.mood}/5).` : null,
    visit.needs.length > 0 ? `Besoins remarqués : ${visit.needs.map((n) => VISIT_NEED_LABELS[n]).join(', ')}.` : null,
    visit.note !== null ? `Note : ${visit.note}` : null,
  ];
  const health = visit.needs.includes('sante') || visit.needs.includes('chute');
  return {
    timelineEntry: {
      personId: visit.personId,
      type: 'alerte',
      visibility: 'ccas',
      sensitiveCategory: health ? 'sante' : null,
      title: `${SITUATION_PREOCCUPANTE_LABEL} signalée (${visit.kind === 'visite' ? 'visite' : 'appel'})`,
      body: lines.filter((l) => l !== null).join('\n'),
      occurredAt: visit.occurredAt,
    },
    notification: {
      kind: 'visit_alert',
      audience: { coordinators: true },
      dedupeKey: `visit-alert:${visit.clientId}`,
      title: 'Situation préoccupante signalée',
      body: `Un bénévole ou un agent a signalé une situation préoccupante lors d’${visit.kind === 'visite' ? 'une visite' : 'un appel'}. Ouvrez le dossier pour en savoir plus.`,
      link: `/personnes/${visit.personId}`,
    },
  };
}
