/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * The volunteer's offline app (issue 7). SvelteKit registers this worker on every page.
 *
 * - The app's own files (hashed scripts and styles, static files) are cached at install and
 *   served from the cache: the app opens without network.
 * - « Mes visites » (`/visites`) and a caller's list in a campaign (`/visites/campagnes/<id>/appels`),
 *   page and data, are fetched from the network when there is one, and their last good answer is
 *   kept in `PAGES_CACHE` for offline use — at most 72 h, and deleted
 *   at logout (`wipeOfflineData` in src/lib/visits/offline-store.ts). No other page with person
 *   data is ever stored.
 * - Any other page without network gets a short French page pointing to « Mes visites ».
 * - Writes (POST) and the API are never cached or answered by the worker: visits made offline wait
 *   in IndexedDB (the page's offline queue) and are sent by the page when the network returns.
 */
import { self } from '$app/service-worker';
import { assets, immutable } from '$app/manifest';
import { version } from '$app/env';

const SHELL_CACHE = `ensemblier-app-${version}`;
/** Same name as `PAGES_CACHE` in src/lib/visits/offline-store.ts. */
const PAGES_CACHE = 'ensemblier-visites-pages';
const STAMP_HEADER = 'x-ensemblier-cached-at';
const PAGE_MAX_AGE_MS = 72 * 3_600_000;
/**
 * Pages kept for offline use (pathnames; the query string is ignored): « Mes visites » and a
 * caller's list in a campaign, each with its data file for client-side navigation.
 */
const OFFLINE_PAGE = /^\/visites(\/campagnes\/[0-9a-f-]{36}\/appels)?(\/__data\.json)?$/;

const absolute = (path: string) => (path.startsWith('/') ? path : `/${path}`);
const SHELL_FILES = [...immutable.map((f) => absolute(f.path)), ...assets.map((f) => absolute(f.path))];
const SHELL_SET = new Set(SHELL_FILES);

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(SHELL_FILES);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys())
        if (key.startsWith('ensemblier-app-') && key !== SHELL_CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

function offlinePage(): Response {
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hors connexion — Ensemblier</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;line-height:1.5;color:#16191f;background:#fff}
a{color:#1d4ed8;display:inline-block;min-height:44px;padding:.6rem 0}</style></head>
<body><main><h1>Vous êtes hors connexion</h1>
<p>Cette page a besoin du réseau. Vos visites restent consultables et vos saisies sont gardées sur ce téléphone jusqu’au retour de la connexion.</p>
<p><a href="/visites">Ouvrir « Mes visites »</a></p></main></body></html>`;
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** A copy of the response with the instant it was stored, to refuse it after 72 h. */
async function stamped(response: Response): Promise<Response> {
  const headers = new Headers(response.headers);
  headers.set(STAMP_HEADER, String(Date.now()));
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

async function cachedPage(request: Request): Promise<Response | undefined> {
  const cache = await caches.open(PAGES_CACHE);
  const key = new URL(request.url);
  key.search = '';
  const hit = await cache.match(key.href);
  if (!hit) return undefined;
  const at = Number(hit.headers.get(STAMP_HEADER));
  if (!Number.isFinite(at) || Date.now() - at > PAGE_MAX_AGE_MS) {
    await cache.delete(key.href);
    return undefined;
  }
  return hit;
}

/** « Mes visites »: the network first; its last good answer when offline. */
async function offlineCapablePage(request: Request): Promise<Response> {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    // Only a real answer for this page (not a redirect to the login page, not an error).
    if (response.ok && !response.redirected && new URL(response.url).pathname === url.pathname) {
      const key = new URL(url);
      key.search = '';
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(key.href, await stamped(response.clone()));
    }
    return response;
  } catch {
    const hit = await cachedPage(request);
    if (hit) return hit;
    return request.mode === 'navigate' ? offlinePage() : Response.error();
  }
}

async function appFile(request: Request, path: string): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  if (SHELL_SET.has(path)) {
    const hit = await cache.match(path);
    if (hit) return hit;
  }
  try {
    const response = await fetch(request);
    // Unhashed app files (e.g. _app/env.js, _app/version.json) are kept for offline starts too.
    if (response.ok && (SHELL_SET.has(path) || path.startsWith('/_app/'))) await cache.put(request, response.clone());
    return response;
  } catch {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw new Error('offline');
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The API and downloads are always live.
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;

  if (OFFLINE_PAGE.test(url.pathname)) {
    event.respondWith(offlineCapablePage(request));
    return;
  }
  if (SHELL_SET.has(url.pathname) || url.pathname.startsWith('/_app/')) {
    event.respondWith(appFile(request, url.pathname));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => offlinePage()));
  }
});
