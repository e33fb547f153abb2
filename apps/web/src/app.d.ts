// See https://svelte.dev/docs/kit/types#app.d.ts
// for information about these interfaces.
declare global {
	namespace App {
		/** Shape of `error()` payloads: a French, user-facing message; never a code or an id. */
		interface Error {
			message: string;
			/** Optional correlation reference the user can quote to support. */
			reference?: string;
		}
		// interface Locals {} — filled by the auth/session engineer (hooks.server.ts).
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
