import { serviceInput } from '@ensemblier/shared';
import type { ApiClient } from '#lib/server/api.ts';
import { communesByCode, communeProblem, resolveCommune, resolveCommuneNames } from './lookup.server.ts';
import { joinList, readServiceForm } from './service-form.ts';
import { communeLabel, zoneChipLabel } from './zone.ts';

export interface ZoneChip {
  code: string;
  label: string;
}

/** Chips of a zone, labelled as the picker labels a choice: "Lunel (34400)", "Hérault (34)". */
export async function zoneChips(api: ApiClient, codes: readonly string[]): Promise<ZoneChip[]> {
  const communes = await communesByCode(api, codes);
  const names = new Map([...communes].map(([code, c]) => [code, communeLabel(c)]));
  return codes.map((code) => ({ code, label: zoneChipLabel(code, names) }));
}

/**
 * Reads a submitted service form, resolves what was typed without the autocomplete (zone
 * names, address commune) and checks it with the shared schema, so every error shows at once.
 */
export async function readServiceSubmission(api: ApiClient, data: FormData, organisationId: string) {
  const read = readServiceForm(data);
  const errors: Record<string, string> = {};

  const typed = await resolveCommuneNames(api, read.zoneNames);
  const zone = [...new Set([...read.lists.zoneEligibilite, ...typed.codes])];
  if (typed.problems.length) errors.zoneEligibilite = typed.problems.join(' ');
  const values: Record<string, string> = {
    ...read.values,
    zoneEligibilite: joinList(zone),
    zoneTexte: typed.unresolved.join(', '),
  };

  const commune = await resolveCommune(api, read.fields.communeInsee);
  const problem = communeProblem(commune);
  if (problem) errors.communeInsee = problem;
  if (commune.kind === 'found') values.communeInsee = communeLabel(commune.commune);

  const f = read.fields;
  const input = {
    organisationId,
    nom: f.nom,
    description: f.description,
    type: f.type || null,
    thematiques: read.lists.thematiques,
    publics: read.lists.publics,
    publicsPrecisions: f.publicsPrecisions,
    frais: (f.frais || null) as 'gratuit' | 'payant' | null,
    fraisPrecisions: f.fraisPrecisions,
    conditionsAcces: f.conditionsAcces,
    modesAccueil: read.lists.modesAccueil,
    zoneEligibilite: zone,
    modesMobilisation: read.lists.modesMobilisation,
    mobilisablePar: read.lists.mobilisablePar,
    mobilisationPrecisions: f.mobilisationPrecisions,
    lienMobilisation: f.lienMobilisation,
    piecesJustificatives: read.piecesJustificatives,
    contactNomPrenom: f.contactNomPrenom,
    courriel: f.courriel,
    telephone: f.telephone,
    horairesAccueil: f.horairesAccueil,
    adresse: f.adresse,
    complementAdresse: f.complementAdresse,
    codePostal: f.codePostal,
    communeInsee: commune.kind === 'found' ? commune.commune.code : null,
    acceptsReferrals: read.acceptsReferrals,
  };

  const parsed = serviceInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (key && key !== 'organisationId') errors[key] ??= issue.message;
    }
  }
  // Chips to show again after an error (the page's own load does not know them).
  values.zoneChips = JSON.stringify(await zoneChips(api, zone));
  return { values, errors, input };
}
