import { router } from '../trpc/init.ts';
import { addAttachments, downloadAttachment } from './procedures/attachments.ts';
import { createReferral } from './procedures/create.ts';
import { getReferral } from './procedures/get.ts';
import { listReferrals, referralCounts } from './procedures/list.ts';
import { postMessage } from './procedures/messages.ts';
import { transitionTask } from './procedures/transition.ts';
import { routingSuggestions } from './suggestions.ts';

/** Referrals (orientations): create, lists, the referral page, transitions, thread, attachments. */
export const referralsRouter = router({
  create: createReferral,
  list: listReferrals,
  counts: referralCounts,
  get: getReferral,
  transition: transitionTask,
  postMessage,
  addAttachments,
  downloadAttachment,
  suggestions: routingSuggestions,
});
