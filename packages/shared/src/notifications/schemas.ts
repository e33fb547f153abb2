import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';

export const NOTIFICATION_PREFS = ['immediate', 'daily', 'none'] as const;
export type NotificationPref = (typeof NOTIFICATION_PREFS)[number];
export const NOTIFICATION_PREF_LABELS: Record<NotificationPref, string> = {
  immediate: 'Un courriel à chaque notification',
  daily: 'Un résumé quotidien par courriel',
  none: 'Aucun courriel (seulement la cloche)',
};

/** What a notification is about (its kind); the title and body are written when it is emitted. */
export const NOTIFICATION_KINDS = [
  'referral_received',
  'referral_to_route',
  'referral_answered',
  'referral_outcome',
  'referral_message',
  'referral_reminder',
  'referral_expired',
  'referral_refused',
  'referral_cancelled',
  'referral_reoriented',
  'task_assigned',
  'task_due',
  'person_inactive',
  // Issue 7 (VISIT_NOTIFICATION_KINDS).
  'visit_alert',
  'campaign_escalation',
  'campaign_need',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const listNotificationsInput = z.object({
  unreadOnly: z.boolean().default(false),
  page: z.number().int().min(1).max(1000).default(1),
  pageSize: z.number().int().min(5).max(100).default(20),
});
export const markNotificationsReadInput = z.object({
  ids: z.array(idSchema).max(200).default([]),
  /** Marks every notification of the user read. */
  all: z.boolean().default(false),
});
export const notificationPrefInput = z.object({
  pref: z.enum(NOTIFICATION_PREFS, { error: 'Choisissez comment être prévenu.' }),
});
