import { routingSuggestionsInput } from '@ensemblier/shared';
import { authedProcedure } from '../trpc/init.ts';

/**
 * Routing help for the CCAS: services ranked for a referral "à router".
 * PLACEHOLDER: being written (ranking by thématique, zone, public, capacity, partner record).
 */
export const routingSuggestions = authedProcedure.input(routingSuggestionsInput).query(() => {
  return [] as never[];
});
