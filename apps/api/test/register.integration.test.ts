import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory } from './harness.ts';
import { pdfText } from './pdf-text.ts';
import { newPerson, setupWorld, type World } from './referrals-helpers.ts';

/** The register of vulnerable people (issue 7, registre nominatif CASF L.121-6-1). */

let w: World;
let jeanneId: string;
let marcelId: string;
let registrationId: string;

const decode = (f: { contentBase64: string }) => Buffer.from(f.contentBase64, 'base64');

const FORM = {
  requestedBy: 'proche' as const,
  requesterName: 'Sophie Registre',
  requesterLink: 'fille',
  consentMode: 'telephone' as const,
  consentOn: '2026-01-12',
  situation: 'age_65' as const,
  isole: true,
  adresse: '12 rue des Tilleuls',
  communeInsee: '34145',
  secteur: 'Centre',
  batiment: 'B',
  etage: '3',
  digicode: '4512A',
  cles: 'Une voisine, Mme Martin, au 2e',
  accesNotes: 'Sonner longtemps, elle entend mal',
  telephones: [
    { numero: '04 67 11 22 33', type: 'fixe' as const },
    { numero: '06.12.34.56.78', type: 'portable' as const },
  ],
  contactsUrgence: [{ nom: 'Sophie Registre', lien: 'fille', telephone: '0698765432' }],
  medecin: { nom: 'Dr Lefèvre', telephone: '0467000000' },
  servicesDomicile: [{ nom: 'Aide à domicile Lunel', telephone: null, passages: 'lundi et jeudi matin' }],
};

async function auditRows(action: string, personId?: string) {
  return inTerritory(
    w.h,
    (tx) => tx`SELECT action, object_type, object_id, person_id, details, user_id FROM audit_event
      WHERE action = ${action} ${personId ? tx`AND person_id = ${personId}` : tx``} ORDER BY seq`,
  );
}

beforeAll(async () => {
  w = await setupWorld();
  jeanneId = await newPerson(w.coordination, { nom: 'Registrenom', prenom: 'Jeanne' });
  marcelId = await newPerson(w.coordination, { nom: 'Vulnerablenom', prenom: 'Marcel' });
});

afterAll(async () => {
  await w?.h.close();
});

describe('register of vulnerable people', () => {
  it('a coordinator registers a person from their file; the phones are normalised; audited with the person', async () => {
    ({ registrationId } = await w.coordination.trpc.visits.register.create.mutate({ ...FORM, personId: jeanneId }));
    const entry = await w.coordination.trpc.visits.register.get.query({ registrationId });
    expect(entry).toMatchObject({
      personId: jeanneId,
      nom: 'Registrenom',
      prenom: 'Jeanne',
      status: 'inscrite',
      situation: 'age_65',
      isole: true,
      requesterName: 'Sophie Registre',
      cles: 'Une voisine, Mme Martin, au 2e',
      version: 1,
    });
    expect(entry.telephones).toEqual([
      { numero: '0467112233', type: 'fixe' },
      { numero: '0612345678', type: 'portable' },
    ]);
    expect(entry.registeredByOrganisation).toBe('CIAS du Pays de Lunel');

    const [created] = await auditRows('register.create', jeanneId);
    expect(created).toMatchObject({ object_type: 'register_entry', object_id: registrationId, person_id: jeanneId });
    expect((await auditRows('register.read', jeanneId)).length).toBeGreaterThanOrEqual(1);
  });

  it('one registration in force per person', async () => {
    const again = await failure(w.coordination.trpc.visits.register.create.mutate({ ...FORM, personId: jeanneId }));
    expect(again.data?.code).toBe('CONFLICT');
    expect(again.message).toBe('Cette personne est déjà inscrite au registre.');
  });

  it('validation errors are in French, next to the field', async () => {
    const bad = await failure(
      w.coordination.trpc.visits.register.create.mutate({
        ...FORM,
        personId: marcelId,
        requesterName: null,
        telephones: [{ numero: '123', type: 'fixe' }],
        adresse: '',
      }),
    );
    expect(bad.data?.code).toBe('BAD_REQUEST');
    expect(bad.data?.fieldErrors).toMatchObject({
      requesterName: 'Indiquez le nom de la personne qui a demandé l’inscription.',
      adresse: 'Indiquez l’adresse.',
      'telephones.0.numero': 'Indiquez un numéro à 10 chiffres, par exemple 01 47 29 50 50.',
    });
  });

  it('update with the version; a stale version is refused', async () => {
    const { version } = await w.coordination.trpc.visits.register.update.mutate({
      ...FORM,
      registrationId,
      version: 1,
      etage: '4',
    });
    expect(version).toBe(2);
    expect((await w.coordination.trpc.visits.register.get.query({ registrationId })).etage).toBe('4');
    expect(
      await codeOf(w.coordination.trpc.visits.register.update.mutate({ ...FORM, registrationId, version: 1 })),
    ).toBe('CONFLICT');
    expect((await auditRows('register.update', jeanneId)).length).toBe(1);
  });

  it('lists with filters (situation, commune, isolated, status), paginated', async () => {
    await w.coordination.trpc.visits.register.create.mutate({
      ...FORM,
      personId: marcelId,
      requestedBy: 'personne',
      situation: 'handicap',
      isole: false,
      communeInsee: '34154',
    });
    const all = await w.coordination.trpc.visits.register.list.query({});
    const ids = all.items.map((i) => i.personId);
    expect(ids).toEqual(expect.arrayContaining([jeanneId, marcelId]));
    expect(all.pageSize).toBe(25);
    expect(all.total).toBeGreaterThanOrEqual(2);

    const handicap = await w.coordination.trpc.visits.register.list.query({ situation: 'handicap' });
    expect(handicap.items.every((i) => i.situation === 'handicap')).toBe(true);
    expect(handicap.items.map((i) => i.personId)).toContain(marcelId);
    expect(handicap.items.map((i) => i.personId)).not.toContain(jeanneId);

    const isolated = await w.coordination.trpc.visits.register.list.query({ isole: true });
    expect(isolated.items.map((i) => i.personId)).toContain(jeanneId);
    expect(isolated.items.map((i) => i.personId)).not.toContain(marcelId);

    const inCommune = await w.coordination.trpc.visits.register.list.query({ communeInsee: '34154' });
    expect(inCommune.items.map((i) => i.personId)).toContain(marcelId);
    expect(inCommune.items.map((i) => i.personId)).not.toContain(jeanneId);

    expect((await auditRows('register.list')).length).toBeGreaterThanOrEqual(4);
  });

  it('exports CSV for the prefecture: BOM, « ; », French headers, one row per registration in force', async () => {
    const file = await w.coordination.trpc.visits.register.exportCsv.query({});
    expect(file.fileName).toMatch(/^registre-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = decode(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8').slice(1), { delimiter: ';' }) as string[][];
    expect(rows[0]).toEqual([
      'Nom',
      'Prénom',
      'Situation',
      'Isolée',
      'Adresse',
      'Commune (INSEE)',
      'Accès',
      'Téléphones',
      'Personnes à prévenir',
      'Médecin traitant',
      'Services à domicile',
      'Inscrite le',
    ]);
    const total = (await w.coordination.trpc.visits.register.list.query({})).total;
    expect(rows.length - 1).toBe(total);
    const jeanne = rows.find((r) => r[0] === 'Registrenom')!;
    expect(jeanne.slice(0, 6)).toEqual([
      'Registrenom',
      'Jeanne',
      '65 ans et plus',
      'Oui',
      '12 rue des Tilleuls',
      '34145',
    ]);
    expect(jeanne[6]).toContain('Digicode 4512A');
    expect(jeanne[7]).toBe('04 67 11 22 33 (Fixe) ; 06 12 34 56 78 (Portable)');
    expect(rows.find((r) => r[0] === 'Vulnerablenom')![2]).toBe('Adulte handicapé');

    const [exported] = (await auditRows('register.export')).slice(-1);
    expect(exported).toMatchObject({ object_type: 'register_entry' });
    expect(exported!.details).toMatchObject({ format: 'csv', count: total });
  });

  it('exports a PDF with the names, audited', async () => {
    const file = await w.coordination.trpc.visits.register.exportPdf.query({});
    expect(file.mimeType).toBe('application/pdf');
    const { text, title } = await pdfText(decode(file));
    expect(title).toBe('Registre des personnes vulnérables');
    expect(text).toContain('Registrenom');
    expect(text).toContain('Vulnerablenom');
    expect(text).toContain('Adulte handicapé');
    const exports = await auditRows('register.export');
    expect(exports.map((e) => (e.details as { format: string }).format)).toEqual(['csv', 'pdf']);
  });

  it('opt-out keeps the history, clears the plan’s data, leaves the list and the export; re-registration is a new row', async () => {
    const on = (await w.coordination.trpc.visits.register.get.query({ registrationId })).registeredOn;
    const missingMode = await failure(
      w.coordination.trpc.visits.register.optOut.mutate({ registrationId, reason: 'demande', on }),
    );
    expect(missingMode.data?.fieldErrors).toEqual({ mode: 'Indiquez comment la personne a demandé sa radiation.' });

    await w.coordination.trpc.visits.register.optOut.mutate({
      registrationId,
      reason: 'demande',
      mode: 'ecrit',
      on,
    });
    const entry = await w.coordination.trpc.visits.register.get.query({ registrationId });
    expect(entry).toMatchObject({
      status: 'radiee',
      optedOutOn: on,
      optOutReason: 'demande',
      optOutMode: 'ecrit',
      situation: 'age_65',
      consentOn: '2026-01-12',
      telephones: [],
      contactsUrgence: [],
      medecin: null,
      cles: null,
      digicode: null,
      adresse: '',
    });
    expect((await auditRows('register.opt_out', jeanneId)).length).toBe(1);
    expect(
      await codeOf(w.coordination.trpc.visits.register.optOut.mutate({ registrationId, reason: 'deces', on })),
    ).toBe('CONFLICT');

    const inForce = await w.coordination.trpc.visits.register.list.query({});
    expect(inForce.items.map((i) => i.personId)).not.toContain(jeanneId);
    const radiated = await w.coordination.trpc.visits.register.list.query({ status: 'radiee' });
    expect(radiated.items.map((i) => i.personId)).toContain(jeanneId);
    const csv = decode(await w.coordination.trpc.visits.register.exportCsv.query({})).toString('utf8');
    expect(csv).not.toContain('Registrenom');

    const again = await w.coordination.trpc.visits.register.create.mutate({ ...FORM, personId: jeanneId });
    expect(again.registrationId).not.toBe(registrationId);
    const history = await w.coordination.trpc.visits.register.forPerson.query({ personId: jeanneId });
    expect(history.registrations.map((r) => r.status)).toEqual(['inscrite', 'radiee']);
  });

  it('only coordinators: volunteers, partners, commission members and the administrator are refused', async () => {
    const admin = await w.h.as('admin@demo.ensemblier.fr');
    for (const b of [w.volunteer, w.entraide, w.ssiad, w.commission, admin]) {
      expect(await codeOf(b.trpc.visits.register.list.query({}))).toBe('FORBIDDEN');
      expect(await codeOf(b.trpc.visits.register.get.query({ registrationId }))).toBe('FORBIDDEN');
      expect(await codeOf(b.trpc.visits.register.forPerson.query({ personId: marcelId }))).toBe('FORBIDDEN');
      expect(await codeOf(b.trpc.visits.register.exportCsv.query({}))).toBe('FORBIDDEN');
      expect(await codeOf(b.trpc.visits.register.exportPdf.query({}))).toBe('FORBIDDEN');
      expect(await codeOf(b.trpc.visits.register.create.mutate({ ...FORM, personId: marcelId }))).toBe('FORBIDDEN');
      expect(
        await codeOf(b.trpc.visits.register.optOut.mutate({ registrationId, reason: 'deces', on: '2026-01-21' })),
      ).toBe('FORBIDDEN');
    }
  });

  it('an unknown person or registration is NOT_FOUND', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await codeOf(w.coordination.trpc.visits.register.get.query({ registrationId: unknown }))).toBe('NOT_FOUND');
    expect(await codeOf(w.coordination.trpc.visits.register.create.mutate({ ...FORM, personId: unknown }))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('demo register', () => {
  it('the demo seed registers six demo persons, once, that the coordinator lists', async () => {
    const { setupApi } = await import('./harness.ts');
    const { seedDemoReferrals } = await import('../src/seed/referrals.ts');
    const { seedDemoRegister } = await import('../src/seed/register.ts');
    const h = await setupApi();
    try {
      const now = h.clock.now();
      await seedDemoReferrals(h.db.owner, h.territoryId, { now });
      expect(await seedDemoRegister(h.db.owner, h.territoryId, { now })).toBe(6);
      expect(await seedDemoRegister(h.db.owner, h.territoryId, { now })).toBe(0);
      const coordination = await h.as('coordination@demo.ensemblier.fr');
      const list = await coordination.trpc.visits.register.list.query({});
      expect(list.total).toBe(6);
      expect(list.items.map((i) => i.nom)).toEqual(expect.arrayContaining(['Fabre', 'Roux', 'Granier', 'Benali']));
      // Each registered person's file is visible to the coordinator (get works).
      for (const item of list.items)
        expect((await coordination.trpc.visits.register.get.query({ registrationId: item.id })).personId).toBe(
          item.personId,
        );
    } finally {
      await h.close();
    }
  });
});
