const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery: a form POST (or any other write) must come from our own pages.
 * Browsers send `Origin` on every POST; it must be the public origin (ORIGIN). When present,
 * `Sec-Fetch-Site` must say same-origin too. (The API checks its own JSON requests.)
 */
export function crossSiteRefusal(request: Request, selfOrigins: readonly string[]): Response | null {
  if (!MUTATING_METHODS.has(request.method)) return null;
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site');
  const sameOrigin = origin !== null && selfOrigins.includes(origin);
  const siteOk = !fetchSite || fetchSite === 'same-origin' || fetchSite === 'none';
  if (sameOrigin && siteOk) return null;
  const message = 'Requête refusée : ce formulaire doit être envoyé depuis une page d’Ensemblier.';
  return request.headers.get('accept')?.includes('application/json')
    ? Response.json({ type: 'error', error: { message } }, { status: 403 })
    : new Response(message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
