import { error } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { formError, formFailure } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Import of a data·inclusion export and exports of the network. The file is read here (form
 * action, multipart) and its text is sent to `directory.interop.importDataInclusion`, which parses
 * it: "not JSON" and every other file-level refusal come back as a field error on `content`,
 * shown next to the file input. Uploads above 512 KB need the web process started with
 * BODY_SIZE_LIMIT of at least 11M (adapter-node's default is 512K).
 */

const DENIED = 'L’import et l’export de l’annuaire sont réservés aux administrateurs et aux coordinateurs.';
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const FIELD = 'fichier';

export const load: PageServerLoad = ({ locals, url }) => {
  const actor = actorOf(requireFull(locals, url));
  const canImport = can(actor, 'directory.import');
  const canExport = can(actor, 'directory.export');
  if (!canImport && !canExport) error(403, DENIED);
  return { canImport, canExport };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const me = requireFull(locals, url);
    if (!can(actorOf(me), 'directory.import'))
      error(403, 'Seuls les administrateurs du territoire peuvent importer des données dans l’annuaire.');
    const data = await request.formData();
    const file = data.get(FIELD);
    const refuse = (message: string) => formError(400, {}, { [FIELD]: message });
    if (!(file instanceof File) || file.size === 0 || !file.name) return refuse('Choisissez un fichier à importer.');
    if (file.size > MAX_FILE_BYTES) return refuse('Le fichier dépasse 10 Mo : découpez-le en plusieurs fichiers.');
    const looksJson = /\.json$/i.test(file.name) || file.type === 'application/json';
    if (!looksJson) return refuse('Choisissez un fichier au format JSON (son nom se termine par .json).');
    try {
      const report = await locals.api.directory.interop.importDataInclusion.mutate({ content: await file.text() });
      return { report, fileName: file.name };
    } catch (err) {
      return formFailure(err, {}, { fields: [FIELD], fieldMap: { content: FIELD }, url });
    }
  },
};
