import { describe, expect, it } from 'vitest';
import { CookieJar } from './api.ts';
import { safeRedirect } from './guards.ts';

describe('CookieJar', () => {
  it('follows the session cookie set and cleared by the API', () => {
    const jar = new CookieJar('theme=dark');
    jar.record('ens_session=abc123; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200');
    expect(jar.header()).toBe('theme=dark; ens_session=abc123');
    jar.record('ens_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    expect(jar.has('ens_session')).toBe(false);
    expect(jar.setCookies).toHaveLength(2);
  });
});

describe('safeRedirect', () => {
  it('only keeps paths of this site', () => {
    expect(safeRedirect('/administration/journal?page=2')).toBe('/administration/journal?page=2');
    expect(safeRedirect('//evil.example')).toBeNull();
    expect(safeRedirect('/\\evil.example')).toBeNull();
    expect(safeRedirect('https://evil.example')).toBeNull();
    expect(safeRedirect(null)).toBeNull();
  });
});
