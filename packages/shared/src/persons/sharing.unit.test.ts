import { describe, expect, it } from 'vitest';
import { normaliseName, personNameKey } from './schemas.ts';
import { objectionAgainst, pickSharedFields, sharedFields, sharingDecision, type ConsentEventLike } from './sharing.ts';

const FOOD = 'aide-alimentaire--colis';
const HOME = 'autonomie-domicile--soins-infirmiers-a-domicile';

describe('need to know: the fields a referral shares', () => {
  it('food aid shares a way to call back, never the birth date or the address', () => {
    const fields = sharedFields([FOOD]);
    expect(fields).toContain('telephone');
    expect(fields).not.toContain('dateNaissance');
    expect(fields).not.toContain('adresse');
    expect(fields).not.toContain('courriel');
  });

  it('home care shares the birth date and the address', () => {
    expect(sharedFields([HOME])).toEqual(
      expect.arrayContaining(['nom', 'prenom', 'dateNaissance', 'adresse', 'telephone']),
    );
  });

  it('several thématiques share the union, in the file order', () => {
    const union = sharedFields([FOOD, HOME]);
    expect(union).toEqual([...union].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)));
    expect(new Set(union)).toEqual(new Set([...sharedFields([FOOD]), ...sharedFields([HOME])]));
  });

  it('pickSharedFields drops every other field', () => {
    const person = {
      nom: 'Martin',
      prenom: 'Anne',
      dateNaissance: '1950-01-02',
      adresse: '3 rue des Lilas',
      telephone: '0601020304',
      courriel: 'anne@example.fr',
      communeInsee: '34145',
      preferredContact: 'telephone',
      nomNaissance: 'Durand',
    };
    const picked = pickSharedFields(person, [FOOD]);
    expect(Object.keys(picked).sort()).toEqual([...sharedFields([FOOD])].sort());
    expect(picked).not.toHaveProperty('adresse');
    expect(picked.nom).toBe('Martin');
  });
});

const ORDER = [
  'nom',
  'prenom',
  'nomNaissance',
  'dateNaissance',
  'communeInsee',
  'adresse',
  'telephone',
  'courriel',
  'preferredContact',
];

const event = (over: Partial<ConsentEventLike> & { id: string; recordedAt: string }): ConsentEventLike => ({
  kind: 'consentement',
  allOrganisations: false,
  organisationIds: [],
  thematiqueCategories: [],
  ...over,
});

describe('consent and objection', () => {
  it('no event: nothing may be shared', () => {
    expect(sharingDecision([], 'org-a', [FOOD])).toEqual({ allowed: false, reason: 'no_consent' });
  });

  it('a consent covering the organisation and the category allows sharing', () => {
    const events = [event({ id: 'c1', recordedAt: '2026-01-01', organisationIds: ['org-a'] })];
    expect(sharingDecision(events, 'org-a', [FOOD])).toEqual({ allowed: true, consentEventId: 'c1' });
    expect(sharingDecision(events, 'org-b', [FOOD]).allowed).toBe(false);
  });

  it('a consent limited to some thématiques does not cover the others', () => {
    const events = [
      event({ id: 'c1', recordedAt: '2026-01-01', allOrganisations: true, thematiqueCategories: ['aide-alimentaire'] }),
    ];
    expect(sharingDecision(events, 'org-a', [FOOD]).allowed).toBe(true);
    expect(sharingDecision(events, 'org-a', [FOOD, HOME]).allowed).toBe(false);
  });

  it('a later objection blocks; a later consent lifts it', () => {
    const consent = event({ id: 'c1', recordedAt: '2026-01-01', allOrganisations: true });
    const objection = event({ id: 'o1', kind: 'objection', recordedAt: '2026-02-01', organisationIds: ['org-a'] });
    expect(sharingDecision([consent, objection], 'org-a', [FOOD])).toEqual({
      allowed: false,
      reason: 'objection',
      eventId: 'o1',
    });
    expect(sharingDecision([consent, objection], 'org-b', [FOOD]).allowed).toBe(true);
    expect(objectionAgainst([consent, objection], 'org-a')?.id).toBe('o1');
    const again = event({ id: 'c2', recordedAt: '2026-03-01', organisationIds: ['org-a'] });
    expect(sharingDecision([consent, objection, again], 'org-a', [FOOD])).toEqual({
      allowed: true,
      consentEventId: 'c2',
    });
  });
});

describe('names for the duplicate check', () => {
  it('ignores accents, case, hyphens and extra spaces', () => {
    expect(normaliseName('  Éloïse-Marie  ')).toBe('eloise marie');
    expect(personNameKey('DUPONT ', 'Hélène')).toBe('dupont helene');
  });
});
