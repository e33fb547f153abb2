import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import type { Role } from '../auth/roles.ts';

/**
 * The shared follow-up file (dossier partagé): the follow-up group and the timeline, with the
 * rule that decides who sees each timeline entry (need to know, CASF L.121-6-2, CSP L.1110-4).
 * The API applies `canSeeEntry` and nothing else.
 */

export const TIMELINE_ENTRY_TYPES = ['entretien', 'appel', 'visite', 'note', 'document', 'alerte'] as const;
export type TimelineEntryType = (typeof TIMELINE_ENTRY_TYPES)[number];
export const TIMELINE_ENTRY_TYPE_LABELS: Record<TimelineEntryType, string> = {
  entretien: 'Entretien',
  appel: 'Appel',
  visite: 'Visite à domicile',
  note: 'Note',
  document: 'Document',
  alerte: 'Alerte',
};

/**
 * Entries the application writes itself (commissions, migration 0019: a demande d'aide, a
 * commission's decision), never typed by a user: not offered in the add form.
 */
export const GENERATED_TIMELINE_ENTRY_TYPE_LABELS: Record<string, string> = {
  demande_aide: 'Demande d’aide',
  decision_commission: 'Décision de commission',
};

/** The French label of any timeline entry type, typed or generated. */
export function timelineEntryTypeLabel(type: string): string {
  return (
    (TIMELINE_ENTRY_TYPE_LABELS as Record<string, string>)[type] ?? GENERATED_TIMELINE_ENTRY_TYPE_LABELS[type] ?? type
  );
}

export const ENTRY_VISIBILITIES = ['privee', 'groupe', 'ccas'] as const;
export type EntryVisibility = (typeof ENTRY_VISIBILITIES)[number];
export const ENTRY_VISIBILITY_LABELS: Record<EntryVisibility, string> = {
  privee: 'Privée (ma structure)',
  groupe: 'Groupe de suivi',
  ccas: 'CCAS uniquement',
};

/**
 * What the author's form proposes: an interview, a note or a document hold what the person
 * confided (private unless the author shares it); calls, visits and alerts are what the other
 * organisations of the group need to coordinate.
 */
export const DEFAULT_VISIBILITY: Record<TimelineEntryType, EntryVisibility> = {
  entretien: 'privee',
  appel: 'groupe',
  visite: 'groupe',
  note: 'privee',
  document: 'privee',
  alerte: 'groupe',
};

export const SENSITIVE_CATEGORIES = ['sante', 'dettes', 'justice'] as const;
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];
export const SENSITIVE_CATEGORY_LABELS: Record<SensitiveCategory, string> = {
  sante: 'Santé',
  dettes: 'Dettes',
  justice: 'Justice',
};

/** Why an organisation is in the person's follow-up group. */
export const FOLLOW_UP_REASONS = ['referral', 'ccas', 'commission', 'createur'] as const;
export type FollowUpReason = (typeof FOLLOW_UP_REASONS)[number];
export const FOLLOW_UP_REASON_LABELS: Record<FollowUpReason, string> = {
  referral: 'Orientation acceptée',
  ccas: 'Ajoutée par le CCAS',
  commission: 'Décision de commission',
  createur: 'A créé le dossier',
};

/**
 * How the viewer stands towards one entry of a person's file (a user of another territory
 * never gets here: row-level security hides the person).
 * - `author_organisation`: the viewer's organisation wrote the entry;
 * - `ccas`: a coordinator of the territory, or a member of the CCAS/CIAS organisation;
 * - `group_member`: the viewer's organisation is currently in the person's follow-up group;
 * - `non_member_partner`: any other organisation (e.g. one that only sent a referral);
 * - `volunteer`: a volunteer, whatever the organisation.
 */
export const VIEWER_RELATIONS = [
  'author_organisation',
  'group_member',
  'ccas',
  'non_member_partner',
  'volunteer',
] as const;
export type ViewerRelation = (typeof VIEWER_RELATIONS)[number];

export interface FileViewer {
  role: Role;
  organisationId: string;
  /** The type of the viewer's organisation ('ccas', 'cias', 'association'…). */
  organisationType: string;
}

/** The relation, in order: volunteer first, then author, CCAS, group member, others. */
export function viewerRelation(
  viewer: FileViewer,
  entry: { authorOrganisationId: string },
  groupOrganisationIds: readonly string[],
): ViewerRelation {
  if (viewer.role === 'volunteer') return 'volunteer';
  if (viewer.organisationId === entry.authorOrganisationId) return 'author_organisation';
  if (viewer.role === 'coordinator' || viewer.organisationType === 'ccas' || viewer.organisationType === 'cias')
    return 'ccas';
  if (groupOrganisationIds.includes(viewer.organisationId)) return 'group_member';
  return 'non_member_partner';
}

/** Who may see each visibility (sensitive or not), by relation. */
export const VISIBILITY_AUDIENCE: Record<EntryVisibility, readonly ViewerRelation[]> = {
  privee: ['author_organisation'],
  groupe: ['author_organisation', 'group_member', 'ccas'],
  ccas: ['author_organisation', 'ccas'],
};

/**
 * Roles that may read a sensitive entry (health, debts, justice) — those who accompany the
 * person. The territory administrator (a technical role), volunteers and commission members
 * never do, whatever their organisation.
 */
export const SENSITIVE_ROLES: readonly Role[] = ['coordinator', 'partner_manager', 'partner_worker'];

/**
 * Roles that never read the timeline: volunteers see no entry at all; commission members see
 * none until the commission issue defines what a commission reads (its own decisions); the
 * archivist reads archived files only, through the archives procedures.
 */
export const NO_TIMELINE_ROLES: readonly Role[] = ['volunteer', 'commission_member', 'archivist'];

export interface EntryLike {
  visibility: EntryVisibility;
  sensitiveCategory: SensitiveCategory | null;
}

/** The single rule: may a viewer with this role and relation see this entry? */
export function canSeeEntry(viewer: { role: Role; relation: ViewerRelation }, entry: EntryLike): boolean {
  if (NO_TIMELINE_ROLES.includes(viewer.role) || viewer.relation === 'volunteer') return false;
  if (entry.sensitiveCategory !== null && !SENSITIVE_ROLES.includes(viewer.role)) return false;
  return VISIBILITY_AUDIENCE[entry.visibility].includes(viewer.relation);
}

/** Who may write a sensitive entry: the roles that may read it (an author sees its own entry). */
export function canWriteSensitive(role: Role): boolean {
  return SENSITIVE_ROLES.includes(role);
}

// ----------------------------------------------------------------------------------------
// Inputs

const text = (max: number, empty: string, tooLong: string) => z.string().trim().min(1, empty).max(max, tooLong);

export const timelineListInput = z.object({
  personId: idSchema,
  page: z.number().int().min(1).max(1000).default(1),
});

export const timelineAddInput = z.object({
  personId: idSchema,
  type: z.enum(TIMELINE_ENTRY_TYPES, { error: 'Choisissez un type.' }),
  /** Absent: DEFAULT_VISIBILITY of the type. */
  visibility: z.enum(ENTRY_VISIBILITIES, { error: 'Choisissez une visibilité.' }).optional(),
  sensitiveCategory: z.enum(SENSITIVE_CATEGORIES, { error: 'Catégorie inconnue.' }).nullish(),
  title: text(200, 'Indiquez un titre.', 'Le titre ne doit pas dépasser 200 caractères.'),
  body: z.string().trim().max(10000, 'Le texte ne doit pas dépasser 10 000 caractères.').default(''),
  /** When it happened (defaults to now). */
  occurredAt: z.coerce.date({ error: 'Date invalide.' }).optional(),
});
export type TimelineAddInput = z.infer<typeof timelineAddInput>;

export const groupAddInput = z.object({
  personId: idSchema,
  organisationId: idSchema,
  referentUserId: idSchema.nullish(),
});

export const groupRemoveInput = z.object({ personId: idSchema, organisationId: idSchema });

/** Names (or clears, with null) the référent of a member organisation (persons.group.setReferent). */
export const groupSetReferentInput = z.object({
  personId: idSchema,
  organisationId: idSchema,
  referentUserId: z.uuid({ error: 'Choisissez un professionnel de cette structure.' }).nullable(),
});

export const TIMELINE_PAGE_SIZE = 50;
