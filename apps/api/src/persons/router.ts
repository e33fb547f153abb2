import { router } from '../trpc/init.ts';

/** Persons (bénéficiaires): minimal file, duplicate check, information/consent/objection events. */
export const personsRouter = router({});
