import type { Role } from './roles.ts';

export interface NavEntry {
  key: string;
  href: string;
  label: string;
  roles: readonly Role[];
}

const ALL: readonly Role[] = [
  'admin',
  'coordinator',
  'partner_manager',
  'partner_worker',
  'volunteer',
  'commission_member',
  'archivist',
];
const PROFESSIONALS: readonly Role[] = ['admin', 'coordinator', 'partner_manager', 'partner_worker'];

/** The application map (docs/ux.md). Entries of features not built yet are not listed. */
export const NAVIGATION: readonly NavEntry[] = [
  { key: 'dashboard', href: '/tableau-de-bord', label: 'Tableau de bord', roles: ALL },
  { key: 'persons', href: '/personnes', label: 'Personnes', roles: PROFESSIONALS },
  // The user's open tasks (« à faire » on persons' files): those who may be given one.
  { key: 'tasks', href: '/taches', label: 'Mes tâches', roles: ['coordinator', 'partner_manager', 'partner_worker'] },
  { key: 'referrals', href: '/orientations', label: 'Orientations', roles: PROFESSIONALS },
  { key: 'directory', href: '/annuaire', label: 'Annuaire', roles: [...PROFESSIONALS, 'volunteer'] },
  {
    key: 'commissions',
    href: '/commissions',
    label: 'Commissions',
    roles: ['admin', 'coordinator', 'commission_member'],
  },
  // The register of vulnerable people (issue 7): coordinators only (register.manage).
  { key: 'register', href: '/registre', label: 'Registre', roles: ['coordinator'] },
  { key: 'visits', href: '/visites', label: 'Visites', roles: ['admin', 'coordinator', 'volunteer'] },
  { key: 'statistics', href: '/statistiques', label: 'Statistiques', roles: ['admin', 'coordinator'] },
  { key: 'admin', href: '/administration', label: 'Administration', roles: ['admin', 'partner_manager'] },
  // Archived files and the eliminations to decide (retention): the archivist only.
  { key: 'archives', href: '/archives', label: 'Archives', roles: ['archivist'] },
];

/** Features already delivered; the others stay out of the menu until their issue lands. */
export const AVAILABLE_FEATURES = new Set([
  'dashboard',
  'persons',
  'tasks',
  'referrals',
  'directory',
  // Commissions (issue 6): configuration, demandes d'aide, séances.
  'commissions',
  // The register of vulnerable people (issue 7).
  'register',
  // Visits (issue 7): « Mes visites » (volunteers' offline app), programmes, campaigns, statistics.
  'visits',
  'admin',
  'archives',
]);

/**
 * The menu of a role. `visitor`: the user is given visits or campaign calls (a CCAS agent with a
 * partner role, say) — « Visites » then shows whatever the role.
 */
export function navigationFor(role: Role, options: { visitor?: boolean } = {}): NavEntry[] {
  return NAVIGATION.filter(
    (e) =>
      (e.roles.includes(role) || (options.visitor === true && e.key === 'visits')) && AVAILABLE_FEATURES.has(e.key),
  );
}
