import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import type { RequestEvent } from '@sveltejs/kit';
import { API_INTERNAL_URL, PUBLIC_ORIGIN, SESSION_COOKIE_NAMES } from '#lib/server/config.ts';
import { CookieJar, createApiClient } from '#lib/server/api.ts';
import { crossSiteRefusal } from '#lib/server/csrf.ts';
import { isApiError } from '#lib/server/forms.ts';

/** Request headers forwarded to the API by the proxy. */
const FORWARDED_REQUEST_HEADERS = ['cookie', 'content-type', 'origin', 'sec-fetch-site', 'user-agent', 'accept'];
/** Response headers the proxy must not copy (hop-by-hop, or no longer true once fetch decoded the body). */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-encoding',
  'content-length',
  'set-cookie',
]);

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const requestIds = new WeakMap<Request, string>();

function requestIdOf(event: RequestEvent): string {
  let id = requestIds.get(event.request);
  if (!id) {
    id = crypto.randomUUID();
    requestIds.set(event.request, id);
  }
  return id;
}

function isProxied(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname === '/healthz';
}

/** Forwards /api/* and /healthz to the API: the browser only ever sees one origin. */
async function proxy(event: RequestEvent, requestId: string): Promise<Response> {
  const { request, url } = event;
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set('x-forwarded-for', event.getClientAddress());
  headers.set('x-request-id', requestId);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, redirect: 'manual' };
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.body) {
    init.body = request.body;
    init.duplex = 'half';
  }
  let upstream: Response;
  try {
    upstream = await fetch(`${API_INTERNAL_URL}${url.pathname}${url.search}`, init);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', message: 'api proxy failed', requestId, error: String(error) }));
    return Response.json(
      { error: { message: 'Le service est momentanément indisponible. Réessayez dans un instant.' } },
      { status: 502, headers: { 'cache-control': 'no-store' } },
    );
  }
  const out = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) out.set(name, value);
  });
  for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}

/** Responses from `resolve` may have immutable headers (e.g. fetched ones): copy when needed. */
function withMutableHeaders(response: Response): Response {
  try {
    response.headers.set('x-ensemblier', '1');
    response.headers.delete('x-ensemblier');
    return response;
  } catch {
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers(response.headers),
    });
  }
}

export const handle: Handle = async ({ event, resolve }) => {
  const requestId = requestIdOf(event);
  if (isProxied(event.url.pathname)) return proxy(event, requestId);

  const refusal = crossSiteRefusal(event.request, [PUBLIC_ORIGIN, event.url.origin]);
  if (refusal) return refusal;

  const jar = new CookieJar(event.request.headers.get('cookie'));
  event.locals.requestId = requestId;
  event.locals.api = createApiClient({
    jar,
    clientAddress: event.getClientAddress(),
    requestId,
    userAgent: event.request.headers.get('user-agent'),
  });
  event.locals.me = null;
  if (SESSION_COOKIE_NAMES.some((name) => jar.has(name))) {
    try {
      event.locals.me = await event.locals.api.auth.me.query();
    } catch (error) {
      if (!isApiError(error, 'UNAUTHORIZED')) {
        console.error(JSON.stringify({ level: 'error', message: 'auth.me failed', requestId, error: String(error) }));
      }
    }
  }

  const response = withMutableHeaders(await resolve(event));
  for (const cookie of jar.setCookies) response.headers.append('set-cookie', cookie);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  if (event.locals.me || jar.setCookies.length > 0) {
    response.headers.set('Cache-Control', 'no-store');
  }
  return response;
};

export const handleError: HandleServerError = ({ kind, error, event }) => {
  // Errors thrown with error(): their message is already written for the user.
  if (kind === 'app') return;
  if (kind === 'framework' || kind === 'validation') {
    const status = error.status;
    if (status === 404) return { message: 'Cette page n’existe pas ou a été déplacée.' };
    if (status === 405) return { message: 'Cette action n’est pas disponible à cette adresse.' };
    if (status === 403) return { message: 'Cette requête a été refusée.' };
    if (status < 500) return { message: 'La requête n’a pas pu être traitée.' };
  }
  const reference = requestIdOf(event).slice(0, 8).toUpperCase();
  console.error(
    JSON.stringify({
      level: 'error',
      message: 'unhandled error',
      reference,
      requestId: requestIdOf(event),
      path: event.url.pathname,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  );
  return {
    message:
      'Une erreur inattendue est survenue. Réessayez dans un instant ; si elle persiste, contactez votre administrateur en indiquant la référence.',
    reference,
  };
};
