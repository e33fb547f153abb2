import { redirect } from '@sveltejs/kit';
import { safeTarget } from '#lib/components/notifications/shell.ts';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import type { RequestHandler } from './$types';

/**
 * Opening a notification: marks it read, then goes to its object (`?vers=`, a same-site path
 * only; the notification list otherwise). A plain link works without JavaScript and from a
 * new tab. Marking read is idempotent and only touches the user's own notifications, so a
 * failure (an unknown id, the API unavailable) never stops the person from reaching the page.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  if (!locals.me) redirect(303, loginUrl(url));
  const target = safeTarget(url.searchParams.get('vers')) ?? '/notifications';
  try {
    await locals.api.notifications.markRead.mutate({ ids: [params.id], all: false });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
  }
  redirect(303, target);
};
