/**
 * The demande form (new and edit pages): field names and how a submitted form becomes the API
 * input. Rows are indexed (`household.0.relation`, `lines.2.amount`…) so the API's field errors
 * (`household.0.birthDate`) land next to their field; empty rows are left out.
 */

/** Extra empty rows offered after the filled ones. */
export const EXTRA_HOUSEHOLD_ROWS = 2;
export const EXTRA_LINE_ROWS = 3;

const str = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

function indices(data: FormData, prefix: string): number[] {
  const set = new Set<number>();
  for (const key of data.keys()) {
    const m = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(key);
    if (m) set.add(Number(m[1]));
  }
  return [...set].sort((a, b) => a - b);
}

/** The submitted values, flat (kept to show the form again after an error). */
export function formValues(data: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of data.entries()) if (typeof value === 'string') values[key] = value;
  return values;
}

export function parseDemandeForm(data: FormData) {
  const household = indices(data, 'household')
    .map((i) => ({
      relation: str(data, `household.${i}.relation`),
      birthDate: str(data, `household.${i}.birthDate`) || null,
      aCharge: data.get(`household.${i}.aCharge`) === 'on' ? true : null,
      handicap: data.get(`household.${i}.handicap`) === 'on',
      filled: !!str(data, `household.${i}.relation`),
    }))
    .filter((m) => m.filled)
    .map(({ filled: _filled, ...m }) => m);
  const lines = indices(data, 'lines')
    .map((i) => ({
      kind: str(data, `lines.${i}.kind`),
      type: str(data, `lines.${i}.type`),
      amountCents: str(data, `lines.${i}.amount`),
      label: str(data, `lines.${i}.label`) || null,
    }))
    .filter((l) => l.type && l.amountCents);
  const pieces = indices(data, 'pieces').map((i) => ({
    kind: str(data, `pieces.${i}.kind`),
    status: str(data, `pieces.${i}.status`),
    attachmentId: str(data, `pieces.${i}.attachmentId`) || null,
    note: str(data, `pieces.${i}.note`) || null,
  }));
  const creditorName = str(data, 'creditorName');
  const duree = str(data, 'dureeSemaines');
  return {
    aidKind: str(data, 'aidKind'),
    objet: str(data, 'objet'),
    montantDemandeCents: str(data, 'montant') || null,
    dureeDemandee: duree ? { value: Number(duree), unit: 'semaines' as const } : null,
    creditor: creditorName
      ? {
          kind: str(data, 'creditorKind'),
          name: creditorName,
          reference: str(data, 'creditorReference') || null,
        }
      : null,
    revenuImposableAnnuelCents: str(data, 'revenuImposable') || null,
    rapportSocial: str(data, 'rapportSocial') || null,
    syntheseSeance: str(data, 'syntheseSeance') || null,
    household,
    lines,
    pieces,
  };
}

/** API field keys → form field names (the form types euros, the API counts cents). */
export const FIELD_MAP: Record<string, string> = {
  montantDemandeCents: 'montant',
  revenuImposableAnnuelCents: 'revenuImposable',
  'creditor.name': 'creditorName',
  'creditor.kind': 'creditorKind',
  creditor: 'creditorName',
  dureeDemandee: 'dureeSemaines',
  'dureeDemandee.value': 'dureeSemaines',
};

export function mapErrors(fieldErrors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fieldErrors)) {
    const name = FIELD_MAP[key] ?? key.replace(/\.amountCents$/, '.amount');
    out[name] ??= message;
  }
  return out;
}

/** Cents → what the field shows (« 1508,90 »). */
export const centsToField = (cents: number | null | undefined) =>
  cents === null || cents === undefined ? '' : (cents / 100).toFixed(2).replace('.', ',');

/** AAAA-MM-JJ → JJ/MM/AAAA. */
export const isoToField = (iso: string | null | undefined) =>
  iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '';
