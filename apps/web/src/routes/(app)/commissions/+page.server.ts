import { error, redirect } from '@sveltejs/kit';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';

/** « Commissions »: the commission types the user may see, and where to go next. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  try {
    const types = await locals.api.commissions.config.list.query({ includeArchived: true });
    return {
      types: types.items,
      canConfigure: types.canConfigure,
      instructs: ['coordinator', 'partner_manager', 'partner_worker'].includes(me.activeMembership.role),
      notice: url.searchParams.get('fait') === 'creee' ? 'La commission a été créée.' : null,
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(403, 'Les commissions sont réservées aux coordinateurs et à leurs membres.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};
