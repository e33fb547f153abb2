import { redirect } from '@sveltejs/kit';
import { can, isRole, navigationFor, type Role } from '@ensemblier/shared';
import { referralsWaiting } from '#lib/components/notifications/shell.ts';
import type { ApiClient } from '#lib/server/api.ts';
import { loginUrl } from '#lib/server/forms.ts';
import { actorOf, stageRedirect, type FullMe } from '#lib/server/guards.ts';
import type { LayoutServerLoad } from './$types';

/** Pages a session still enrolling its second factor may open. */
const ENROLMENT_PAGES = new Set(['/compte/securite']);

/** A counter of the shell must never break a page: an API failure just hides it. */
async function quietly<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch {
    return null;
  }
}

/** Roles whose menu has « Visites » only when they are given visits or campaign calls. */
const VISITOR_BY_ASSIGNMENT = new Set(['partner_manager', 'partner_worker']);

async function shellCounters(api: ApiClient, me: FullMe) {
  const usesReferrals = can(actorOf(me), 'referral.use');
  const [unread, referrals, tasks, assigned] = await Promise.all([
    quietly(async () => (await api.notifications.unreadCount.query()).count),
    usesReferrals ? quietly(() => api.referrals.counts.query()) : Promise.resolve(null),
    usesReferrals ? quietly(async () => (await api.tasks.openCount.query()).count) : Promise.resolve(null),
    VISITOR_BY_ASSIGNMENT.has(me.activeMembership.role)
      ? quietly(() => api.visits.assigned.query())
      : Promise.resolve(null),
  ]);
  return {
    /** A CCAS agent with a partner role who is given visits or calls sees « Visites ». */
    visitor: assigned !== null && assigned.programmes + assigned.campaigns > 0,
    unreadNotifications: unread ?? 0,
    referralsWaiting: referrals ? referralsWaiting({ recues: referrals.recues, aRouter: referrals.aRouter }) : 0,
    /** The user's open tasks (« Mes tâches »). */
    openTasks: tasks ?? 0,
  };
}

/** Every page of the application needs a signed-in person with a complete session. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
  const me = locals.me;
  if (!me || !me.activeMembership) redirect(303, loginUrl(url));
  const enrolling = me.stage === 'enrolment' && ENROLMENT_PAGES.has(url.pathname);
  if (me.stage !== 'full' && !enrolling) redirect(303, stageRedirect(me, url.pathname + url.search));
  const role = me.activeMembership.role;
  const full = me.stage === 'full' && isRole(role);
  const counters = full
    ? await shellCounters(locals.api, me as FullMe)
    : { unreadNotifications: 0, referralsWaiting: 0, openTasks: 0, visitor: false };
  return {
    me,
    nav: full
      ? navigationFor(role as Role, { visitor: counters.visitor }).map((entry) => ({
          key: entry.key,
          href: entry.href,
          label: entry.label,
          count: entry.key === 'referrals' ? counters.referralsWaiting : entry.key === 'tasks' ? counters.openTasks : 0,
        }))
      : [],
    unreadNotifications: counters.unreadNotifications,
    /** The bell shows only once the session is complete (not while enrolling a second factor). */
    bell: full,
  };
};
