import { formatPhone } from '#lib/format.ts';
import { parseZoneText } from './zone.ts';

/** Single-value fields of the service form (names = the API's input keys). */
export const SERVICE_TEXT_FIELDS = [
  'nom',
  'description',
  'type',
  'publicsPrecisions',
  'frais',
  'fraisPrecisions',
  'conditionsAcces',
  'mobilisationPrecisions',
  'lienMobilisation',
  'contactNomPrenom',
  'courriel',
  'telephone',
  'horairesAccueil',
  'adresse',
  'complementAdresse',
  'codePostal',
  'communeInsee',
] as const;

/** Multi-value fields (checkbox groups, zone chips). */
export const SERVICE_LIST_FIELDS = [
  'thematiques',
  'publics',
  'modesAccueil',
  'zoneEligibilite',
  'modesMobilisation',
  'mobilisablePar',
] as const;

/** Every field an error may be attached to, in the order the form shows them (for the ErrorSummary). */
export const SERVICE_FIELD_ORDER = [
  'nom',
  'type',
  'description',
  'thematiques',
  'publics',
  'publicsPrecisions',
  'conditionsAcces',
  'frais',
  'fraisPrecisions',
  'zoneEligibilite',
  'modesAccueil',
  'modesMobilisation',
  'mobilisablePar',
  'mobilisationPrecisions',
  'lienMobilisation',
  'piecesJustificatives',
  'contactNomPrenom',
  'courriel',
  'telephone',
  'horairesAccueil',
  'adresse',
  'complementAdresse',
  'codePostal',
  'communeInsee',
  'acceptsReferrals',
] as const;

/** Lists travel in the form state (a string record) one value per line. */
export const joinList = (values: readonly string[] | null | undefined) => (values ?? []).join('\n');
export const splitList = (value: string | null | undefined) =>
  (value ?? '')
    .split('\n')
    .map((v) => v.trim())
    .filter(Boolean);

export interface ServiceFormRead {
  /** What was typed, to show again after an error (lists joined by new lines). */
  values: Record<string, string>;
  /** The parts of the API input that need no look-up. */
  fields: Record<(typeof SERVICE_TEXT_FIELDS)[number], string>;
  lists: Record<(typeof SERVICE_LIST_FIELDS)[number], string[]>;
  piecesJustificatives: string[];
  acceptsReferrals: boolean;
  /** Commune or département names typed without the autocomplete, still to resolve. */
  zoneNames: string[];
}

/** Reads a submitted service form. */
export function readServiceForm(data: FormData): ServiceFormRead {
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  const all = (name: string) =>
    data
      .getAll(name)
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter(Boolean);

  const fields = Object.fromEntries(SERVICE_TEXT_FIELDS.map((f) => [f, text(f)])) as ServiceFormRead['fields'];
  const lists = Object.fromEntries(
    SERVICE_LIST_FIELDS.map((f) => [f, [...new Set(all(f))]]),
  ) as ServiceFormRead['lists'];
  const zoneText = parseZoneText(text('zoneTexte'));
  lists.zoneEligibilite = [...new Set([...lists.zoneEligibilite, ...zoneText.codes])];
  const piecesJustificatives = splitList(text('piecesJustificatives').replace(/\r/g, ''));
  const acceptsReferrals = text('acceptsReferrals') === '1';

  const values: Record<string, string> = { ...fields };
  for (const f of SERVICE_LIST_FIELDS) values[f] = joinList(lists[f]);
  values.piecesJustificatives = piecesJustificatives.join('\n');
  values.acceptsReferrals = acceptsReferrals ? '1' : '';
  values.zoneTexte = zoneText.names.join(', ');
  return { values, fields, lists, piecesJustificatives, acceptsReferrals, zoneNames: zoneText.names };
}

/** A service from the API, as initial values of its edit form. */
export function serviceFormValues(service: { [key: string]: unknown; nom: string }): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of SERVICE_TEXT_FIELDS) {
    const v = service[f];
    values[f] = typeof v === 'string' ? v : '';
  }
  values.telephone = formatPhone(values.telephone);
  for (const f of SERVICE_LIST_FIELDS) {
    const v = service[f];
    values[f] = Array.isArray(v) ? joinList(v as string[]) : '';
  }
  const pieces = service.piecesJustificatives;
  values.piecesJustificatives = Array.isArray(pieces) ? pieces.join('\n') : '';
  values.acceptsReferrals = service.acceptsReferrals ? '1' : '';
  return values;
}
