import { CAPACITY_LABELS, thematiqueCategory, type CapacityStatus } from '../directory/referentials.ts';

/**
 * Routing help for the CCAS: ranks the services a referral "à router" could be forwarded to.
 * The rule lives here, in one pure function, so that the API, the web and the tests agree.
 *
 * Points (out of 100):
 * - thématique: the same thématique 40, the same category (first level) 20, otherwise 0;
 * - zone: the person's commune in the service's zone of eligibility 20 (unknown commune: 0);
 * - public: the service addresses the person's public (inferred from the age) 10, « tous publics » 5;
 * - capacity: places disponibles 15, liste d'attente 8, non renseignée 4, complet 0;
 * - the partner's record over 12 months: acceptance rate × 10 (no answer yet: 5, neutral)
 *   and a median response within 3 days 5, 7 days 3, 14 days 1.
 * Ties go to the service's name (French order).
 */

export type ThematiqueMatch = 'exacte' | 'categorie' | 'aucune';

/** What the referral asks and what we know of the person. */
export interface RoutingNeed {
  thematiques: readonly string[];
  /** commune_zone_codes(person.commune_insee): the commune, its EPCI, its département, 'france'; null if unknown. */
  personZoneCodes: readonly string[] | null;
  /** The publics the person belongs to as far as we know (see personPublics). */
  personPublics: readonly string[];
}

/** A partner organisation's record on the referrals sent to it over the last 12 months. */
export interface PartnerRecord {
  /** Tasks sent to the organisation. */
  pastReferrals: number;
  /** Of which answered (accepted or refused). */
  answered: number;
  /** Of which accepted (whatever happened after). */
  accepted: number;
  /** Median days between sending and answer, over the answered ones; null if none. */
  medianResponseDays: number | null;
}

export interface RoutingCandidate {
  serviceId: string;
  serviceName: string;
  organisationId: string;
  organisationName: string;
  thematiques: readonly string[];
  zoneEligibilite: readonly string[];
  publics: readonly string[];
  capacityStatus: CapacityStatus;
  record: PartnerRecord;
}

export interface RoutingSuggestion {
  serviceId: string;
  serviceName: string;
  organisationId: string;
  organisationName: string;
  score: number;
  thematiqueMatch: ThematiqueMatch;
  inZone: boolean;
  capacityStatus: CapacityStatus;
  acceptanceRate: number | null;
  medianResponseDays: number | null;
  pastReferrals: number;
  /** Why it ranks where it does, in French, for the coordinator. */
  reasons: string[];
}

export const ROUTING_SUGGESTIONS_LIMIT = 10;
/** The window of the partner's record. */
export const ROUTING_RECORD_MONTHS = 12;

const THEMATIQUE_POINTS: Record<ThematiqueMatch, number> = { exacte: 40, categorie: 20, aucune: 0 };
const ZONE_POINTS = 20;
const CAPACITY_POINTS: Record<CapacityStatus, number> = {
  places_disponibles: 15,
  liste_attente: 8,
  inconnu: 4,
  complet: 0,
};
const PUBLIC_LABELS: Record<string, string> = {
  seniors: 'Séniors',
  jeunes: 'Jeunes',
};

export function thematiqueMatch(asked: readonly string[], offered: readonly string[]): ThematiqueMatch {
  if (asked.some((t) => offered.includes(t))) return 'exacte';
  const categories = new Set(offered.map(thematiqueCategory));
  if (asked.some((t) => categories.has(thematiqueCategory(t)))) return 'categorie';
  return 'aucune';
}

/** Whether the person's commune (its zone codes) falls in a service's zone; false when unknown. */
export function inZone(personZoneCodes: readonly string[] | null, zone: readonly string[]): boolean {
  return !!personZoneCodes && personZoneCodes.some((c) => zone.includes(c));
}

/** The publics a person belongs to from their birth date: seniors from 60, jeunes from 16 to 25. */
export function personPublics(dateNaissance: string | Date | null | undefined, now: Date): string[] {
  if (!dateNaissance) return [];
  const birth = new Date(dateNaissance);
  if (Number.isNaN(birth.getTime())) return [];
  let age = now.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < birth.getUTCMonth() ||
    (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age--;
  const out: string[] = [];
  if (age >= 60) out.push('seniors');
  if (age >= 16 && age <= 25) out.push('jeunes');
  return out;
}

const percent = (rate: number) => `${Math.round(rate * 100)}\u00a0%`;
function days(d: number): string {
  if (d < 1) return 'moins d’un jour';
  const n = Math.round(d);
  return n === 1 ? '1\u00a0j' : `${n}\u00a0j`;
}

/** Scores one candidate service for a referral. */
export function scoreCandidate(need: RoutingNeed, c: RoutingCandidate): RoutingSuggestion {
  const reasons: string[] = [];
  let score = 0;

  const match = thematiqueMatch(need.thematiques, c.thematiques);
  score += THEMATIQUE_POINTS[match];
  if (match === 'exacte') reasons.push('Thématique identique');
  else if (match === 'categorie') reasons.push('Thématique de la même famille');
  else reasons.push('Autre thématique');

  const zoneOk = inZone(need.personZoneCodes, c.zoneEligibilite);
  if (zoneOk) {
    score += ZONE_POINTS;
    reasons.push('Commune dans la zone');
  } else if (need.personZoneCodes) reasons.push('Commune hors zone');

  const publicMatch = c.publics.find((p) => need.personPublics.includes(p));
  if (publicMatch) {
    score += 10;
    reasons.push(`Public : ${PUBLIC_LABELS[publicMatch] ?? publicMatch}`);
  } else if (c.publics.length === 0 || c.publics.includes('tous-publics')) {
    score += 5;
    reasons.push('Tous publics');
  }

  score += CAPACITY_POINTS[c.capacityStatus];
  reasons.push(CAPACITY_LABELS[c.capacityStatus]);

  const r = c.record;
  const acceptanceRate = r.answered > 0 ? r.accepted / r.answered : null;
  const medianResponseDays = r.answered > 0 && r.medianResponseDays !== null ? round1(r.medianResponseDays) : null;
  score += acceptanceRate === null ? 5 : acceptanceRate * 10;
  if (medianResponseDays !== null)
    score += medianResponseDays <= 3 ? 5 : medianResponseDays <= 7 ? 3 : medianResponseDays <= 14 ? 1 : 0;
  if (r.pastReferrals === 0) reasons.push('Aucune orientation reçue ces 12 derniers mois');
  else if (acceptanceRate === null)
    reasons.push(
      r.pastReferrals === 1
        ? '1 orientation reçue, sans réponse encore'
        : `${r.pastReferrals} orientations reçues, sans réponse encore`,
    );
  else
    reasons.push(
      medianResponseDays === null
        ? `${percent(acceptanceRate)} d’acceptation`
        : `${percent(acceptanceRate)} d’acceptation, réponse en ${days(medianResponseDays)} en médiane`,
    );

  return {
    serviceId: c.serviceId,
    serviceName: c.serviceName,
    organisationId: c.organisationId,
    organisationName: c.organisationName,
    score: round1(score),
    thematiqueMatch: match,
    inZone: zoneOk,
    capacityStatus: c.capacityStatus,
    acceptanceRate: acceptanceRate === null ? null : Math.round(acceptanceRate * 1000) / 1000,
    medianResponseDays,
    pastReferrals: r.pastReferrals,
    reasons,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The best candidates first (at most `limit`). */
export function rankSuggestions(
  need: RoutingNeed,
  candidates: readonly RoutingCandidate[],
  limit = ROUTING_SUGGESTIONS_LIMIT,
): RoutingSuggestion[] {
  return candidates
    .map((c) => scoreCandidate(need, c))
    .sort((a, b) => b.score - a.score || a.serviceName.localeCompare(b.serviceName, 'fr'))
    .slice(0, limit);
}
