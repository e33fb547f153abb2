import { DEPARTEMENTS } from './departements.ts';

/** A commune as the API returns it (`directory.communes.search/get`). */
export interface CommuneSummary {
  code: string;
  nom: string;
  codesPostaux?: string[];
  departement?: string;
}

export type ZoneKind = 'commune' | 'epci' | 'departement' | 'france';

export const INSEE_RE = /^\d[0-9AB]\d{3}$/;
const EPCI_RE = /^\d{9}$/;
const DEPARTEMENT_RE = /^(\d[0-9AB]|9[78]\d)$/;

/** What a zone code designates, or null when it is not a zone code. */
export function zoneKind(code: string): ZoneKind | null {
  if (code === 'france') return 'france';
  if (INSEE_RE.test(code)) return 'commune';
  if (EPCI_RE.test(code)) return 'epci';
  if (DEPARTEMENT_RE.test(code)) return 'departement';
  return null;
}

/** "Hérault (34)", or "Département 34" for an unknown code. */
export function departementLabel(code: string): string {
  const name = DEPARTEMENTS[code.toUpperCase()];
  return name ? `${name} (${code.toUpperCase()})` : `Département ${code}`;
}

/** A département code typed by someone ("34", "2a", "974"), or null. */
export function departementCode(text: string): string | null {
  const code = text.trim().toUpperCase();
  return DEPARTEMENT_RE.test(code) && DEPARTEMENTS[code] ? code : null;
}

/** "Lunel (34400)": the commune and its first postcode. */
export function communeLabel(commune: CommuneSummary): string {
  const cp = commune.codesPostaux?.[0];
  return cp ? `${commune.nom} (${cp})` : commune.nom;
}

/** The label of one zone code; communes are looked up in `communes` (code → name). */
export function zoneLabel(code: string, communes: ReadonlyMap<string, string>): string {
  switch (zoneKind(code)) {
    case 'france':
      return 'France entière';
    case 'departement':
      return `Département : ${departementLabel(code)}`;
    case 'epci':
      return `Intercommunalité (SIREN ${code})`;
    case 'commune':
      return communes.get(code) ?? `Commune ${code}`;
    default:
      return code;
  }
}

const ORDER: Record<ZoneKind, number> = { france: 0, departement: 1, epci: 2, commune: 3 };

/** The zone's labels, widest first (France, départements, EPCI), then communes by name. */
export function zoneLabels(codes: readonly string[], communes: ReadonlyMap<string, string>): string[] {
  return [...new Set(codes)]
    .map((code) => ({ code, kind: zoneKind(code), label: zoneLabel(code, communes) }))
    .sort((a, b) => {
      const byKind = (a.kind ? ORDER[a.kind] : 9) - (b.kind ? ORDER[b.kind] : 9);
      return byKind !== 0 ? byKind : a.label.localeCompare(b.label, 'fr');
    })
    .map((z) => z.label);
}

/** The chip label of a zone code in the picker, with its code so a no-JS round trip can read it back. */
export function zoneChipLabel(code: string, communes: ReadonlyMap<string, string>): string {
  return zoneLabel(code, communes).replace(/^Département : /, '');
}

/**
 * Splits what was typed in the zone field (without JavaScript) into entries: codes, names, or
 * "Name (code)" as the page shows them. Returns the codes it could read and the names left to resolve.
 */
export function parseZoneText(text: string): { codes: string[]; names: string[] } {
  const codes: string[] = [];
  const names: string[] = [];
  for (const raw of text.split(/[,;\n]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const inParens = /\(([0-9AB]{2,9}|france)\)\s*$/i.exec(entry)?.[1];
    const candidate = (inParens ?? entry).trim();
    const normalised = candidate.toLowerCase() === 'france' ? 'france' : candidate.toUpperCase();
    if (zoneKind(normalised)) codes.push(normalised);
    else if (/^france enti[eè]re$/i.test(entry)) codes.push('france');
    else names.push(entry);
  }
  return { codes: [...new Set(codes)], names };
}

/** Lower-case, accents removed: to compare commune names as people type them. */
export function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’\s]+/g, ' ')
    .trim();
}

/**
 * What the commune field holds, when it was submitted without the autocomplete: an INSEE
 * code, a postcode, or a name (possibly "Lunel (34400)" as the field displays a choice).
 */
export function readCommuneText(
  raw: string,
): { kind: 'empty' } | { kind: 'code'; code: string } | { kind: 'text'; name: string; postcode: string | null } {
  const text = raw.trim();
  if (!text) return { kind: 'empty' };
  const withPostcode = /^(.*?)\s*\((\d{5})\)\s*$/.exec(text);
  if (withPostcode) return { kind: 'text', name: withPostcode[1]!.trim(), postcode: withPostcode[2]! };
  if (/^\d{5}$/.test(text)) return { kind: 'text', name: '', postcode: text };
  if (INSEE_RE.test(text.toUpperCase())) return { kind: 'code', code: text.toUpperCase() };
  return { kind: 'text', name: text, postcode: null };
}
