// Pure helpers of the referral (orientation) pages: state badges, list filters as the URL
// says them, typed dates, attachment checks. Shared by the server loads and the components.
import Ban from '@lucide/svelte/icons/ban';
import CircleCheckBig from '@lucide/svelte/icons/circle-check-big';
import CircleX from '@lucide/svelte/icons/circle-x';
import Eye from '@lucide/svelte/icons/eye';
import FilePen from '@lucide/svelte/icons/file-pen';
import Handshake from '@lucide/svelte/icons/handshake';
import Hourglass from '@lucide/svelte/icons/hourglass';
import OctagonAlert from '@lucide/svelte/icons/octagon-alert';
import Play from '@lucide/svelte/icons/play';
import Send from '@lucide/svelte/icons/send';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_MAX_COUNT,
  OUTCOME_LABELS,
  REFERRAL_SORTS,
  REFERRAL_STATE_LABELS,
  REFERRAL_STATES,
  REFUSAL_REASON_LABELS,
  dateSchema,
  THEMATIQUE_CATEGORIES,
  THEMATIQUE_LABELS,
  URGENCIES,
  URGENCY_LABELS,
  type Outcome,
  type ReferralState,
  type RefusalReason,
  type Urgency,
} from '@ensemblier/shared';
import type { IconComponent, StatusTone } from '#lib/components/types.ts';

/**
 * One look per state: a tone and an icon (there are more states than tones, so the icon and
 * the text tell them apart; the colour is never the only cue).
 */
export const STATE_LOOK: Record<ReferralState, { tone: StatusTone; icon: IconComponent }> = {
  brouillon: { tone: 'neutral', icon: FilePen },
  envoyee: { tone: 'info', icon: Send },
  vue: { tone: 'accent', icon: Eye },
  acceptee: { tone: 'success', icon: Handshake },
  en_cours: { tone: 'success', icon: Play },
  terminee: { tone: 'success', icon: CircleCheckBig },
  refusee: { tone: 'danger', icon: CircleX },
  echec: { tone: 'danger', icon: OctagonAlert },
  expiree: { tone: 'warning', icon: Hourglass },
  annulee: { tone: 'neutral', icon: Ban },
};

export function stateLabel(state: string): string {
  return REFERRAL_STATE_LABELS[state as ReferralState] ?? state;
}

export function stateLook(state: string): { label: string; tone: StatusTone; icon: IconComponent } {
  const look = STATE_LOOK[state as ReferralState] ?? { tone: 'neutral' as const, icon: FilePen };
  return { label: stateLabel(state), ...look };
}

export const urgencyLabel = (u: string) => URGENCY_LABELS[u as Urgency] ?? u;
export const refusalLabel = (r: string | null | undefined) =>
  r ? (REFUSAL_REASON_LABELS[r as RefusalReason] ?? r) : '';
export const outcomeLabel = (o: string | null | undefined) => (o ? (OUTCOME_LABELS[o as Outcome] ?? o) : '');
export const thematiqueLabel = (t: string) => THEMATIQUE_LABELS[t] ?? t;

/** "Attend depuis 12 jours" for a referral that waits for an answer; null otherwise. */
export function waitingText(days: number | null | undefined): string | null {
  if (days === null || days === undefined) return null;
  if (days <= 0) return 'Envoyée aujourd’hui';
  return `${days} jour${days > 1 ? 's' : ''}`;
}

// ---------------------------------------------------------------------------------------
// List filters, in the URL: ?etat=…&categorie=…&urgence=…&partenaire=…&du=JJ/MM/AAAA&au=…&attente=N&tri=…&page=N

export interface ListFilters {
  etat: string;
  categorie: string;
  urgence: string;
  partenaire: string;
  du: string;
  au: string;
  attente: string;
  tri: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const oneOf = (value: string, allowed: readonly string[]) => (allowed.includes(value) ? value : '');

/** Reads the filters, dropping unknown values (a stale or hand-edited link still works). */
export function readListFilters(params: URLSearchParams): ListFilters {
  const get = (name: string) => (params.get(name) ?? '').trim();
  return {
    etat: oneOf(get('etat'), REFERRAL_STATES),
    categorie: oneOf(get('categorie'), Object.keys(THEMATIQUE_CATEGORIES)),
    urgence: oneOf(get('urgence'), URGENCIES),
    partenaire: UUID.test(get('partenaire')) ? get('partenaire') : '',
    du: get('du').slice(0, 10),
    au: get('au').slice(0, 10),
    attente: get('attente').slice(0, 4),
    tri: oneOf(get('tri'), REFERRAL_SORTS),
  };
}

export function isFiltered(f: ListFilters): boolean {
  return !!(f.etat || f.categorie || f.urgence || f.partenaire || f.du || f.au || f.attente);
}

/**
 * A date typed as JJ/MM/AAAA (or picked as AAAA-MM-JJ) → AAAA-MM-JJ, or null when it is not a
 * real date. Empty text gives ''.
 */
export function parseTypedDate(text: string): string | null {
  const value = text.trim();
  if (value === '') return '';
  const parsed = TYPED_DATE.safeParse(value);
  return parsed.success ? parsed.data : null;
}
const TYPED_DATE = dateSchema('date');

/** AAAA-MM-JJ → JJ/MM/AAAA (what the date fields show). */
export function typedDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

export interface ListQuery {
  states: ReferralState[];
  thematiqueCategory: string | null;
  urgency: Urgency | null;
  partnerId: string | null;
  sentFrom: string | null;
  sentTo: string | null;
  waitingDays: number | null;
  sort: (typeof REFERRAL_SORTS)[number];
}

/** The API query for the filters, or the errors to show next to the filter fields. */
export function listQuery(
  f: ListFilters,
): { ok: true; query: ListQuery } | { ok: false; errors: Partial<Record<keyof ListFilters, string>> } {
  const errors: Partial<Record<keyof ListFilters, string>> = {};
  const from = parseTypedDate(f.du);
  const to = parseTypedDate(f.au);
  if (from === null) errors.du = 'Indiquez une date réelle au format JJ/MM/AAAA, par exemple 01/03/2026.';
  if (to === null) errors.au = 'Indiquez une date réelle au format JJ/MM/AAAA, par exemple 31/03/2026.';
  if (from && to && from > to) errors.au = 'La date de fin doit être après la date de début.';
  let waiting: number | null = null;
  if (f.attente !== '') {
    waiting = /^\d{1,4}$/.test(f.attente) ? Number(f.attente) : NaN;
    if (!Number.isInteger(waiting) || waiting < 1 || waiting > 3650) {
      errors.attente = 'Indiquez un nombre de jours entre 1 et 3650, par exemple 15.';
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    query: {
      states: f.etat ? [f.etat as ReferralState] : [],
      thematiqueCategory: f.categorie || null,
      urgency: (f.urgence || null) as Urgency | null,
      partnerId: f.partenaire || null,
      sentFrom: from || null,
      sentTo: to || null,
      waitingDays: waiting,
      sort: (f.tri || 'recent') as ListQuery['sort'],
    },
  };
}

// ---------------------------------------------------------------------------------------
// Attachments: PDF, JPEG, PNG up to 10 MB (the API checks the content signature again).

export const ATTACHMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const EXTENSIONS: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/** What is wrong with the chosen files, in French, or null when they may be sent. */
export function attachmentProblem(files: readonly { name: string; size: number; type: string }[]): string | null {
  const chosen = files.filter((f) => f.size > 0 || f.name !== '');
  if (chosen.length > ATTACHMENTS_MAX_COUNT) {
    return `Vous pouvez joindre ${ATTACHMENTS_MAX_COUNT} fichiers au plus ; vous en avez choisi ${chosen.length}.`;
  }
  for (const f of chosen) {
    const ext = f.name.split('.').pop()?.toLowerCase() ?? '';
    const mime = EXTENSIONS[ext];
    if (!mime || (f.type && f.type !== mime && !(ext === 'jpg' && f.type === 'image/jpeg'))) {
      return `« ${f.name} » n’est pas accepté : joignez un PDF, une image JPEG ou PNG.`;
    }
    if (f.size === 0) return `« ${f.name} » est vide.`;
    if (f.size > ATTACHMENT_MAX_BYTES) {
      return `« ${f.name} » dépasse 10 Mo (${formatSize(f.size)}). Réduisez-le ou scannez-le en moins haute résolution.`;
    }
  }
  return null;
}

/** "2,4 Mo", "830 ko". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u00a0Mo`;
  }
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')}\u00a0ko`;
}

// ---------------------------------------------------------------------------------------
// URL state of the new-referral page (repeatable parameters).

/** `url` with one more `name=value` (a repeatable parameter), without the `drop` ones. */
export function withAdded(
  url: { pathname: string; search: string },
  name: string,
  value: string,
  drop: string[] = [],
): string {
  const params = new URLSearchParams(url.search);
  for (const d of drop) params.delete(d);
  if (!params.getAll(name).includes(value)) params.append(name, value);
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/** `url` without the `name=value` pair (other values of `name` kept). */
export function withRemoved(url: { pathname: string; search: string }, name: string, value: string): string {
  const params = new URLSearchParams(url.search);
  const kept = params.getAll(name).filter((v) => v !== value);
  params.delete(name);
  for (const v of kept) params.append(name, v);
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/** A GET form's fields as a short URL (empty fields and default values left out). */
export function queryOf(
  path: string,
  entries: Iterable<[string, FormDataEntryValue]>,
  defaults: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of entries) {
    if (typeof value === 'string' && value.trim() !== '' && defaults[key] !== value) params.append(key, value.trim());
  }
  const query = params.toString();
  return `${path}${query ? `?${query}` : ''}`;
}

/** A form action that keeps the page's query (`/chemin?service=…&/createPerson`), so the URL state survives the POST. */
export function actionKeepingQuery(url: { pathname: string; search: string }, action: string): string {
  const params = new URLSearchParams(url.search);
  for (const key of [...params.keys()]) if (key.startsWith('/')) params.delete(key);
  const query = params.toString();
  return `${url.pathname}?${query ? `${query}&` : ''}/${action}`;
}

// ---------------------------------------------------------------------------------------
// Recipients of the new-referral form. They travel with the form itself (hidden
// `recipients` fields: `service:<id>` or `a-router`), so that adding or removing one is a
// button of the same form as the request: what was typed comes back with the page, with or
// without JavaScript. Each button sends `op`: `ajouter:<serviceId>`, `retirer:<recipient>`,
// `router` (the CCAS routes it) or `chercher` (search the directory).

export const TO_ROUTE_RECIPIENT = 'a-router';
export const MAX_RECIPIENT_SERVICES = 10;

export type RecipientChange =
  { kind: 'added'; recipient: string } | { kind: 'removed'; recipient: string } | { kind: 'search' } | { kind: 'none' };

const isRecipient = (value: string) =>
  value === TO_ROUTE_RECIPIENT || (value.startsWith('service:') && UUID.test(value.slice(8)));

/** The service ids of a recipient list. */
export function recipientServiceIds(recipients: readonly string[]): string[] {
  return recipients.filter((r) => r.startsWith('service:')).map((r) => r.slice(8));
}

/** The recipients after one button (unknown or malformed values are dropped; at most 10 services). */
export function applyRecipientOp(
  current: readonly string[],
  op: string,
): { recipients: string[]; change: RecipientChange } {
  const recipients = [...new Set(current.filter(isRecipient))];
  if (op === 'chercher') return { recipients, change: { kind: 'search' } };
  const [verb, ...rest] = op.split(':');
  const target =
    verb === 'ajouter' ? `service:${rest.join(':')}` : verb === 'router' ? TO_ROUTE_RECIPIENT : rest.join(':');
  if ((verb === 'ajouter' || verb === 'router') && isRecipient(target)) {
    if (recipients.includes(target)) return { recipients, change: { kind: 'none' } };
    if (verb === 'ajouter' && recipientServiceIds(recipients).length >= MAX_RECIPIENT_SERVICES) {
      return { recipients, change: { kind: 'none' } };
    }
    return { recipients: [...recipients, target], change: { kind: 'added', recipient: target } };
  }
  if (verb === 'retirer' && recipients.includes(target)) {
    return { recipients: recipients.filter((r) => r !== target), change: { kind: 'removed', recipient: target } };
  }
  return { recipients, change: { kind: 'none' } };
}

/** The URL parameters that say the recipients (`service=…&router=1`), e.g. to start again with another person. */
export function recipientParams(recipients: readonly string[]): [string, string][] {
  return [
    ...recipientServiceIds(recipients).map((id): [string, string] => ['service', id]),
    ...(recipients.includes(TO_ROUTE_RECIPIENT) ? [['router', '1'] as [string, string]] : []),
  ];
}
