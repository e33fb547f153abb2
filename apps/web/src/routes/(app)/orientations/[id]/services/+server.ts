import { json } from '@sveltejs/kit';
import { apiError } from '#lib/server/forms.ts';
import type { RequestHandler } from './$types';

/**
 * The directory search of the réorientation dialog: `GET /orientations/<id>/services?q=portage`
 * → `{ items: [{ id, nom, organisationName }] }`, active services that accept referrals (10 at
 * most). The réorientation itself is checked by the API (coordinator, target accepting).
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  if (!locals.me || locals.me.stage !== 'full') {
    return json({ message: 'Votre session a expiré. Connectez-vous à nouveau.' }, { status: 401 });
  }
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  if (q.length === 0) return json({ items: [] });
  try {
    const found = await locals.api.directory.search.query({ q, acceptsReferrals: true, page: 1, pageSize: 10 });
    return json(
      { items: found.items.map((s) => ({ id: s.id, nom: s.nom, organisationName: s.organisation.name })) },
      { headers: { 'cache-control': 'private, no-store' } },
    );
  } catch (err) {
    const info = apiError(err);
    return json({ message: info.message }, { status: info.httpStatus >= 400 ? info.httpStatus : 500 });
  }
};
