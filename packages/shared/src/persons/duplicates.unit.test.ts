import { describe, expect, it } from 'vitest';
import {
  conflictingFields,
  duplicateMatch,
  editDistance,
  mergedIdentity,
  mergeInput,
  swappedBirthDate,
  type DuplicateSubject,
} from './duplicates.ts';
import type { PersonField } from './sharing.ts';

const p = (nom: string, prenom: string, dateNaissance: string | null, nomNaissance: string | null = null) =>
  ({ nom, prenom, dateNaissance, nomNaissance }) satisfies DuplicateSubject;

describe('duplicateMatch: names', () => {
  it('same name, accents and case aside, same birth date: 100', () => {
    expect(duplicateMatch(p('Lefèvre', 'Hélène', '1950-03-04'), p('LEFEVRE', 'helene', '1950-03-04'))).toEqual({
      score: 100,
      reasons: ['meme_nom', 'meme_date'],
    });
  });

  it('hyphens and spaces in a compound first name do not count', () => {
    expect(duplicateMatch(p('Roux', 'Jean-Pierre', '1960-01-02'), p('Roux', 'Jean Pierre', '1960-01-02'))?.score).toBe(
      100,
    );
    expect(duplicateMatch(p('Roux', 'Jean-Pierre', '1960-01-02'), p('Roux', 'Jeanpierre', '1960-01-02'))).toEqual({
      score: 100,
      reasons: ['nom_proche', 'meme_date'],
    });
  });

  it('one typo in the nom lowers the score by 10 points; two typos by 20', () => {
    expect(duplicateMatch(p('Dupont', 'Marie', '1950-03-04'), p('Dupond', 'Marie', '1950-03-04'))).toEqual({
      score: 90,
      reasons: ['nom_proche', 'meme_date'],
    });
    expect(duplicateMatch(p('Dupont', 'Marie', '1950-03-04'), p('Dupond', 'Mari', '1950-03-04'))).toEqual({
      score: 80,
      reasons: ['nom_proche', 'meme_date'],
    });
  });

  it('a typo in a short name (under 4 letters) is not tolerated', () => {
    expect(duplicateMatch(p('Roy', 'Paul', '1950-03-04'), p('Ray', 'Paul', '1950-03-04'))).toBeNull();
  });

  it('two different first names with the same nom and birth date (twins) are not duplicates', () => {
    expect(duplicateMatch(p('Martin', 'Lucas', '2001-05-06'), p('Martin', 'Lucie', '2001-05-06'))).toBeNull();
    expect(duplicateMatch(p('Martin', 'Jean', '2001-05-06'), p('Martin', 'Jeanne', '2001-05-06'))).toBeNull();
    expect(duplicateMatch(p('Martin', 'Marie', '2001-05-06'), p('Martin', 'Pierre', '2001-05-06'))).toBeNull();
  });

  it('nom and prénom swapped', () => {
    expect(duplicateMatch(p('Bernard', 'Thomas', '1970-07-08'), p('Thomas', 'Bernard', '1970-07-08'))).toEqual({
      score: 90,
      reasons: ['nom_prenom_inverses', 'meme_date'],
    });
  });

  it('a birth name on one file is the nom of the other', () => {
    expect(duplicateMatch(p('Martin', 'Sophie', '1980-09-10', 'Durand'), p('Durand', 'Sophie', '1980-09-10'))).toEqual({
      score: 85,
      reasons: ['nom_naissance', 'meme_date'],
    });
  });

  it('a compound nom typed in part', () => {
    expect(duplicateMatch(p('Garcia Lopez', 'Ana', '1990-01-20'), p('Garcia', 'Ana', '1990-01-20'))).toEqual({
      score: 80,
      reasons: ['nom_compose', 'meme_date'],
    });
  });

  it('two typos in each of two long words are too many (not a compound name either)', () => {
    expect(duplicateMatch(p('Dubreuil', 'Jeannine', '1950-03-04'), p('Dubrieul', 'Jaennine', '1950-03-04'))).toBeNull();
  });

  it('different names are not duplicates, whatever the birth date', () => {
    expect(duplicateMatch(p('Durand', 'Paul', '1950-03-04'), p('Petit', 'Paul', '1950-03-04'))).toBeNull();
  });
});

describe('duplicateMatch: birth dates', () => {
  it('two known, different birth dates: not duplicates even with the same name', () => {
    expect(duplicateMatch(p('Dupont', 'Marie', '1950-03-04'), p('Dupont', 'Marie', '1950-03-05'))).toBeNull();
  });

  it('day and month swapped', () => {
    expect(duplicateMatch(p('Dupont', 'Marie', '1950-03-04'), p('Dupont', 'Marie', '1950-04-03'))).toEqual({
      score: 85,
      reasons: ['meme_nom', 'date_inversee'],
    });
  });

  it('a missing birth date on one side, or both', () => {
    expect(duplicateMatch(p('Dupont', 'Marie', null), p('Dupont', 'Marie', '1950-04-03'))).toEqual({
      score: 75,
      reasons: ['meme_nom', 'date_manquante'],
    });
    expect(duplicateMatch(p('Dupont', 'Marie', null), p('Dupont', 'Marie', null))?.score).toBe(65);
    // A typo and no date: still proposed, lower.
    expect(duplicateMatch(p('Dupont', 'Marie', null), p('Dupond', 'Marie', null))?.score).toBe(59);
  });

  it('the score orders pairs: same date > swapped > missing', () => {
    const same = duplicateMatch(p('Dupont', 'Marie', '1950-03-04'), p('Dupond', 'Marie', '1950-03-04'))!.score;
    const swapped = duplicateMatch(p('Dupont', 'Marie', '1950-03-04'), p('Dupond', 'Marie', '1950-04-03'))!.score;
    const missing = duplicateMatch(p('Dupont', 'Marie', '1950-03-04'), p('Dupond', 'Marie', null))!.score;
    expect(same).toBeGreaterThan(swapped);
    expect(swapped).toBeGreaterThan(missing);
  });

  it('swappedBirthDate: only when the day can be a month and differs from it', () => {
    expect(swappedBirthDate('1950-03-04')).toBe('1950-04-03');
    expect(swappedBirthDate('1950-03-13')).toBeNull();
    expect(swappedBirthDate('1950-05-05')).toBeNull();
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('dupont', 'dupond')).toBe(1);
    expect(editDistance('marie', 'mari')).toBe(1);
    expect(editDistance('abc', 'cab')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('merge identity', () => {
  const kept: Partial<Record<PersonField, string | null>> = {
    nom: 'Dupont',
    prenom: 'Marie',
    telephone: null,
    courriel: 'a@exemple.fr',
    adresse: '1 rue A',
  };
  const merged: Partial<Record<PersonField, string | null>> = {
    nom: 'Dupond',
    prenom: 'Marie',
    telephone: '0611223344',
    courriel: 'b@exemple.fr',
    adresse: null,
  };

  it('conflicting fields are the ones filled on both sides with different values', () => {
    expect(conflictingFields(kept, merged)).toEqual(['nom', 'courriel']);
  });

  it('a choice takes that side; without one the kept value stays, gaps are filled from the merged file', () => {
    const id = mergedIdentity(kept, merged, { courriel: 'merged' });
    expect(id.nom).toBe('Dupont');
    expect(id.courriel).toBe('b@exemple.fr');
    expect(id.telephone).toBe('0611223344');
    expect(id.adresse).toBe('1 rue A');
    expect(id.nomNaissance).toBeNull();
  });

  it('mergeInput refuses merging a file into itself', () => {
    const id = crypto.randomUUID();
    const r = mergeInput.safeParse({ keptPersonId: id, mergedPersonId: id, keptVersion: 1, mergedVersion: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('Choisissez deux dossiers différents.');
  });
});
