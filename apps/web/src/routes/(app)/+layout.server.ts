import { redirect } from '@sveltejs/kit';
import { isRole, navigationFor } from '@ensemblier/shared';
import { loginUrl } from '#lib/server/forms.ts';
import { stageRedirect } from '#lib/server/guards.ts';
import type { LayoutServerLoad } from './$types';

/** Pages a session still enrolling its second factor may open. */
const ENROLMENT_PAGES = new Set(['/compte/securite']);

/** Every page of the application needs a signed-in person with a complete session. */
export const load: LayoutServerLoad = ({ locals, url }) => {
  const me = locals.me;
  if (!me || !me.activeMembership) redirect(303, loginUrl(url));
  const enrolling = me.stage === 'enrolment' && ENROLMENT_PAGES.has(url.pathname);
  if (me.stage !== 'full' && !enrolling) redirect(303, stageRedirect(me, url.pathname + url.search));
  const role = me.activeMembership.role;
  return {
    me,
    nav:
      me.stage === 'full' && isRole(role)
        ? navigationFor(role).map((entry) => ({ key: entry.key, href: entry.href, label: entry.label }))
        : [],
  };
};
