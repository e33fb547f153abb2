import type { OrganisationType } from '@ensemblier/shared';

export const ORGANISATION_FIELDS = ['name', 'type', 'email', 'phone', 'communeInsee'] as const;

/** The API input for an organisation from a submitted form (the API validates it). */
export function organisationInput(values: Record<string, string>) {
  return {
    name: values.name ?? '',
    type: (values.type ?? '') as OrganisationType,
    email: values.email ?? '',
    phone: values.phone ?? '',
    communeInsee: values.communeInsee ?? '',
  };
}

/** Field → input id, in the order of the form (for the ErrorSummary). */
export function organisationFieldIds(prefix: string): [string, string][] {
  return ORGANISATION_FIELDS.map((field) => [field, `${prefix}-${field}`]);
}
