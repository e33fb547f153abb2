import { describe, expect, it } from 'vitest';
import { crossSiteRefusal } from './csrf.ts';

const SELF = ['http://localhost:3000'];
const post = (headers: Record<string, string>) =>
  new Request('http://localhost:3000/connexion', { method: 'POST', headers, body: 'a=1' });

describe('crossSiteRefusal', () => {
  it('lets reads through', () => {
    expect(crossSiteRefusal(new Request('http://localhost:3000/'), SELF)).toBeNull();
  });

  it('accepts a form posted from our own pages', () => {
    expect(
      crossSiteRefusal(post({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }), SELF),
    ).toBeNull();
  });

  it('refuses another origin, a missing origin and a cross-site fetch', () => {
    expect(crossSiteRefusal(post({ origin: 'https://evil.example' }), SELF)?.status).toBe(403);
    expect(crossSiteRefusal(post({}), SELF)?.status).toBe(403);
    expect(
      crossSiteRefusal(post({ origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' }), SELF)?.status,
    ).toBe(403);
  });
});
