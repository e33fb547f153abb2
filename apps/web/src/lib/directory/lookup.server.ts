// Server-side helpers of the directory pages (commune look-ups, form failures).
import { error, fail, redirect, type ActionFailure } from '@sveltejs/kit';
import type { ApiClient } from '#lib/server/api.ts';
import { apiError, loginUrl, type FormState } from '#lib/server/forms.ts';
import { communeLabel, INSEE_RE, readCommuneText, searchable, type CommuneSummary } from './zone.ts';

export type CommuneResolution =
  | { kind: 'empty' }
  | { kind: 'found'; commune: CommuneSummary }
  | { kind: 'ambiguous'; text: string; candidates: CommuneSummary[] }
  /** Nothing by that name, but close names exist ("Vouliez-vous dire…"). */
  | { kind: 'suggest'; text: string; candidates: CommuneSummary[] }
  | { kind: 'unknown'; text: string };

/** Communes by INSEE code (unknown or invalid codes are left out). */
export async function communesByCode(api: ApiClient, codes: readonly string[]): Promise<Map<string, CommuneSummary>> {
  const valid = [...new Set(codes.filter((c) => INSEE_RE.test(c)))];
  if (valid.length === 0) return new Map();
  try {
    const rows = await api.directory.communes.get.query({ codes: valid.slice(0, 500) });
    return new Map(rows.map((c) => [c.code, c]));
  } catch (err) {
    apiError(err);
    return new Map();
  }
}

/** code → name, for zone labels. */
export async function communeNames(api: ApiClient, codes: readonly string[]): Promise<Map<string, string>> {
  const communes = await communesByCode(api, codes);
  return new Map([...communes].map(([code, c]) => [code, c.nom]));
}

/**
 * What a commune field holds, resolved: an INSEE code (from the autocomplete or typed), a
 * postcode, a name, or "Lunel (34400)" as the field displays a choice. A name matching
 * several communes is ambiguous (the page lists them).
 */
export async function resolveCommune(api: ApiClient, raw: string): Promise<CommuneResolution> {
  const read = readCommuneText(raw);
  if (read.kind === 'empty') return { kind: 'empty' };
  const text = raw.trim();
  const codeCandidate = read.kind === 'code' ? read.code : read.name === '' ? read.postcode : null;
  if (codeCandidate && INSEE_RE.test(codeCandidate)) {
    const found = (await communesByCode(api, [codeCandidate])).get(codeCandidate);
    if (found) return { kind: 'found', commune: found };
    if (read.kind === 'code') return { kind: 'unknown', text };
  }
  if (read.kind !== 'text') return { kind: 'unknown', text };
  let candidates: CommuneSummary[];
  try {
    candidates = await api.directory.communes.search.query({
      q: (read.name || read.postcode || text).slice(0, 80),
      limit: 10,
    });
  } catch (err) {
    apiError(err);
    return { kind: 'unknown', text };
  }
  if (read.postcode) candidates = candidates.filter((c) => (c.codesPostaux ?? []).includes(read.postcode!));
  if (candidates.length === 0) return { kind: 'unknown', text };
  if (read.name) {
    // An exact name, else the start of a name ("marsill"); a fuzzy match is only a suggestion.
    const wanted = searchable(read.name);
    const exact = candidates.filter((c) => searchable(c.nom) === wanted);
    if (exact.length === 1) return { kind: 'found', commune: exact[0]! };
    if (exact.length > 1) return { kind: 'ambiguous', text, candidates: exact };
    const prefix = candidates.filter((c) => searchable(c.nom).startsWith(wanted));
    if (prefix.length === 1) return { kind: 'found', commune: prefix[0]! };
    if (prefix.length > 1) return { kind: 'ambiguous', text, candidates: prefix };
    return { kind: 'suggest', text, candidates };
  }
  if (candidates.length === 1) return { kind: 'found', commune: candidates[0]! };
  return { kind: 'ambiguous', text, candidates };
}

/** The message for a commune field that could not be read. */
export function communeProblem(resolution: CommuneResolution): string | null {
  if (resolution.kind === 'unknown') {
    return `Aucune commune ne correspond à « ${resolution.text} ». Vérifiez l’orthographe ou saisissez le code postal.`;
  }
  if (resolution.kind === 'ambiguous') {
    const names = resolution.candidates.slice(0, 5).map(communeLabel).join(', ');
    return `Plusieurs communes correspondent à « ${resolution.text} » : ${names}. Précisez le code postal, par exemple « ${communeLabel(resolution.candidates[0]!)} ».`;
  }
  if (resolution.kind === 'suggest') {
    const names = resolution.candidates.slice(0, 5).map(communeLabel).join(', ');
    return `Aucune commune ne s’appelle « ${resolution.text} ». Vouliez-vous dire : ${names} ?`;
  }
  return null;
}

/** Resolves several commune names (a zone typed without JavaScript). */
export async function resolveCommuneNames(
  api: ApiClient,
  names: readonly string[],
): Promise<{ codes: string[]; problems: string[]; unresolved: string[] }> {
  const codes: string[] = [];
  const problems: string[] = [];
  const unresolved: string[] = [];
  for (const name of names.slice(0, 50)) {
    const resolution = await resolveCommune(api, name);
    if (resolution.kind === 'found') codes.push(resolution.commune.code);
    else if (resolution.kind !== 'empty') {
      unresolved.push(name);
      problems.push(communeProblem(resolution)!);
    }
  }
  return { codes, problems, unresolved };
}

/** Page load errors: an expired session logs in again; a missing record is a 404 in French. */
export function loadFailure(err: unknown, url: URL, notFoundMessage: string): never {
  const info = apiError(err);
  if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
  if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') error(404, notFoundMessage);
  if (info.code === 'FORBIDDEN') error(403, info.message);
  error(info.httpStatus >= 400 && info.httpStatus < 600 ? info.httpStatus : 500, info.message);
}

/**
 * Like `formFailure`, for forms with list fields: an API error on `thematiques.2` is shown on
 * `thematiques`. Keeps what was typed.
 */
export function directoryFormFailure(
  err: unknown,
  values: Record<string, string>,
  options: { kind?: string; fields: readonly string[]; url: URL; extraErrors?: Record<string, string> },
): ActionFailure<FormState> {
  const info = apiError(err);
  if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(options.url));
  const errors: Record<string, string> = { ...options.extraErrors };
  const extra: string[] = [];
  for (const [key, message] of Object.entries(info.fieldErrors)) {
    const name = key.split('.')[0]!;
    if (options.fields.includes(name)) errors[name] ??= message;
    else extra.push(message);
  }
  const hasFieldErrors = Object.keys(errors).length > 0;
  const message = extra.length > 0 ? extra.join(' ') : hasFieldErrors ? undefined : info.message;
  return fail(info.httpStatus >= 400 ? info.httpStatus : 400, { kind: options.kind, values, errors, message });
}
