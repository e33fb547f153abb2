import { json } from '@sveltejs/kit';
import { apiError } from '#lib/server/forms.ts';
import type { RequestHandler } from './$types';

const NO_STORE = { 'cache-control': 'no-store' };

/** The latest notifications, for the bell's panel (fetched when it opens). */
export const GET: RequestHandler = async ({ locals }) => {
  if (!locals.me || locals.me.stage !== 'full') {
    return json({ message: 'Votre session a expiré. Reconnectez-vous.' }, { status: 401, headers: NO_STORE });
  }
  try {
    const result = await locals.api.notifications.list.query({ unreadOnly: false, page: 1, pageSize: 5 });
    return json(
      {
        items: result.items.map((n) => ({
          id: n.id,
          title: n.title,
          link: n.link ?? null,
          createdAt: n.createdAt as unknown as string,
          readAt: (n.readAt as unknown as string | null) ?? null,
        })),
        unread: result.unread,
      },
      { headers: NO_STORE },
    );
  } catch (err) {
    const info = apiError(err);
    return json(
      { message: info.message },
      { status: info.httpStatus >= 400 ? info.httpStatus : 500, headers: NO_STORE },
    );
  }
};
