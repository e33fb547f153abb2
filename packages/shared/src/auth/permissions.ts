import type { Role } from './roles.ts';

/**
 * Who may do what. The API enforces these rules; the web uses the same functions to show
 * only the actions a user may take. Object-level scoping (own organisation…) is part of
 * each rule.
 */
export interface Actor {
  userId: string;
  role: Role;
  organisationId: string;
}

export type Permission =
  | 'admin.access'
  | 'organisation.list'
  | 'organisation.create'
  | 'organisation.update'
  | 'organisation.deactivate'
  | 'member.list'
  | 'member.invite'
  | 'member.changeRole'
  | 'member.deactivate'
  | 'audit.read'
  | 'securityEvent.read'
  | 'directory.read'
  | 'directory.import'
  | 'directory.export'
  | 'directory.staleReport'
  | 'organisation.profile.update'
  | 'service.create'
  | 'service.update'
  | 'service.archive'
  | 'service.capacity'
  | 'service.confirm'
  | 'referral.use'
  | 'referral.route'
  | 'referral.network'
  | 'archives.read'
  | 'archives.eliminate'
  | 'retention.read'
  | 'retention.manage'
  | 'register.manage';

const TERRITORY_WIDE: Record<Permission, readonly Role[]> = {
  'admin.access': ['admin', 'partner_manager'],
  'organisation.list': ['admin', 'coordinator'],
  'organisation.create': ['admin'],
  'organisation.update': ['admin'],
  'organisation.deactivate': ['admin'],
  'member.list': ['admin'],
  'member.invite': ['admin'],
  'member.changeRole': ['admin'],
  'member.deactivate': ['admin'],
  'audit.read': ['admin'],
  'securityEvent.read': ['admin'],
  'directory.read': ['admin', 'coordinator', 'partner_manager', 'partner_worker', 'volunteer'],
  'directory.import': ['admin'],
  'directory.export': ['admin', 'coordinator'],
  'directory.staleReport': ['admin', 'coordinator'],
  'organisation.profile.update': ['admin'],
  'service.create': ['admin'],
  'service.update': ['admin'],
  'service.archive': ['admin'],
  'service.capacity': ['admin'],
  'service.confirm': ['admin'],
  // Referrals and the persons they concern: professionals only (need to know). What each may
  // do on one referral follows from their relation to it (referralRelations, TRANSITIONS).
  'referral.use': ['admin', 'coordinator', 'partner_manager', 'partner_worker'],
  // The CCAS's own queues: "À router" and "Tout le réseau".
  'referral.route': ['coordinator'],
  'referral.network': ['coordinator'],
  // Archived files (retention): read-only, only by the archivist, who also decides eliminations.
  // The territory administrator sets the retention rules; the archivist reads them.
  'archives.read': ['archivist'],
  'archives.eliminate': ['archivist'],
  'retention.read': ['admin', 'archivist'],
  'retention.manage': ['admin'],
  // The register of vulnerable people (issue 7): coordinators only (= REGISTER_MANAGER_ROLES).
  'register.manage': ['coordinator'],
};

/** Every permission (the table above is exhaustive by its type). */
export const ALL_PERMISSIONS = Object.keys(TERRITORY_WIDE) as Permission[];

/** What partner roles may do, only within their own organisation. */
const OWN_ORGANISATION: Partial<Record<Permission, readonly Role[]>> = {
  'member.list': ['partner_manager'],
  'member.invite': ['partner_manager'],
  'member.changeRole': ['partner_manager'],
  'member.deactivate': ['partner_manager'],
  'organisation.profile.update': ['partner_manager'],
  'service.create': ['partner_manager'],
  'service.update': ['partner_manager'],
  'service.archive': ['partner_manager'],
  // Capacity is day-to-day information: the organisation's workers keep it current too.
  'service.capacity': ['partner_manager', 'partner_worker'],
  'service.confirm': ['partner_manager'],
};

/** Roles a partner manager may hand out inside their own organisation. */
export const PARTNER_ASSIGNABLE_ROLES: readonly Role[] = ['partner_manager', 'partner_worker', 'volunteer'];

/**
 * `organisationId` is the organisation the action targets (absent for territory-wide
 * actions); `role` is the role being granted, for invitations and role changes.
 */
export function can(
  actor: Actor,
  permission: Permission,
  target: { organisationId?: string; role?: Role } = {},
): boolean {
  if (TERRITORY_WIDE[permission].includes(actor.role)) return true;
  const own = OWN_ORGANISATION[permission];
  if (!own?.includes(actor.role)) return false;
  if (target.organisationId === undefined || target.organisationId !== actor.organisationId) return false;
  if (target.role !== undefined && !PARTNER_ASSIGNABLE_ROLES.includes(target.role)) return false;
  return true;
}
