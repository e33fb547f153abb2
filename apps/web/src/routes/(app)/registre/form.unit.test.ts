import { registrationInput } from '@ensemblier/shared';
import { describe, expect, it } from 'vitest';
import { FORM_FIELDS, mapErrors, parseRegistrationForm, valuesOf } from './form.ts';

const blank = () => Object.fromEntries(FORM_FIELDS.map((f) => [f, ''])) as Record<string, string>;

describe('registration form (flat HTML fields ↔ API input)', () => {
  it('skips empty slots and builds lists the shared schema accepts', () => {
    const v = {
      ...blank(),
      requestedBy: 'proche',
      requesterName: 'Claire',
      consentMode: 'oral',
      consentOn: '2026-01-10',
      situation: 'age_65',
      isole: 'oui',
      adresse: '1 rue A',
      tel2: '0467000000',
      tel2Type: 'fixe',
      contact2Nom: 'Henri',
      contact2Tel: '0611223344',
      medecinNom: 'Dr B',
    };
    const input = parseRegistrationForm(v);
    expect(input.telephones).toEqual([{ numero: '0467000000', type: 'fixe' }]);
    expect(input.contactsUrgence).toEqual([{ nom: 'Henri', lien: null, telephone: '0611223344' }]);
    expect(input.medecin).toEqual({ nom: 'Dr B', telephone: null });
    expect(input.isole).toBe(true);
    const parsed = registrationInput.safeParse({ ...input, personId: '00000000-0000-4000-8000-000000000000' });
    expect(parsed.success).toBe(true);
  });

  it('maps API errors on list entries back to the slot the person typed in', () => {
    const v = { ...blank(), tel2: '12', contact2Nom: 'Henri', contact2Tel: 'x' };
    expect(
      mapErrors(v, {
        'telephones.0.numero': 'Numéro invalide',
        'contactsUrgence.0.telephone': 'Téléphone invalide',
        'medecin.nom': 'Indiquez le nom du médecin.',
        situation: 'Choisissez la situation de la personne.',
      }),
    ).toEqual({
      tel2: 'Numéro invalide',
      contact2Tel: 'Téléphone invalide',
      medecinNom: 'Indiquez le nom du médecin.',
      situation: 'Choisissez la situation de la personne.',
    });
  });

  it('fills the form from a stored registration and parses back to the same lists', () => {
    const stored = {
      requestedBy: 'personne',
      requesterName: null,
      requesterLink: null,
      consentMode: 'ecrit',
      consentOn: '2026-01-10',
      situation: 'handicap',
      isole: false,
      adresse: '2 rue B',
      communeInsee: '34145',
      secteur: null,
      batiment: null,
      etage: '2',
      digicode: null,
      cles: null,
      accesNotes: null,
      telephones: [{ numero: '0611111111', type: 'portable' }],
      contactsUrgence: [],
      medecin: null,
      servicesDomicile: [{ nom: 'SAAD', telephone: null, passages: 'lundi' }],
      version: 3,
    };
    const values = valuesOf(stored);
    expect(values.version).toBe('3');
    const back = parseRegistrationForm(values);
    expect(back.telephones).toEqual(stored.telephones);
    expect(back.servicesDomicile).toEqual(stored.servicesDomicile);
    expect(back.contactsUrgence).toEqual([]);
    expect(back.etage).toBe('2');
  });
});
