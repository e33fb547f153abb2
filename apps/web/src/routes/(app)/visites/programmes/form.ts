import { RECURRENCES, type Recurrence } from '@ensemblier/shared';

/** The programme form's fields, as typed (checkbox values joined by « , » so a failure can send them back). */
export const PROGRAMME_FIELDS = ['personId', 'visitorUserIds', 'recurrence', 'startsOn', 'status', 'version'] as const;

export function programmeFormValues(data: FormData): Record<string, string> {
  const text = (k: string) => (typeof data.get(k) === 'string' ? String(data.get(k)).trim() : '');
  return {
    personId: text('personId'),
    visitorUserIds: data
      .getAll('visitorUserIds')
      .map(String)
      .filter((v) => v !== '')
      .join(','),
    recurrence: text('recurrence'),
    startsOn: text('startsOn'),
    status: text('status'),
    version: text('version'),
  };
}

export const visitorIdsOf = (values: Record<string, string>) =>
  (values.visitorUserIds ?? '').split(',').filter((v) => v !== '');

/** An unknown recurrence is sent as typed: the API answers with the French field error. */
export const recurrenceOf = (values: Record<string, string>) => (values.recurrence ?? '') as Recurrence;

export const isRecurrence = (v: string): v is Recurrence => (RECURRENCES as readonly string[]).includes(v);

/** API field keys → the form's (zod paths such as `visitorUserIds.0` go to the group). */
export function programmeErrors(fieldErrors: Record<string, string>): {
  errors: Record<string, string>;
  extra: string[];
} {
  const errors: Record<string, string> = {};
  const extra: string[] = [];
  for (const [key, message] of Object.entries(fieldErrors)) {
    const field = key.split('.')[0]!;
    if ((PROGRAMME_FIELDS as readonly string[]).includes(field)) errors[field] ??= message;
    else extra.push(message);
  }
  return { errors, extra };
}
