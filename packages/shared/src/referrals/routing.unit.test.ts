import { describe, expect, it } from 'vitest';
import {
  inZone,
  personPublics,
  rankSuggestions,
  scoreCandidate,
  thematiqueMatch,
  type RoutingCandidate,
  type RoutingNeed,
} from './routing.ts';

const SOINS = 'autonomie-domicile--soins-infirmiers-a-domicile';
const MENAGE = 'autonomie-domicile--aide-a-domicile';
const COLIS = 'aide-alimentaire--colis';
const LUNEL = ['34145', '243400520', '34', 'france'];

const need: RoutingNeed = { thematiques: [SOINS], personZoneCodes: LUNEL, personPublics: ['seniors'] };
const noRecord = { pastReferrals: 0, answered: 0, accepted: 0, medianResponseDays: null };

function candidate(over: Partial<RoutingCandidate>): RoutingCandidate {
  return {
    serviceId: over.serviceName ?? 's',
    serviceName: 'Service',
    organisationId: 'o',
    organisationName: 'Structure',
    thematiques: [SOINS],
    zoneEligibilite: ['34145'],
    publics: [],
    capacityStatus: 'inconnu',
    record: noRecord,
    ...over,
  };
}

describe('thematiqueMatch', () => {
  it('exact, same category, or none', () => {
    expect(thematiqueMatch([SOINS], [COLIS, SOINS])).toBe('exacte');
    expect(thematiqueMatch([SOINS], [MENAGE])).toBe('categorie');
    expect(thematiqueMatch([SOINS], [COLIS])).toBe('aucune');
    expect(thematiqueMatch([SOINS], [])).toBe('aucune');
  });
});

describe('inZone', () => {
  it('matches the commune, its EPCI, its département or france', () => {
    expect(inZone(LUNEL, ['34145'])).toBe(true);
    expect(inZone(LUNEL, ['243400520'])).toBe(true);
    expect(inZone(LUNEL, ['34'])).toBe(true);
    expect(inZone(LUNEL, ['france'])).toBe(true);
    expect(inZone(LUNEL, ['30189', '30'])).toBe(false);
    expect(inZone(null, ['34145'])).toBe(false);
  });
});

describe('personPublics', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  it('seniors from their 60th birthday, jeunes from 16 to 25', () => {
    expect(personPublics('1966-11-23', now)).toEqual(['seniors']);
    expect(personPublics('1966-11-24', now)).toEqual([]);
    expect(personPublics('2005-01-01', now)).toEqual(['jeunes']);
    expect(personPublics('1980-05-05', now)).toEqual([]);
    expect(personPublics(null, now)).toEqual([]);
  });
});

describe('scoreCandidate', () => {
  it('explains the record in French', () => {
    const s = scoreCandidate(
      need,
      candidate({
        capacityStatus: 'places_disponibles',
        publics: ['seniors'],
        record: { pastReferrals: 14, answered: 12, accepted: 11, medianResponseDays: 3.2 },
      }),
    );
    expect(s.thematiqueMatch).toBe('exacte');
    expect(s.inZone).toBe(true);
    expect(s.acceptanceRate).toBeCloseTo(0.917, 3);
    expect(s.medianResponseDays).toBe(3.2);
    expect(s.pastReferrals).toBe(14);
    expect(s.reasons).toEqual([
      'Thématique identique',
      'Commune dans la zone',
      'Public : Séniors',
      'Places disponibles',
      '92\u00a0% d’acceptation, réponse en 3\u00a0j en médiane',
    ]);
    // 40 + 20 + 10 + 15 + 11/12 × 10 + 3 (a median over 3 days, within 7)
    expect(s.score).toBeCloseTo(97.2, 1);
  });

  it('without any answer: no rate, a neutral share of points', () => {
    const none = scoreCandidate(need, candidate({}));
    expect(none.acceptanceRate).toBeNull();
    expect(none.medianResponseDays).toBeNull();
    expect(none.reasons).toContain('Aucune orientation reçue ces 12 derniers mois');
    const waiting = scoreCandidate(need, candidate({ record: { ...noRecord, pastReferrals: 2 } }));
    expect(waiting.reasons).toContain('2 orientations reçues, sans réponse encore');
    expect(waiting.score).toBe(none.score);
  });

  it('a refusing, slow partner scores below a welcoming, quick one', () => {
    const good = scoreCandidate(
      need,
      candidate({ record: { pastReferrals: 10, answered: 10, accepted: 10, medianResponseDays: 1 } }),
    );
    const bad = scoreCandidate(
      need,
      candidate({ record: { pastReferrals: 10, answered: 10, accepted: 2, medianResponseDays: 20 } }),
    );
    expect(good.score - bad.score).toBeCloseTo(8 + 5, 5);
  });

  it('says so when the commune is outside the zone, nothing when unknown', () => {
    expect(scoreCandidate(need, candidate({ zoneEligibilite: ['30189'] })).reasons).toContain('Commune hors zone');
    const unknown = scoreCandidate({ ...need, personZoneCodes: null }, candidate({}));
    expect(unknown.inZone).toBe(false);
    expect(unknown.reasons.some((r) => r.includes('zone'))).toBe(false);
  });
});

describe('rankSuggestions', () => {
  it('exact thématique + zone + places first, then the same category, out of zone last', () => {
    const ranked = rankSuggestions(need, [
      candidate({ serviceName: 'Autre catégorie', thematiques: [COLIS], capacityStatus: 'places_disponibles' }),
      candidate({ serviceName: 'Même famille hors zone', thematiques: [MENAGE], zoneEligibilite: ['30189'] }),
      candidate({ serviceName: 'Exacte, complet', capacityStatus: 'complet' }),
      candidate({ serviceName: 'Exacte, places', capacityStatus: 'places_disponibles' }),
      candidate({ serviceName: 'Exacte, liste', capacityStatus: 'liste_attente' }),
      candidate({ serviceName: 'Exacte, inconnu', capacityStatus: 'inconnu' }),
    ]);
    expect(ranked.map((s) => s.serviceName)).toEqual([
      'Exacte, places',
      'Exacte, liste',
      'Exacte, inconnu',
      'Exacte, complet',
      'Autre catégorie',
      'Même famille hors zone',
    ]);
  });

  it('keeps the ten best, ties in French alphabetical order', () => {
    const many = Array.from({ length: 14 }, (_, i) =>
      candidate({ serviceName: `Service ${String(i).padStart(2, '0')}` }),
    );
    const ranked = rankSuggestions(need, [candidate({ serviceName: 'Écoute' }), ...many]);
    expect(ranked).toHaveLength(10);
    expect(ranked[0]!.serviceName).toBe('Écoute');
    expect(ranked[1]!.serviceName).toBe('Service 00');
  });
});
