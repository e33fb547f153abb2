import type { SubmitFunction } from '$app/forms';
import type { FieldError } from '#lib/components/types.ts';

/** A failed form as the page receives it (see `#lib/server/forms.ts`). */
export interface FormResult {
  kind?: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string;
}

/**
 * The ErrorSummary content for a form: field errors in the order of `fields` (`[key, inputId]`),
 * errors on unknown keys and the form-level message as form errors.
 */
export function errorSummary(
  result: FormResult | null | undefined,
  fields: readonly (readonly [key: string, id: string])[],
): { errors: FieldError[]; formErrors: string[] } {
  const errors: FieldError[] = [];
  const formErrors: string[] = [];
  if (!result) return { errors, formErrors };
  const known = new Set(fields.map(([key]) => key));
  for (const [key, id] of fields) {
    const message = result.errors?.[key];
    if (message) errors.push({ fieldId: id, message });
  }
  for (const [key, message] of Object.entries(result.errors ?? {})) {
    if (!known.has(key)) formErrors.push(message);
  }
  if (result.message) formErrors.unshift(result.message);
  return { errors, formErrors };
}

/** True when `result` has anything to show. */
export function hasErrors(result: FormResult | null | undefined): boolean {
  return !!result && (!!result.message || Object.keys(result.errors ?? {}).length > 0);
}

/** `<title>` of a page, prefixed with "Erreur : " after a failed submission (RGAA). */
export function pageTitle(title: string, failed = false): string {
  return `${failed ? 'Erreur : ' : ''}${title} — Ensemblier`;
}

/**
 * `use:enhance` for our forms: reports the submission as busy (the button shows it, never a
 * frozen page) and keeps what was typed when the server answers with errors.
 */
export const busyEnhance =
  (setBusy: (busy: boolean) => void): SubmitFunction =>
  () => {
    setBusy(true);
    return async ({ update }) => {
      await update({ reset: false });
      setBusy(false);
    };
  };
