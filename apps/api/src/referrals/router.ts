import { router } from '../trpc/init.ts';
import { createReferral } from './procedures/create.ts';
import { getReferral } from './procedures/get.ts';
import { listReferrals, referralCounts } from './procedures/list.ts';
import { routingSuggestions } from './suggestions.ts';

/** Referrals (orientations): create, lists, the referral page, transitions, thread, attachments. */
export const referralsRouter = router({
  create: createReferral,
  list: listReferrals,
  counts: referralCounts,
  get: getReferral,
  suggestions: routingSuggestions,
});
