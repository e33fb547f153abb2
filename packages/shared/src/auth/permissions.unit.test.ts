import { describe, expect, it } from 'vitest';
import { can, PARTNER_ASSIGNABLE_ROLES, type Permission } from './permissions.ts';
import { ROLES, type Role } from './roles.ts';

const OWN = 'org-own';
const OTHER = 'org-other';
const actor = (role: Role) => ({ userId: 'u', role, organisationId: OWN });

const PERMISSIONS: Permission[] = [
  'admin.access',
  'organisation.list',
  'organisation.create',
  'organisation.update',
  'organisation.deactivate',
  'member.list',
  'member.invite',
  'member.changeRole',
  'member.deactivate',
  'audit.read',
  'securityEvent.read',
];

/** The expected rule, written out independently of the implementation's tables. */
function expected(role: Role, permission: Permission, target: { organisationId?: string; role?: Role }): boolean {
  if (role === 'admin') return true;
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
