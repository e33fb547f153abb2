import { redirect } from '@sveltejs/kit';
import type { ApiClient } from '#lib/server/api.ts';

/**
 * An old link to a file merged into another (/personnes/<merged id>): leads to the kept file when
 * the user sees it (persons.duplicates.mergedInto); otherwise returns and the page answers 404.
 */
export async function redirectIfMerged(api: ApiClient, personId: string): Promise<void> {
  let target: string;
  try {
    target = (await api.persons.duplicates.mergedInto.query({ personId })).personId;
  } catch {
    return;
  }
  redirect(303, `/personnes/${target}?fait=fusionne`);
}
