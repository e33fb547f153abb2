import { describe, expect, it } from 'vitest';
import { activeHref, containsHref, roleLabel } from './nav';
import type { NavItem } from './types';

const nav: NavItem[] = [
  { href: '/', label: 'Tableau de bord' },
  { href: '/personnes', label: 'Personnes' },
  {
    href: '/orientations',
    label: 'Orientations',
    children: [
      { href: '/orientations/recues', label: 'Reçues' },
      { href: '/orientations/envoyees', label: 'Envoyées' },
    ],
  },
];

describe('activeHref', () => {
  it('matches the root only exactly', () => {
    expect(activeHref(nav, '/')).toBe('/');
    expect(activeHref(nav, '/inconnu')).toBeNull();
  });
  it('matches a section by prefix', () => {
    expect(activeHref(nav, '/personnes/123')).toBe('/personnes');
    expect(activeHref(nav, '/personnes/')).toBe('/personnes');
  });
  it('prefers the most specific entry', () => {
    expect(activeHref(nav, '/orientations/recues/42')).toBe('/orientations/recues');
    expect(activeHref(nav, '/orientations')).toBe('/orientations');
  });
  it('ignores the query string', () => {
    expect(activeHref(nav, '/personnes?page=2')).toBe('/personnes');
  });
  it('does not confuse similar prefixes', () => {
    expect(activeHref(nav, '/personnes-archivees')).toBeNull();
  });
  it('finds the parent of an active child', () => {
    expect(containsHref(nav[2]!, '/orientations/envoyees')).toBe(true);
    expect(containsHref(nav[1]!, '/orientations/envoyees')).toBe(false);
  });
});

describe('roleLabel', () => {
  it('translates role codes and keeps unknown ones', () => {
    expect(roleLabel('coordinator')).toBe('Coordination');
    expect(roleLabel('Référente')).toBe('Référente');
  });
});
