/** A field → first message map, for forms (the key '' holds form-level messages). */
export type FieldErrors = Record<string, string>;

export function fieldErrors(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= issue.message;
  }
  return out;
}

/** French messages for the error codes the API returns (never shown: the codes). */
export const ERROR_MESSAGES = {
  UNAUTHORIZED: 'Votre session a expiré. Connectez-vous à nouveau.',
  FORBIDDEN: 'Vous n’avez pas les droits pour faire cette action.',
  NOT_FOUND: 'Cet élément n’existe pas ou vous n’y avez pas accès.',
  CONFLICT: 'Quelqu’un a modifié cet élément en même temps que vous. Rechargez la page et recommencez.',
  TOO_MANY_REQUESTS: 'Trop de tentatives. Patientez quelques minutes avant de réessayer.',
  BAD_REQUEST: 'Certaines informations sont à corriger.',
  INTERNAL_SERVER_ERROR:
    'Une erreur inattendue est survenue. Réessayez dans un instant ; si elle persiste, contactez votre administrateur.',
} as const;

/** A validation failure, however it was wrapped (zod 4 errors are not Error instances). */
export function validationIssues(cause: unknown): { issues: { path: PropertyKey[]; message: string }[] } | null {
  const issues = (cause as { issues?: unknown } | null | undefined)?.issues;
  return Array.isArray(issues) ? { issues: issues as { path: PropertyKey[]; message: string }[] } : null;
}
