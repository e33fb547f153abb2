import { describe, expect, it } from 'vitest';
import { capacityView, freshnessLabel } from './capacity.ts';
import { emptyAdvice, isFiltered, readFilters, refinementCount } from './search.ts';
import { readServiceForm, serviceFormValues, splitList } from './service-form.ts';
import {
  communeLabel,
  departementCode,
  parseZoneText,
  readCommuneText,
  searchable,
  zoneKind,
  zoneLabels,
} from './zone.ts';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('capacityView', () => {
  it('names each status in words with one tone', () => {
    expect(capacityView('places_disponibles')).toEqual({ label: 'Places disponibles', tone: 'success' });
    expect(capacityView('complet')).toEqual({ label: 'Complet', tone: 'danger' });
    expect(capacityView('inconnu').tone).toBe('neutral');
    expect(capacityView('inconnu').label).toMatch(/non renseignée/);
  });
  it('adds the usual delay to a waiting list', () => {
    expect(plain(capacityView('liste_attente', 15).label)).toBe('Liste d’attente (≈ 15 jours)');
    expect(plain(capacityView('liste_attente', 1).label)).toBe('Liste d’attente (≈ 1 jour)');
    expect(capacityView('liste_attente', null).label).toBe('Liste d’attente');
  });
  it('reads an unknown or missing status as not given', () => {
    expect(capacityView(undefined)).toEqual(capacityView('inconnu'));
    expect(capacityView('bogus')).toEqual(capacityView('inconnu'));
  });
});

describe('freshnessLabel', () => {
  it('says when the service was last updated', () => {
    expect(plain(freshnessLabel('2026-11-23T10:00:00Z'))).toBe('Mis à jour le 23 nov. 2026');
    expect(freshnessLabel(null)).toBe('');
  });
});

describe('zones', () => {
  it('tells codes apart', () => {
    expect(zoneKind('34145')).toBe('commune');
    expect(zoneKind('2A004')).toBe('commune');
    expect(zoneKind('243400017')).toBe('epci');
    expect(zoneKind('34')).toBe('departement');
    expect(zoneKind('2B')).toBe('departement');
    expect(zoneKind('974')).toBe('departement');
    expect(zoneKind('france')).toBe('france');
    expect(zoneKind('Lunel')).toBeNull();
  });
  it('lists the widest zones first, then communes by name', () => {
    const names = new Map([
      ['34151', 'Marsillargues'],
      ['34145', 'Lunel'],
    ]);
    expect(zoneLabels(['34151', '34', '34145', 'france'], names)).toEqual([
      'France entière',
      'Département : Hérault (34)',
      'Lunel',
      'Marsillargues',
    ]);
    expect(zoneLabels(['34999'], new Map())).toEqual(['Commune 34999']);
  });
  it('reads département codes typed in the picker', () => {
    expect(departementCode('34')).toBe('34');
    expect(departementCode('2a')).toBe('2A');
    expect(departementCode('99')).toBeNull();
    expect(departementCode('Lunel')).toBeNull();
  });
  it('reads the zone typed without JavaScript', () => {
    expect(parseZoneText('Lunel (34145), Hérault (34)\n34146; Lunel-Vieil; France entière')).toEqual({
      codes: ['34145', '34', '34146', 'france'],
      names: ['Lunel-Vieil'],
    });
    expect(parseZoneText('  ')).toEqual({ codes: [], names: [] });
  });
  it('reads the commune field submitted without the autocomplete', () => {
    expect(readCommuneText('')).toEqual({ kind: 'empty' });
    expect(readCommuneText('Lunel (34400)')).toEqual({ kind: 'text', name: 'Lunel', postcode: '34400' });
    expect(readCommuneText('34400')).toEqual({ kind: 'text', name: '', postcode: '34400' });
    expect(readCommuneText('2a004')).toEqual({ kind: 'code', code: '2A004' });
    expect(readCommuneText(' lunel-viel ')).toEqual({ kind: 'text', name: 'lunel-viel', postcode: null });
  });
  it('labels and compares communes', () => {
    expect(communeLabel({ code: '34145', nom: 'Lunel', codesPostaux: ['34400'] })).toBe('Lunel (34400)');
    expect(communeLabel({ code: '34145', nom: 'Lunel' })).toBe('Lunel');
    expect(searchable('Saint-Just ’ÉTANG')).toBe('saint just etang');
  });
});

describe('search filters in the URL', () => {
  it('keeps known values only', () => {
    const filters = readFilters(
      new URLSearchParams(
        'q=%20epiceri%20&commune=34145&thematique=aide-alimentaire--colis&thematique=bogus&capacite=complet&capacite=x&public=seniors&orientations=1',
      ),
    );
    expect(filters).toEqual({
      q: 'epiceri',
      commune: '34145',
      thematiques: ['aide-alimentaire--colis'],
      publics: ['seniors'],
      types: [],
      organisationTypes: [],
      capacity: ['complet'],
      acceptsReferrals: true,
    });
    expect(refinementCount(filters)).toBe(4);
    expect(isFiltered(filters)).toBe(true);
    expect(isFiltered(readFilters(new URLSearchParams('')))).toBe(false);
  });
  it('advises what to broaden when nothing is found', () => {
    const filters = readFilters(new URLSearchParams('commune=34145&capacite=places_disponibles'));
    const advice = emptyAdvice(filters, 'Lunel');
    expect(advice[0]).toMatch(/disponibilité/);
    expect(advice[1]).toMatch(/« Lunel »/);
  });
});

describe('service form', () => {
  it('reads lists, the zone typed as text and the checkbox', () => {
    const data = new FormData();
    data.set('nom', 'Épicerie');
    data.append('thematiques', 'aide-alimentaire--epicerie-sociale');
    data.append('thematiques', 'aide-alimentaire--epicerie-sociale');
    data.append('zoneEligibilite', '34145');
    data.set('zoneTexte', 'Marsillargues (34151), Lunl');
    data.set('piecesJustificatives', 'Avis d’imposition\r\n\r\nJustificatif de domicile');
    data.set('acceptsReferrals', '1');
    const read = readServiceForm(data);
    expect(read.lists.thematiques).toEqual(['aide-alimentaire--epicerie-sociale']);
    expect(read.lists.zoneEligibilite).toEqual(['34145', '34151']);
    expect(read.zoneNames).toEqual(['Lunl']);
    expect(read.piecesJustificatives).toEqual(['Avis d’imposition', 'Justificatif de domicile']);
    expect(read.acceptsReferrals).toBe(true);
    expect(read.values.zoneEligibilite).toBe('34145\n34151');
    expect(read.values.zoneTexte).toBe('Lunl');
    expect(read.fields.courriel).toBe('');
  });
  it('turns a service into form values', () => {
    const values = serviceFormValues({
      nom: 'SSIAD',
      telephone: '0467123456',
      thematiques: ['a', 'b'],
      piecesJustificatives: ['Ordonnance'],
      acceptsReferrals: true,
      frais: null,
    });
    expect(values.telephone).toBe('04 67 12 34 56');
    expect(splitList(values.thematiques)).toEqual(['a', 'b']);
    expect(values.piecesJustificatives).toBe('Ordonnance');
    expect(values.acceptsReferrals).toBe('1');
    expect(values.frais).toBe('');
  });
});
