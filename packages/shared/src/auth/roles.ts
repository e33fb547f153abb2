export const ROLES = [
  'admin',
  'coordinator',
  'partner_manager',
  'partner_worker',
  'volunteer',
  'commission_member',
  'archivist',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur du territoire',
  coordinator: 'Coordinateur (CCAS)',
  partner_manager: 'Responsable de structure',
  partner_worker: 'Intervenant de structure',
  volunteer: 'Bénévole',
  commission_member: 'Membre de commission',
  archivist: 'Archiviste',
};

/** Roles whose accounts must use a second factor (TOTP) when the policy is enforced. */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['admin', 'coordinator'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
