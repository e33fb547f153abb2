import { router } from '../trpc/init.ts';

/** Referrals (orientations): create, lists, the referral page, transitions, thread, attachments. */
export const referralsRouter = router({});
