import { describe, expect, it } from 'vitest';
import { ROLES } from '../auth/roles.ts';
import {
  canManageRegister,
  CLEARED_AT_OPT_OUT,
  FIELDS_KEPT_AFTER_OPT_OUT,
  OPT_OUT_REASON_LABELS,
  OPT_OUT_REASONS,
  optOutInput,
  PHONE_KIND_LABELS,
  PHONE_KINDS,
  REGISTER_EXPORT_COLUMNS,
  REGISTER_SITUATION_HELP,
  REGISTER_SITUATION_LABELS,
  REGISTER_SITUATIONS,
  registerExportRow,
  registrationFields,
  registrationInput,
  REGISTRATION_REQUESTER_LABELS,
  REGISTRATION_REQUESTERS,
  REGISTRATION_STATUS_LABELS,
  REGISTRATION_STATUSES,
  registrationUpdateInput,
  VISIT_CARD_FIELDS,
  visitCard,
  visitCardSchema,
  type Registration,
} from './register.ts';

const personId = '3f2b8c1e-5d6a-4e7f-8a9b-0c1d2e3f4a5b';

const valid = {
  personId,
  requestedBy: 'personne',
  consentMode: 'oral',
  consentOn: '12/06/2026',
  situation: 'age_65',
  isole: true,
  adresse: '12 rue des Lilas, 75020 Paris',
  communeInsee: '75120',
  digicode: '4521B',
  etage: '3e gauche',
  telephones: [{ numero: '01 47 29 50 50', type: 'fixe' }],
};

/** A registration holding a value in every field, as the API would read it. */
function fullRegistration(): Registration {
  return {
    ...registrationFields.parse({
      ...valid,
      requestedBy: 'proche',
      requesterName: 'Claire Martin',
      requesterLink: 'fille',
      secteur: 'Quartier nord',
      batiment: 'B',
      cles: 'Double des clés chez la voisine du 2e, Mme Petit',
      accesNotes: 'Sonner longtemps, entend mal',
      telephones: [
        { numero: '01 47 29 50 50', type: 'fixe' },
        { numero: '06.12.34.56.78', type: 'portable' },
      ],
      contactsUrgence: [{ nom: 'Claire Martin', lien: 'fille', telephone: '0699887766' }],
      medecin: { nom: 'Dr Lefèvre', telephone: '0140000000' },
      servicesDomicile: [{ nom: 'SAAD Aide et Vie', telephone: '0140000001', passages: 'lundi et jeudi matin' }],
    }),
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    personId,
    nom: 'Martin',
    prenom: 'Jeanne',
    status: 'inscrite',
    registeredOn: '2026-06-12',
    optedOutOn: null,
    optOutReason: null,
    version: 3,
  };
}

describe('register vocabulary', () => {
  it('labels every requester, situation, phone kind, status and opt-out reason in French', () => {
    for (const r of REGISTRATION_REQUESTERS) expect(REGISTRATION_REQUESTER_LABELS[r]).toMatch(/\S/);
    for (const s of REGISTER_SITUATIONS) {
      expect(REGISTER_SITUATION_LABELS[s]).toMatch(/\S/);
      expect(REGISTER_SITUATION_HELP[s]).toMatch(/\.$/);
    }
    for (const k of PHONE_KINDS) expect(PHONE_KIND_LABELS[k]).toMatch(/\S/);
    for (const s of REGISTRATION_STATUSES) expect(REGISTRATION_STATUS_LABELS[s]).toMatch(/\S/);
    for (const r of OPT_OUT_REASONS) expect(OPT_OUT_REASON_LABELS[r]).toMatch(/\S/);
    expect(REGISTER_SITUATION_LABELS.age_65).toBe('65 ans et plus');
  });
  it('only coordinators manage the register', () => {
    expect(ROLES.filter(canManageRegister)).toEqual(['coordinator']);
  });
});

describe('registrationInput', () => {
  it('accepts a registration at the person’s request and normalises it', () => {
    const r = registrationInput.parse(valid);
    expect(r.consentOn).toBe('2026-06-12');
    expect(r.telephones).toEqual([{ numero: '0147295050', type: 'fixe' }]);
    expect(r.requesterName).toBeNull();
    expect(r.contactsUrgence).toEqual([]);
    expect(r.medecin).toBeNull();
    expect(r.cles).toBeNull();
  });
  it('requires who asked, the consent (mode and date), the situation and the address', () => {
    for (const field of ['requestedBy', 'consentMode', 'consentOn', 'situation', 'adresse']) {
      const { [field]: _, ...rest } = valid as Record<string, unknown>;
      const result = registrationInput.safeParse(rest);
      expect(result.success, field).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual([field]);
    }
  });
  it('asks for the requester’s name when someone else asked', () => {
    const r = registrationInput.safeParse({ ...valid, requestedBy: 'proche' });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([
      expect.objectContaining({ path: ['requesterName'], message: expect.stringContaining('demandé l’inscription') }),
    ]);
    expect(
      registrationInput.safeParse({ ...valid, requestedBy: 'proche', requesterName: 'Claire Martin' }).success,
    ).toBe(true);
  });
  it('refuses a consent dated in the future, a wrong phone, an unknown situation', () => {
    const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    expect(registrationInput.safeParse({ ...valid, consentOn: future }).error!.issues[0]!.message).toBe(
      'La date ne peut pas être dans le futur.',
    );
    expect(
      registrationInput.safeParse({ ...valid, telephones: [{ numero: '12 34', type: 'fixe' }] }).error!.issues[0]!
        .message,
    ).toMatch(/10 chiffres/);
    expect(registrationInput.safeParse({ ...valid, situation: 'isole' }).success).toBe(false);
    expect(
      registrationInput.safeParse({ ...valid, contactsUrgence: [{ nom: 'Paul', telephone: '' }] }).error!.issues[0]!
        .path,
    ).toEqual(['contactsUrgence', 0, 'telephone']);
  });
  it('an update carries the registration id and version', () => {
    const { personId: _, ...fields } = valid;
    expect(registrationUpdateInput.safeParse(fields).success).toBe(false);
    expect(registrationUpdateInput.parse({ ...fields, registrationId: personId, version: 2 }).version).toBe(2);
  });
});

describe('optOutInput', () => {
  const base = { registrationId: personId, on: '2026-07-01' };
  it('at the person’s request, records how they asked', () => {
    expect(optOutInput.safeParse({ ...base, reason: 'demande' }).error!.issues[0]!.path).toEqual(['mode']);
    expect(optOutInput.parse({ ...base, reason: 'demande', mode: 'telephone' }).mode).toBe('telephone');
  });
  it('for a fact (death…), needs no mode; « autre » needs a note', () => {
    expect(optOutInput.parse({ ...base, reason: 'deces' }).mode).toBeNull();
    expect(optOutInput.safeParse({ ...base, reason: 'autre' }).error!.issues[0]!.path).toEqual(['note']);
  });
  it('clears every field that serves only the plan, keeps the trail', () => {
    const all = Object.keys(registrationFields.shape).sort();
    const kept = FIELDS_KEPT_AFTER_OPT_OUT.filter((f) => f in registrationFields.shape);
    expect([...kept, ...Object.keys(CLEARED_AT_OPT_OUT)].sort()).toEqual(all);
    expect(Object.keys(CLEARED_AT_OPT_OUT)).toEqual(
      expect.arrayContaining(['telephones', 'cles', 'digicode', 'contactsUrgence', 'medecin', 'adresse']),
    );
  });
});

describe('visitCard: the logistics projection', () => {
  it('returns exactly the whitelisted keys, whatever the source holds', () => {
    const source = {
      ...fullRegistration(),
      // What a careless SQL join could bring along:
      dateNaissance: '1938-04-02',
      courriel: 'jeanne@example.fr',
      timeline: [{ title: 'Entretien', body: 'Dettes de loyer' }],
      sensitiveCategory: 'sante',
      noteSociale: 'Suivi par le CCAS pour une dette',
    };
    const card = visitCard(source);
    expect(Object.keys(card).sort()).toEqual([...VISIT_CARD_FIELDS].sort());
    for (const phone of card.telephones) expect(Object.keys(phone).sort()).toEqual(['numero', 'type']);
    expect(card).toEqual({
      personId,
      nom: 'Martin',
      prenom: 'Jeanne',
      adresse: '12 rue des Lilas, 75020 Paris',
      communeInsee: '75120',
      batiment: 'B',
      etage: '3e gauche',
      digicode: '4521B',
      accesNotes: 'Sonner longtemps, entend mal',
      telephones: [
        { numero: '0147295050', type: 'fixe' },
        { numero: '0612345678', type: 'portable' },
      ],
    });
  });

  it('no other field of a registration can come through, even nested', () => {
    const source = fullRegistration();
    // Mark every phone with an extra key: the card copies numero and type only.
    const withExtras = {
      ...source,
      telephones: source.telephones.map((t) => ({ ...t, note: 'SECRET-PHONE-NOTE' })),
      situation: 'handicap' as const,
    };
    const text = JSON.stringify(visitCard(withExtras));
    const forbidden = Object.keys(source).filter((k) => !(VISIT_CARD_FIELDS as readonly string[]).includes(k));
    expect(forbidden).toEqual(
      expect.arrayContaining([
        'cles',
        'contactsUrgence',
        'medecin',
        'servicesDomicile',
        'situation',
        'isole',
        'secteur',
      ]),
    );
    for (const key of forbidden) expect(text).not.toContain(`"${key}"`);
    for (const secret of ['SECRET-PHONE-NOTE', 'Mme Petit', 'Dr Lefèvre', 'Aide et Vie', 'Claire Martin', 'handicap'])
      expect(text).not.toContain(secret);
  });

  it('the card leaves out who holds the keys (not needed to visit; dangerous on a lost phone)', () => {
    expect(VISIT_CARD_FIELDS).not.toContain('cles');
  });

  it('the zod output schema has the same keys and strips any other', () => {
    expect(Object.keys(visitCardSchema.shape).sort()).toEqual([...VISIT_CARD_FIELDS].sort());
    const parsed = visitCardSchema.parse(fullRegistration());
    expect(Object.keys(parsed).sort()).toEqual([...VISIT_CARD_FIELDS].sort());
    expect(parsed).toEqual(visitCard(fullRegistration()));
  });
});

describe('registerExportRow (prefecture export)', () => {
  it('gives one text cell per column, in order', () => {
    const row = registerExportRow(fullRegistration());
    expect(row).toHaveLength(REGISTER_EXPORT_COLUMNS.length);
    const cell = (key: string) => row[REGISTER_EXPORT_COLUMNS.findIndex(([k]) => k === key)];
    expect(cell('nom')).toBe('Martin');
    expect(cell('situation')).toBe('65 ans et plus');
    expect(cell('isole')).toBe('Oui');
    expect(cell('telephones')).toBe('01 47 29 50 50 (Fixe) ; 06 12 34 56 78 (Portable)');
    expect(cell('acces')).toBe(
      'Bâtiment B ; Étage 3e gauche ; Digicode 4521B ; Clés : Double des clés chez la voisine du 2e, Mme Petit ; Sonner longtemps, entend mal',
    );
    expect(cell('contactsUrgence')).toBe('Claire Martin (fille) 06 99 88 77 66');
    expect(cell('medecin')).toBe('Dr Lefèvre 01 40 00 00 00');
    expect(cell('servicesDomicile')).toBe('SAAD Aide et Vie 01 40 00 00 01 lundi et jeudi matin');
    expect(cell('registeredOn')).toBe('12/06/2026');
  });
});
