import { error, redirect } from '@sveltejs/kit';
import { can, type ConsentKind } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';

const NOT_FOUND = 'Cette personne n’existe pas ou vous n’avez pas accès à son dossier.';

/**
 * « Droits de la personne »: the person's rights in plain French, the notice to print, the
 * consent register in short, and for the CCAS coordinators the right-of-access export
 * (persons.rights.overview: one audited read of the file).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'referral.use')) error(404, NOT_FOUND);
  let result;
  try {
    result = await locals.api.persons.rights.overview.query({ personId: params.id });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST' || info.code === 'FORBIDDEN') error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  return {
    person: result.person,
    consents: {
      counts: result.consents.counts as Record<ConsentKind, number>,
      total: result.consents.total,
      latest: result.consents.latest.map((e, i) => ({
        key: `${i}`,
        kind: e.kind as ConsentKind,
        occurredOn: e.occurredOn,
        allOrganisations: e.allOrganisations,
        organisations: e.organisations,
        recordedByOrganisation: e.recordedByOrganisation,
      })),
    },
    canExport: result.canExport,
    canSeeConsultations: result.canSeeConsultations,
  };
};
