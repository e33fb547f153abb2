import { json } from '@sveltejs/kit';
import { apiError } from '#lib/server/forms.ts';
import type { RequestHandler } from './$types';

/**
 * Suggestions of the commune combobox: `GET /annuaire/communes?q=lun` →
 * `[{code, nom, codesPostaux, departement}]` (at most 10). Signed-in people only.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  if (!locals.me || locals.me.stage !== 'full') {
    return json({ message: 'Votre session a expiré. Connectez-vous à nouveau.' }, { status: 401 });
  }
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 80);
  if (q.length === 0) return json([]);
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 8, 1), 20);
  try {
    const communes = await locals.api.directory.communes.search.query({ q, limit });
    return json(
      communes.map((c) => ({ code: c.code, nom: c.nom, codesPostaux: c.codesPostaux, departement: c.departement })),
      { headers: { 'cache-control': 'private, max-age=300' } },
    );
  } catch (err) {
    const info = apiError(err);
    return json({ message: info.message }, { status: info.httpStatus >= 400 ? info.httpStatus : 500 });
  }
};
