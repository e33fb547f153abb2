import { loadReferralList } from '#lib/components/referrals/list.server.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => loadReferralList(locals, url, 'envoyees');
