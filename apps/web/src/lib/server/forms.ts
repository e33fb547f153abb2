import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { TRPCClientError } from '@trpc/client';
import type { ErrorData } from '@ensemblier/api';

/** What an action sends back to its page when it fails: typed values, field errors, a form-level message. */
export interface FormState {
  /** Which form of the page failed (pages with several forms). */
  kind?: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
}

export const UNAVAILABLE_MESSAGE =
  'Le service est momentanément indisponible. Réessayez dans un instant ; si cela persiste, contactez votre administrateur.';

export interface ApiErrorInfo {
  /** The tRPC code (`BAD_REQUEST`, `UNAUTHORIZED`…), or `UNAVAILABLE` when the API did not answer. */
  code: string;
  httpStatus: number;
  /** Already in French, safe to show. */
  message: string;
  fieldErrors: Record<string, string>;
  requestId?: string;
}

/** Reads an API error; anything that is not one (a redirect, a bug) is thrown again. */
export function apiError(error: unknown): ApiErrorInfo {
  if (!(error instanceof TRPCClientError)) throw error;
  const data = (error as TRPCClientError<never>).data as ErrorData | undefined | null;
  if (!data?.code) {
    return { code: 'UNAVAILABLE', httpStatus: 503, message: UNAVAILABLE_MESSAGE, fieldErrors: {} };
  }
  return {
    code: data.code,
    httpStatus: data.httpStatus,
    message: error.message,
    fieldErrors: data.fieldErrors ?? {},
    requestId: data.requestId,
  };
}

export function isApiError(error: unknown, code?: string): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  if (!code) return true;
  return ((error as TRPCClientError<never>).data as ErrorData | undefined)?.code === code;
}

/** The page to log in again from, coming back to `url` afterwards. */
export function loginUrl(url: URL): string {
  return `/connexion?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
}

/** Collects the named fields of a submitted form (as typed; passwords are never sent back). */
export async function readForm(
  request: Request,
  names: readonly string[],
): Promise<{ data: FormData; values: Record<string, string> }> {
  const data = await request.formData();
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = data.get(name);
    values[name] = typeof value === 'string' ? value : '';
  }
  return { data, values };
}

interface FailureOptions {
  kind?: string;
  /** Fields the form shows; a field error on any other key becomes a form-level message. */
  fields?: readonly string[];
  /** Renames API field keys to form field names, e.g. `{ id: 'form' }`. */
  fieldMap?: Record<string, string>;
  /** When given, an expired session (UNAUTHORIZED) sends the person to the login page. */
  url?: URL;
  /** Values never sent back to the page (passwords). */
  omit?: readonly string[];
}

/** Turns an API error into `fail(status, FormState)`, keeping what was typed. */
export function formFailure(
  error: unknown,
  values: Record<string, string>,
  options: FailureOptions = {},
): ActionFailure<FormState> {
  const info = apiError(error);
  if (info.code === 'UNAUTHORIZED' && options.url) redirect(303, loginUrl(options.url));
  const errors: Record<string, string> = {};
  const extra: string[] = [];
  for (const [key, message] of Object.entries(info.fieldErrors)) {
    const name = options.fieldMap?.[key] ?? key;
    if (!options.fields || options.fields.includes(name)) errors[name] ??= message;
    else extra.push(message);
  }
  const hasFieldErrors = Object.keys(errors).length > 0;
  const message = extra.length > 0 ? extra.join(' ') : hasFieldErrors ? undefined : info.message;
  return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
    kind: options.kind,
    values: keepValues(values, options.omit),
    errors,
    message,
  });
}

/** A failure built by the web itself (e.g. a check before calling the API). */
export function formError(
  status: number,
  values: Record<string, string>,
  errors: Record<string, string>,
  options: { kind?: string; message?: string; omit?: readonly string[] } = {},
): ActionFailure<FormState> {
  return fail(status, {
    kind: options.kind,
    values: keepValues(values, options.omit),
    errors,
    message: options.message,
  });
}

function keepValues(values: Record<string, string>, omit: readonly string[] = []) {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (!omit.includes(key)) kept[key] = value;
  return kept;
}
