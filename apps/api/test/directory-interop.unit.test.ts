import { describe, expect, it } from 'vitest';
import { organisationTypeFor } from '../src/directory/interop/organisation-type.ts';
import { weeklyRules } from '@ensemblier/shared/directory/opening-hours';
import { parseDataInclusionFile } from '../src/directory/interop/import.ts';
import { serviceRow, structureRow, reasonOf } from '../src/directory/interop/rows.ts';

describe('organisation type of an imported structure', () => {
  it.each([
    [{ nom: 'CCAS de Lunel' }, 'ccas'],
    [{ nom: 'Centre intercommunal d’action sociale du Pays de Lunel' }, 'cias'],
    [{ nom: 'SSIAD Étang de l’Or' }, 'ssiad'],
    [{ nom: 'Mission Locale Petite Camargue' }, 'mission_locale'],
    [{ nom: 'Épicerie solidaire La Clé' }, 'epicerie_sociale'],
    [{ nom: 'Agence France Travail Lunel' }, 'france_travail'],
    [{ nom: 'Les Amis du Quartier', typologie: 'ASSO' }, 'association'],
    [{ nom: 'Point d’accueil', reseaux_porteurs: ['caf'] }, 'caf'],
    [{ nom: 'Les Restos du Cœur' }, 'autre'],
  ] as const)('%o → %s', (row, type) => {
    expect(organisationTypeFor(row)).toBe(type);
  });
});

describe('opening hours to weekly rules', () => {
  it('groups days with the same hours', () => {
    expect(weeklyRules('Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off')).toEqual([
      { byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '12:00' },
      { byday: 'MO,TU,WE,TH,FR', opens_at: '13:30', closes_at: '17:00' },
      { byday: 'SA', opens_at: '09:00', closes_at: '12:00' },
    ]);
  });
  it('keeps the comment of a rule', () => {
    expect(weeklyRules('We 14:00-16:00 "sur rendez-vous"')).toEqual([
      { byday: 'WE', opens_at: '14:00', closes_at: '16:00', comment: 'sur rendez-vous' },
    ]);
  });
  it('gives null for what is not a weekly schedule', () => {
    expect(weeklyRules('sur rendez-vous')).toBeNull();
    expect(weeklyRules('le mardi matin')).toBeNull();
    expect(weeklyRules('Jan-Jun Mo 09:00-12:00')).toBeNull();
    expect(weeklyRules('')).toBeNull();
  });
});

describe('rows and file', () => {
  it('normalises a structure row', () => {
    const r = structureRow.parse({
      source: 'dora',
      id: 'dora--1',
      nom: ' Épicerie ',
      siret: '213 401 463 00017',
      telephone: '04.67.12.34.56',
      courriel: 'Contact@Exemple.FR',
      reseaux_porteurs: ['communes', 'communes'],
    });
    expect(r).toMatchObject({
      nom: 'Épicerie',
      siret: '21340146300017',
      telephone: '0467123456',
      courriel: 'contact@exemple.fr',
      reseaux_porteurs: ['communes'],
      date_maj: null,
    });
  });
  it('reads 99100 as France and reports bad values in French', () => {
    const ok = serviceRow.parse({
      source: 's',
      id: '1',
      structure_id: 'x',
      nom: 'Service',
      zone_eligibilite: ['99100'],
    });
    expect(ok.zone_eligibilite).toEqual(['france']);
    const bad = serviceRow.safeParse({
      source: 's',
      id: '1',
      structure_id: 'x',
      nom: 'Service',
      frais: 'cher',
      date_maj: 'hier',
    });
    expect(bad.success).toBe(false);
    expect(reasonOf(bad.error!)).toBe(
      'Champ « frais » : valeur de frais inconnue : « cher » ; champ « date_maj » : date invalide (AAAA-MM-JJ attendu).',
    );
  });
  it('accepts a byte-order mark', () => {
    expect(parseDataInclusionFile('\uFEFF{"structures":[{}],"services":[]}').structures).toHaveLength(1);
  });
});
