import { error } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { apiError } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { RequestHandler } from './$types';

/**
 * Downloads of the network (admin and coordinator): the API's export procedures, run with the
 * person's session like any page load, returned as a file.
 */

type Export = { type: string; body: (api: App.Locals['api']) => Promise<string> };

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const FILES: Record<string, Export> = {
  'data-inclusion.json': {
    type: 'application/json; charset=utf-8',
    body: async (api) => json(await api.directory.interop.exportDataInclusion.query()),
  },
  'data-inclusion-structures.csv': {
    type: 'text/csv; charset=utf-8',
    body: async (api) => (await api.directory.interop.exportDataInclusionCsv.query()).structures,
  },
  'data-inclusion-services.csv': {
    type: 'text/csv; charset=utf-8',
    body: async (api) => (await api.directory.interop.exportDataInclusionCsv.query()).services,
  },
  'hsds.json': {
    type: 'application/json; charset=utf-8',
    body: async (api) => json(await api.directory.interop.exportHsds.query()),
  },
};

export const GET: RequestHandler = async ({ locals, params, url }) => {
  const me = requireFull(locals, url);
  const file = FILES[params.fichier];
  if (!file) error(404, 'Ce fichier d’export n’existe pas.');
  if (!can(actorOf(me), 'directory.export'))
    error(403, 'L’export de l’annuaire est réservé aux administrateurs et aux coordinateurs.');
  let body: string;
  try {
    body = await file.body(locals.api);
  } catch (err) {
    const info = apiError(err);
    error(info.httpStatus >= 400 ? info.httpStatus : 500, info.message);
  }
  const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  return new Response(body, {
    headers: {
      'content-type': file.type,
      'content-disposition': `attachment; filename="annuaire-${day}-${params.fichier}"`,
      'cache-control': 'no-store',
    },
  });
};
