import { communeNames, loadFailure } from '#lib/directory/lookup.server.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';
import { openingHoursLines } from '@ensemblier/shared/directory/opening-hours';

const DONE: Record<string, string> = {
  profil: 'Le profil de la structure a été enregistré.',
  archive: 'Le service a été archivé : il n’apparaît plus dans l’annuaire.',
};

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  let org;
  try {
    org = await locals.api.directory.organisation.get.query({ id: params.id });
  } catch (err) {
    loadFailure(err, url, 'Cette structure n’existe pas ou n’est plus dans l’annuaire.');
  }
  const names = await communeNames(locals.api, org.communeInsee ? [org.communeInsee] : []);
  const done = url.searchParams.get('fait');
  return {
    openingHours: openingHoursLines(org.horairesAccueil),
    organisation: {
      id: org.id,
      name: org.name,
      type: org.type,
      status: org.status,
      email: org.email,
      phone: org.phone,
      communeInsee: org.communeInsee,
      communeName: org.communeInsee ? (names.get(org.communeInsee) ?? null) : null,
      siret: org.siret,
      finess: org.finess,
      adresse: org.adresse,
      complementAdresse: org.complementAdresse,
      codePostal: org.codePostal,
      siteWeb: org.siteWeb,
      horairesAccueil: org.horairesAccueil,
      description: org.description,
      reseauxPorteurs: org.reseauxPorteurs,
      updatedAt: org.updatedAt as unknown as string,
    },
    services: org.services.map((s) => ({
      id: s.id,
      nom: s.nom,
      description: null,
      organisation: { id: org.id, name: org.name },
      thematiques: s.thematiques,
      acceptsReferrals: s.acceptsReferrals,
      capacity: { status: s.capacity.status, delayDays: s.capacity.delayDays },
      dateMaj: s.dateMaj as unknown as string,
      stale: s.stale,
    })),
    permissions: org.permissions,
    done: done ? (DONE[done] ?? null) : null,
  };
};
