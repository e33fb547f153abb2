import { DEFAULT_BAREME, eurosToCents, type Bareme } from '@ensemblier/shared';

/**
 * The commission type form (new and configuration pages): indexed rows for members, envelopes
 * and barème tranches; empty rows are left out. Numbers typed in French (« 0,5 », « 8,00 »).
 */

export const EXTRA_MEMBERS = 2;
export const EXTRA_ENVELOPES = 2;
export const EXTRA_TRANCHES = 1;

const str = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
};
const decimal = (text: string): number | string => {
  const n = Number(text.replace(/\s/g, '').replace(',', '.'));
  return text === '' || !Number.isFinite(n) ? text : n;
};

function indices(data: FormData, prefix: string): number[] {
  const set = new Set<number>();
  for (const key of data.keys()) {
    const m = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(key);
    if (m) set.add(Number(m[1]));
  }
  return [...set].sort((a, b) => a - b);
}

export function parseTypeForm(data: FormData, current: Bareme | null) {
  const members = indices(data, 'members')
    .map((i) => ({
      userId: str(data, `members.${i}.userId`),
      organisationId: str(data, `members.${i}.organisationId`) || null,
      voting: data.get(`members.${i}.voting`) === 'on',
      capacities: data.getAll(`members.${i}.capacities`).map(String),
    }))
    .filter((m) => m.userId);
  const envelopes = indices(data, 'envelopes')
    .map((i) => ({
      aidKind: str(data, `envelopes.${i}.aidKind`),
      year: decimal(str(data, `envelopes.${i}.year`)),
      budgetCents: str(data, `envelopes.${i}.budget`),
    }))
    .filter((e) => e.aidKind);
  const tranches = indices(data, 'tranches')
    .map((i) => {
      const seuil = str(data, `tranches.${i}.seuil`);
      const taux = str(data, `tranches.${i}.taux`);
      return {
        jusquA: seuil === '' ? null : (eurosToCents(seuil) ?? (seuil as unknown as number)),
        suggestion: str(data, `tranches.${i}.suggestion`),
        tauxPourcent: taux === '' ? undefined : decimal(taux),
        libelle: str(data, `tranches.${i}.libelle`) || undefined,
        filled: !!str(data, `tranches.${i}.suggestion`),
      };
    })
    .filter((t) => t.filled)
    .map(({ filled: _f, ...t }) => t);
  const base = current ?? DEFAULT_BAREME;
  const quorumKind = str(data, 'quorumKind');
  return {
    name: str(data, 'name'),
    aidKinds: data.getAll('aidKinds').map(String),
    members,
    envelopes,
    quorum: {
      kind: quorumKind,
      minimum: quorumKind === 'nombre' ? decimal(str(data, 'quorumMinimum')) : undefined,
      numerateur: quorumKind === 'fraction' ? decimal(str(data, 'quorumNumerateur')) : undefined,
      denominateur: quorumKind === 'fraction' ? decimal(str(data, 'quorumDenominateur')) : undefined,
      pouvoirsComptent: data.get('pouvoirsComptent') === 'on',
    },
    voixPreponderante: data.get('voixPreponderante') === 'on',
    presentationParDefaut: data.get('presentationParDefaut') === 'on',
    bareme: {
      ...base,
      echelle: {
        premierAdulte: decimal(str(data, 'ucPremierAdulte')),
        autreAdulte: decimal(str(data, 'ucAutreAdulte')),
        enfant: decimal(str(data, 'ucEnfant')),
        ageAdulte: decimal(str(data, 'ucAgeAdulte')),
      },
      joursParMois: decimal(str(data, 'joursParMois')),
      unite: str(data, 'unite') || 'uc',
      tranches,
    },
  };
}

/** API field keys → form field names. */
export function mapTypeErrors(fieldErrors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fieldErrors)) {
    const name = key
      .replace(/^quorum\.minimum$/, 'quorumMinimum')
      .replace(/^quorum\.numerateur$/, 'quorumNumerateur')
      .replace(/^quorum\.(kind)?$/, 'quorumKind')
      .replace(/^quorum$/, 'quorumKind')
      .replace(/^bareme\.echelle\.premierAdulte$/, 'ucPremierAdulte')
      .replace(/^bareme\.echelle\.autreAdulte$/, 'ucAutreAdulte')
      .replace(/^bareme\.echelle\.enfant$/, 'ucEnfant')
      .replace(/^bareme\.echelle\.ageAdulte$/, 'ucAgeAdulte')
      .replace(/^bareme\.joursParMois$/, 'joursParMois')
      .replace(/^bareme\.tranches\.(\d+)\.jusquA$/, 'tranches.$1.seuil')
      .replace(/^bareme\.tranches\.(\d+)\.tauxPourcent$/, 'tranches.$1.taux')
      .replace(/^bareme\.tranches\.(\d+)\.suggestion$/, 'tranches.$1.suggestion')
      .replace(/^bareme\.tranches$/, 'tranches')
      .replace(/^envelopes\.(\d+)\.budgetCents$/, 'envelopes.$1.budget');
    out[name] ??= message;
  }
  return out;
}

export const centsToField = (cents: number | null | undefined) =>
  cents === null || cents === undefined ? '' : (cents / 100).toFixed(2).replace('.', ',');
export const numToField = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : String(n).replace('.', ',');
