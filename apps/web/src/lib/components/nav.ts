import type { NavItem } from './types';

/** Flattens entries and their sub-entries. */
export function flattenNav(items: NavItem[]): NavItem[] {
  return items.flatMap((item) => [item, ...flattenNav(item.children ?? [])]);
}

/**
 * The href of the entry that matches `path` best: an exact match, or the longest href that is a
 * path prefix ("/orientations" is active on "/orientations/42"). "/" only matches "/".
 */
export function activeHref(items: NavItem[], path: string): string | null {
  const clean = path.split(/[?#]/)[0]?.replace(/\/+$/, '') || '/';
  let best: string | null = null;
  for (const { href } of flattenNav(items)) {
    const target = href.split(/[?#]/)[0]?.replace(/\/+$/, '') || '/';
    const matches = target === clean || (target !== '/' && clean.startsWith(`${target}/`));
    if (matches && (best === null || target.length > best.length)) best = href;
  }
  return best;
}

/** True when `item` or one of its sub-entries is the active one. */
export function containsHref(item: NavItem, href: string | null): boolean {
  if (href === null) return false;
  return item.href === href || (item.children ?? []).some((child) => containsHref(child, href));
}

/** French label of a membership role code; unknown codes are shown as given. */
export const roleLabels: Record<string, string> = {
  admin: 'Administration',
  coordinator: 'Coordination',
  partner_manager: 'Responsable de structure',
  partner_worker: 'Professionnel·le partenaire',
  volunteer: 'Bénévole',
  commission_member: 'Membre de commission',
  archivist: 'Archiviste',
};

export function roleLabel(role: string): string {
  return roleLabels[role] ?? role;
}
