import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, setupApi, type Harness } from './harness.ts';

let h: Harness;
let cookie: string;
beforeAll(async () => {
  h = await setupApi();
  const b = await h.as('admin@demo.ensemblier.fr');
  cookie = b.cookie();
});
afterAll(() => h.close());

const url = `${ORIGIN}/api/trpc/admin.organisations.create`;
const body = JSON.stringify({ name: 'Structure fantôme', type: 'autre' });

async function organisationsNamed(name: string) {
  const page = await (
    await h.as('admin@demo.ensemblier.fr')
  ).trpc.admin.organisations.list.query({ q: name, status: 'all' });
  return page.total;
}

describe('mutations are same-origin JSON only', () => {
  it('refuses a cross-site text/plain POST carrying the session cookie', async () => {
    const res = await h.app.request(url, {
      method: 'POST',
      body,
      headers: { cookie, 'content-type': 'text/plain', origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('refuses a same-origin text/plain or form POST', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await h.app.request(url, {
        method: 'POST',
        body,
        headers: { cookie, 'content-type': type, origin: ORIGIN },
      });
      expect(res.status, type).toBe(403);
    }
  });

  it('refuses JSON from another origin, without origin, or marked cross-site', async () => {
    const cases = [{ origin: 'https://evil.example' }, {}, { origin: ORIGIN, 'sec-fetch-site': 'cross-site' }];
    for (const headers of cases) {
      const res = await h.app.request(url, {
        method: 'POST',
        body,
        headers: { cookie, 'content-type': 'application/json', ...headers },
      });
      expect(res.status).toBe(403);
    }
    expect(await organisationsNamed('Structure fantôme')).toBe(0);
  });

  it('accepts a same-origin JSON POST', async () => {
    const res = await h.app.request(url, {
      method: 'POST',
      body,
      headers: { cookie, 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(200);
    expect(await organisationsNamed('Structure fantôme')).toBe(1);
  });
});

describe('headers and errors', () => {
  it('sets security headers on every response', async () => {
    for (const path of ['/healthz', '/api/trpc/auth.me', '/nulle-part']) {
      const res = await h.app.request(`${ORIGIN}${path}`, { headers: { cookie } });
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('HSTS outside dev', async () => {
    const prod = await import('../src/http/app.ts');
    const app = prod.createApp({
      sql: h.db.app,
      clock: h.clock,
      config: { ...h.config, isProduction: true },
      log: () => {},
    });
    expect((await app.request(`${ORIGIN}/healthz`)).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await h.app.request(`${ORIGIN}/healthz`)).headers.get('strict-transport-security')).toBeNull();
  });

  it('/healthz checks the database', async () => {
    const res = await h.app.request(`${ORIGIN}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('a validation error comes back as a French field map, without a stack', async () => {
    const res = await h.app.request(url, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', type: 'nimporte', email: 'pas-un-email' }),
      headers: { cookie, 'content-type': 'application/json', origin: ORIGIN },
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as {
      error: { message: string; data: { fieldErrors: Record<string, string>; stack?: string } };
    };
    expect(json.error.data.fieldErrors).toEqual({
      name: 'Le nom doit contenir au moins 2 caractères.',
      type: 'Choisissez le type de structure.',
      email: 'Indiquez une adresse e-mail valide.',
    });
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts|stack|ZodError/);
  });
});
