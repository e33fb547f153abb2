/**
 * URL helpers for server-side lists: build a link that changes some query parameters
 * and keeps all the others (filters, sort, search) as they are.
 */

export type QueryValue = string | number | boolean | null | undefined;

/** A URL or SvelteKit's read-only `page.url`. */
export interface UrlLike {
  readonly pathname: string;
  readonly searchParams: { toString(): string };
}

/**
 * Returns "pathname?query" for `url` with `changes` applied. `null`/`undefined`/`''`
 * removes a parameter. The result is relative to the origin, ready for `href`.
 */
export function withQuery(url: UrlLike, changes: Record<string, QueryValue>): string {
  const params = new URLSearchParams(url.searchParams.toString());
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '' || value === false) {
      params.delete(key);
    } else {
      params.set(key, String(value));
    }
  }
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}
