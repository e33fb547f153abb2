import { error, redirect } from '@sveltejs/kit';
import { communeLabel } from '#lib/directory/zone.ts';
import {
  communeProblem,
  communesByCode,
  directoryFormFailure,
  loadFailure,
  resolveCommune,
} from '#lib/directory/lookup.server.ts';
import { formatPhone } from '#lib/format.ts';
import { formError, readForm } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const PROFILE_FIELDS = [
  'description',
  'adresse',
  'complementAdresse',
  'codePostal',
  'communeInsee',
  'phone',
  'email',
  'siteWeb',
  'horairesAccueil',
  'siret',
  'finess',
  'reseauxPorteurs',
] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  let org;
  try {
    org = await locals.api.directory.organisation.get.query({ id: params.id });
  } catch (err) {
    loadFailure(err, url, 'Cette structure n’existe pas ou n’est plus dans l’annuaire.');
  }
  if (!org.permissions.updateProfile) error(403, 'Seuls les responsables de la structure peuvent modifier son profil.');
  const commune = org.communeInsee
    ? (await communesByCode(locals.api, [org.communeInsee])).get(org.communeInsee)
    : null;
  return {
    organisation: { id: org.id, name: org.name, version: org.version },
    commune: commune ? { code: commune.code, nom: commune.nom, codesPostaux: commune.codesPostaux ?? [] } : null,
    values: {
      description: org.description ?? '',
      adresse: org.adresse ?? '',
      complementAdresse: org.complementAdresse ?? '',
      codePostal: org.codePostal ?? '',
      communeInsee: commune ? communeLabel(commune) : (org.communeInsee ?? ''),
      phone: formatPhone(org.phone),
      email: org.email ?? '',
      siteWeb: org.siteWeb ?? '',
      horairesAccueil: org.horairesAccueil ?? '',
      siret: org.siret ?? '',
      finess: org.finess ?? '',
      reseauxPorteurs: org.reseauxPorteurs.join('\n'),
    } as Record<string, string>,
  };
};

export const actions: Actions = {
  default: async ({ locals, request, params, url }) => {
    const { data, values } = await readForm(request, PROFILE_FIELDS);
    const reseaux = data.getAll('reseauxPorteurs').filter((v): v is string => typeof v === 'string');
    values.reseauxPorteurs = reseaux.join('\n');
    const version = Number(data.get('version'));
    const resolution = await resolveCommune(locals.api, values.communeInsee ?? '');
    const problem = communeProblem(resolution);
    if (problem) return formError(400, values, { communeInsee: problem });
    if (resolution.kind === 'found') values.communeInsee = communeLabel(resolution.commune);
    try {
      await locals.api.directory.organisation.updateProfile.mutate({
        id: params.id,
        version,
        description: values.description,
        adresse: values.adresse,
        complementAdresse: values.complementAdresse,
        codePostal: values.codePostal,
        communeInsee: resolution.kind === 'found' ? resolution.commune.code : null,
        phone: values.phone,
        email: values.email,
        siteWeb: values.siteWeb,
        horairesAccueil: values.horairesAccueil,
        siret: values.siret,
        finess: values.finess,
        reseauxPorteurs: reseaux,
      });
    } catch (err) {
      return directoryFormFailure(err, values, { fields: PROFILE_FIELDS, url });
    }
    redirect(303, `/annuaire/structures/${params.id}?fait=profil`);
  },
};
