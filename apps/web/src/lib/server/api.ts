import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@ensemblier/api';
import { API_INTERNAL_URL, PUBLIC_ORIGIN } from './config.ts';

export type ApiClient = TRPCClient<AppRouter>;
/** What a query or mutation of the API resolves to, e.g. `Output<ApiClient['auth']['me']['query']>`. */
export type Output<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
export type Me = Output<ApiClient['auth']['me']['query']>;

/**
 * A small cookie jar for one request: starts from the browser's `Cookie` header and follows the
 * API's `Set-Cookie` answers, so a call made after `auth.login` in the same request is
 * already authenticated (and one made after `auth.logout` is not).
 */
export class CookieJar {
  #cookies = new Map<string, string>();
  /** Every Set-Cookie header the API sent during this request, in order. */
  readonly setCookies: string[] = [];

  constructor(header: string | null) {
    for (const part of (header ?? '').split(';')) {
      const index = part.indexOf('=');
      if (index <= 0) continue;
      this.#cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
    }
  }

  has(name: string): boolean {
    return this.#cookies.has(name);
  }

  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  record(setCookie: string): void {
    this.setCookies.push(setCookie);
    const [pair = '', ...attributes] = setCookie.split(';');
    const index = pair.indexOf('=');
    if (index <= 0) return;
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === '';
    if (expired) this.#cookies.delete(name);
    else this.#cookies.set(name, value);
  }
}

export interface ApiClientOptions {
  jar: CookieJar;
  clientAddress: string;
  requestId: string;
  userAgent: string | null;
  /** Defaults to the global fetch (tests pass their own). */
  fetch?: typeof fetch;
}

/** A tRPC client that talks to the API on behalf of the browser that made this request. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? fetch;
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${API_INTERNAL_URL}/api/trpc`,
        headers: () => {
          const headers: Record<string, string> = {
            origin: PUBLIC_ORIGIN,
            'x-forwarded-for': options.clientAddress,
            'x-request-id': options.requestId,
          };
          const cookie = options.jar.header();
          if (cookie) headers.cookie = cookie;
          if (options.userAgent) headers['user-agent'] = options.userAgent;
          return headers;
        },
        fetch: async (input, init) => {
          const response = await doFetch(input as RequestInfo, init as RequestInit);
          for (const cookie of response.headers.getSetCookie()) options.jar.record(cookie);
          return response;
        },
      }),
    ],
  });
}
