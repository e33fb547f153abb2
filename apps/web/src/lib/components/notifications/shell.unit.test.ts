import { describe, expect, it } from 'vitest';
import { badgeText, bellLabel, openHref, referralsWaiting, safeTarget, waitingLabel } from './shell.ts';

describe('navigation counters', () => {
  it('adds the received referrals and, for the CCAS, those to route', () => {
    expect(referralsWaiting({ recues: 3, aRouter: null })).toBe(3);
    expect(referralsWaiting({ recues: 2, aRouter: 4 })).toBe(6);
    expect(referralsWaiting({ recues: 0, aRouter: 0 })).toBe(0);
    expect(referralsWaiting(null)).toBe(0);
    expect(referralsWaiting(undefined)).toBe(0);
  });
  it('says what the counter counts', () => {
    expect(waitingLabel(3)).toBe('3 en attente');
  });
  it('names the bell with its unread count (singular and plural)', () => {
    expect(bellLabel(0)).toBe('Notifications');
    expect(bellLabel(1)).toBe('Notifications, 1 non lue');
    expect(bellLabel(2)).toBe('Notifications, 2 non lues');
  });
  it('caps the badge at 99+', () => {
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(120)).toBe('99+');
  });
});

describe('opening a notification', () => {
  it('goes through the mark-as-read route to the object of the notification', () => {
    expect(openHref({ id: 'abc', link: '/orientations/123' })).toBe('/notifications/abc?vers=%2Forientations%2F123');
    expect(openHref({ id: 'abc', link: null })).toBe('/notifications/abc');
  });
  it('never leads to another site', () => {
    for (const link of ['https://evil.example/x', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      expect(safeTarget(link)).toBeNull();
      expect(openHref({ id: 'abc', link })).toBe('/notifications/abc');
    }
    expect(safeTarget('/orientations/1?onglet=fil')).toBe('/orientations/1?onglet=fil');
  });
});
