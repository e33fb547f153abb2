import { router } from '../trpc/init.ts';
import { routingSuggestions } from './suggestions.ts';

/** Referrals (orientations): create, lists, the referral page, transitions, thread, attachments. */
export const referralsRouter = router({
  suggestions: routingSuggestions,
});
