/**
 * Server-only settings, read from the environment when the server starts.
 * API_INTERNAL_URL: where the API listens (not exposed to browsers; the web proxies /api/*).
 * ORIGIN: the public origin of the application (also what the API expects in `Origin`).
 */
const trimSlash = (value: string) => value.replace(/\/+$/, '');

export const API_INTERNAL_URL = trimSlash(process.env.API_INTERNAL_URL || 'http://127.0.0.1:3001');
export const PUBLIC_ORIGIN = trimSlash(process.env.ORIGIN || 'http://localhost:3000');

/** Names of the session cookie (the API adds the `__Host-` prefix over HTTPS). */
export const SESSION_COOKIE_NAMES = ['ens_session', '__Host-ens_session'];
