import { router } from '../trpc/init.ts';
import { recordConsent } from './procedures/consent.ts';
import { createPerson } from './procedures/create.ts';
import { getPerson } from './procedures/get.ts';
import { checkDuplicates, searchPersons } from './procedures/search.ts';

/** Persons (bénéficiaires): minimal file, duplicate check, information/consent/objection events. */
export const personsRouter = router({
  search: searchPersons,
  checkDuplicates,
  create: createPerson,
  get: getPerson,
  recordConsent,
});
