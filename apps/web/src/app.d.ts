// See https://svelte.dev/docs/kit/types#app.d.ts
// for information about these interfaces.
import type { ApiClient, Me } from '#lib/server/api.ts';

declare global {
  namespace App {
    /** Shape of `error()` payloads: a French, user-facing message; never a code or an id. */
    interface Error {
      message: string;
      /** Optional correlation reference the user can quote to support. */
      reference?: string;
    }
    interface Locals {
      /** tRPC client to the API, acting with the browser's session cookie. */
      api: ApiClient;
      /** The signed-in person (any session stage), or null. */
      me: Me | null;
      /** Correlates web and API logs. */
      requestId: string;
    }
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
