import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, can, PARTNER_ASSIGNABLE_ROLES, type Permission } from './permissions.ts';
import { ROLES, type Role } from './roles.ts';

const OWN = 'org-own';
const OTHER = 'org-other';
const actor = (role: Role) => ({ userId: 'u', role, organisationId: OWN });

const PERMISSIONS = ALL_PERMISSIONS;

/** The expected rule, written out independently of the implementation's tables. */
function expected(role: Role, permission: Permission, target: { organisationId?: string; role?: Role }): boolean {
  if (permission === 'referral.use')
    return role !== 'volunteer' && role !== 'commission_member' && role !== 'archivist';
  if (permission === 'referral.route' || permission === 'referral.network') return role === 'coordinator';
  // Archived files: the archivist alone, not even the administrator (need to know).
  if (permission === 'archives.read' || permission === 'archives.eliminate') return role === 'archivist';
  if (permission === 'retention.read') return role === 'admin' || role === 'archivist';
  // The register of vulnerable people: coordinators only, not even the administrator.
  if (permission === 'register.manage') return role === 'coordinator';
  if (role === 'admin') return true;
  // The archivist sees the archives and nothing else.
  if (role === 'archivist') return false;
  if (permission === 'directory.read') return role !== 'commission_member';
  if (permission === 'directory.export' || permission === 'directory.staleReport') return role === 'coordinator';
  if (permission === 'directory.import') return false;
  // The `role` of a target only matters for member permissions; an assignable one is neutral.
  const ownTarget =
    target.organisationId === OWN && (target.role === undefined || PARTNER_ASSIGNABLE_ROLES.includes(target.role));
  if (permission === 'service.capacity') return (role === 'partner_manager' || role === 'partner_worker') && ownTarget;
  if (permission.startsWith('service.') || permission === 'organisation.profile.update')
    return role === 'partner_manager' && ownTarget;
  if (permission === 'admin.access') return role === 'partner_manager';
  if (permission === 'organisation.list') return role === 'coordinator';
  if (role === 'partner_manager' && permission.startsWith('member.')) {
    return (
      target.organisationId === OWN && (target.role === undefined || PARTNER_ASSIGNABLE_ROLES.includes(target.role))
    );
  }
  return false;
}

describe('can(): every role × permission × target', () => {
  const targets = [
    {},
    { organisationId: OWN },
    { organisationId: OTHER },
    ...ROLES.flatMap((r) => [
      { organisationId: OWN, role: r },
      { organisationId: OTHER, role: r },
    ]),
  ];
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      it(`${role} / ${permission}`, () => {
        for (const target of targets)
          expect(can(actor(role), permission, target), JSON.stringify(target)).toBe(expected(role, permission, target));
      });
    }
  }
});
