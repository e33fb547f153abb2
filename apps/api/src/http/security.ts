import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';

/** Security headers on every API response (the API serves JSON only). */
export function securityHeaders(config: Config): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    h.set('Cache-Control', 'no-store');
    if (config.isProduction) h.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  };
}

/**
 * Mutations: POST with `application/json` only, from our own origin. SvelteKit's and
 * Hono's built-in CSRF checks only look at form content types, so a cross-site
 * `text/plain` POST would pass them; this refuses it.
 */
export function sameOriginJsonMutations(config: Config): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    const refuse = (reason: string) => c.json({ error: { message: 'Requête refusée.', reason } }, 403);
    if (method !== 'POST') return refuse('method');
    if (contentType !== 'application/json') return refuse('content-type');
    if (origin !== config.origin) return refuse('origin');
    if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return refuse('fetch-site');
    return next();
  };
}
