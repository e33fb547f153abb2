import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScale } from '../src/seed/demo.ts';
import { codeOf, failure, inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

let h: Harness;
let admin: Browser;
let coordinator: Browser;
let ssiadManager: Browser;
let ssiadWorker: Browser;
let entraideManager: Browser;
let volunteer: Browser;
let commission: Browser;
let orgs: Record<string, string>;
let services: Record<string, string>;
let other: { serviceId: string; orgId: string };

const LUNEL = '34145';
const MONTPELLIER = '34172';
const NIMES = '30189';
const LUNEL_AGGLO = '243400520';

beforeAll(async () => {
  h = await setupApi();
  [admin, coordinator, ssiadManager, ssiadWorker, entraideManager, volunteer, commission] = (await Promise.all(
    [
      'admin@demo.ensemblier.fr',
      'coordination@demo.ensemblier.fr',
      'responsable.ssiad@demo.ensemblier.fr',
      'infirmier.ssiad@demo.ensemblier.fr',
      'responsable.entraide@demo.ensemblier.fr',
      'benevole@demo.ensemblier.fr',
      'commission@demo.ensemblier.fr',
    ].map((e) => h.as(e)),
  )) as [Browser, Browser, Browser, Browser, Browser, Browser, Browser];
  const orgRows = await inTerritory(h, (tx) => tx`SELECT id, name FROM organisation`);
  orgs = Object.fromEntries(orgRows.map((r) => [r.name, r.id]));
  const serviceRows = await inTerritory(h, (tx) => tx`SELECT id, nom FROM service`);
  services = Object.fromEntries(serviceRows.map((r) => [r.nom, r.id]));
  const b = await seedScale(h.db.owner, 1, 'Territoire voisin');
  const [s] = await inTerritory(h, (tx) => tx`SELECT id, organisation_id FROM service LIMIT 1`, b.territoryId);
  other = { serviceId: s!.id, orgId: s!.organisation_id };
});
afterAll(() => h.close());

const SSIAD = 'SSIAD de l’Étang de l’Or';
const ENTRAIDE = 'Entraide Lunelloise';
const T_ZONE = 'mobilite--entretenir-reparer-son-vehicule';

describe('search by thématique and commune', () => {
  let fixtures: Record<string, string>;

  beforeAll(async () => {
    const create = async (nom: string, zone: string[], organisationId = orgs[ENTRAIDE]!) =>
      (
        await admin.trpc.directory.service.create.mutate({
          organisationId,
          nom,
          thematiques: [T_ZONE],
          zoneEligibilite: zone,
        })
      ).id;
    fixtures = {
      commune: await create('Garage solidaire de Lunel', [LUNEL]),
      epci: await create('Garage solidaire de l’agglomération', [LUNEL_AGGLO]),
      departement: await create('Garage solidaire de l’Hérault', ['34']),
      france: await create('Garage solidaire national', ['france']),
      montpellier: await create('Garage solidaire de Montpellier', [MONTPELLIER]),
      nimes: await create('Garage solidaire de Nîmes', [NIMES]),
      gard: await create('Garage solidaire du Gard', ['30']),
      archived: await create('Garage solidaire fermé', [LUNEL]),
    };
    await admin.trpc.directory.service.archive.mutate({ id: fixtures.archived! });
    // A service of a deactivated organisation is not listed either.
    const { id: closedOrg } = await admin.trpc.admin.organisations.create.mutate({
      name: 'Association dissoute',
      type: 'association',
    });
    fixtures.closed = await create('Garage de l’association dissoute', [LUNEL], closedOrg);
    await admin.trpc.admin.organisations.deactivate.mutate({ id: closedOrg });
  });

  const ids = async (commune?: string) => {
    const page = await ssiadWorker.trpc.directory.search.query({ thematiques: [T_ZONE], commune, pageSize: 100 });
    expect(page.total).toBe(page.items.length);
    return new Set(page.items.map((i) => i.id));
  };

  it('a commune matches zones by its INSEE code, its EPCI, its département and france, exactly', async () => {
    const f = fixtures;
    expect(await ids(LUNEL)).toEqual(new Set([f.commune, f.epci, f.departement, f.france]));
    expect(await ids(MONTPELLIER)).toEqual(new Set([f.montpellier, f.departement, f.france]));
    expect(await ids(NIMES)).toEqual(new Set([f.nimes, f.gard, f.france]));
    expect(await ids()).toEqual(new Set([f.commune, f.epci, f.departement, f.france, f.montpellier, f.nimes, f.gard]));
  });

  it('a thématique category stands for all its thématiques; other filters combine', async () => {
    const page = await ssiadWorker.trpc.directory.search.query({ thematiques: ['mobilite'], commune: LUNEL });
    expect(page.items.map((i) => i.nom)).toContain('Garage solidaire de Lunel');
    expect(page.items.map((i) => i.nom)).toContain('Aide au permis de conduire');
    const seniors = await ssiadWorker.trpc.directory.search.query({
      thematiques: ['autonomie-domicile'],
      publics: ['seniors'],
      acceptsReferrals: true,
      organisationTypes: ['ssiad'],
      pageSize: 100,
    });
    expect(seniors.items.map((i) => i.nom).sort()).toEqual([
      'Soins infirmiers à domicile',
      'Équipe spécialisée Alzheimer à domicile',
    ]);
  });

  it('results carry capacity, freshness and the organisation; ranked by capacity when there is no text', async () => {
    const page = await volunteer.trpc.directory.search.query({ commune: LUNEL, pageSize: 100 });
    const item = page.items.find((i) => i.nom === 'Soins infirmiers à domicile')!;
    expect(item).toMatchObject({
      organisation: { id: orgs[SSIAD], name: SSIAD, type: 'ssiad' },
      thematiques: ['autonomie-domicile--soins-infirmiers-a-domicile'],
      acceptsReferrals: true,
      capacity: { status: 'liste_attente', delayDays: 15 },
      stale: false,
      zoneEligibilite: ['34145', '34146', '34151'],
    });
    expect(item.capacity.confirmedAt).toBeTruthy();
    const order = { places_disponibles: 0, liste_attente: 1, inconnu: 2, complet: 3 };
    const ranks = page.items.map((i) => order[i.capacity.status]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(page.items.find((i) => i.nom === 'Vestiaire solidaire')?.stale).toBe(true);
  });

  it('long descriptions are truncated in results', async () => {
    const { id } = await admin.trpc.directory.service.create.mutate({
      organisationId: orgs[ENTRAIDE]!,
      nom: 'Service à longue description',
      description: 'Une phrase assez longue pour remplir la fiche. '.repeat(30),
      thematiques: ['remobilisation--lien-social'],
      zoneEligibilite: [LUNEL],
    });
    const page = await admin.trpc.directory.search.query({ q: 'longue description' });
    const item = page.items.find((i) => i.id === id)!;
    expect(item.description.length).toBeLessThanOrEqual(301);
    expect(item.description.endsWith('…')).toBe(true);
  });
});

describe('free-text search', () => {
  for (const q of ['epicerie', 'epiceri', 'Épicerie', 'EPICERIE', 'epicrie', 'épicerie solidaire']) {
    it(`“${q}” finds the épicerie solidaire first`, async () => {
      const page = await ssiadWorker.trpc.directory.search.query({ q });
      expect(page.items[0]?.nom).toBe('Épicerie solidaire');
    });
  }

  it('ranks by relevance: the name counts more than the organisation or description', async () => {
    const page = await ssiadWorker.trpc.directory.search.query({ q: 'epicerie' });
    const names = page.items.map((i) => i.nom);
    // "Ateliers cuisine petit budget" only matches through its organisation's name.
    expect(names).toContain('Ateliers cuisine petit budget');
    expect(names.indexOf('Épicerie solidaire')).toBeLessThan(names.indexOf('Ateliers cuisine petit budget'));
  });

  it('several words must all match (stop words ignored), typos tolerated', async () => {
    expect((await admin.trpc.directory.search.query({ q: 'soins infirmiers' })).items[0]?.nom).toBe(
      'Soins infirmiers à domicile',
    );
    expect((await admin.trpc.directory.search.query({ q: 'portage des repas' })).items[0]?.nom).toBe(
      'Portage de repas à domicile',
    );
    expect((await admin.trpc.directory.search.query({ q: 'teleasistance' })).items[0]?.nom).toBe('Téléassistance');
    expect((await admin.trpc.directory.search.query({ q: 'domiciliation' })).items[0]?.nom).toBe(
      'Domiciliation administrative',
    );
    // The thématique label is searchable too ("Impayés de loyer (bailleur social)").
    expect((await admin.trpc.directory.search.query({ q: 'impayes loyer' })).items.map((i) => i.nom)).toContain(
      'Prévention des impayés de loyer',
    );
    expect((await admin.trpc.directory.search.query({ q: 'zzzqqqxxx' })).total).toBe(0);
  });

  it('keeps search_document current: service rename, organisation rename', async () => {
    const s = await admin.trpc.directory.service.get.query({ id: services['Vestiaire solidaire']! });
    await entraideManager.trpc.directory.service.update.mutate({
      ...editable(s),
      nom: 'Boutique solidaire de vêtements',
    });
    expect((await admin.trpc.directory.search.query({ q: 'boutique vetements' })).items[0]?.id).toBe(s.id);
    const org = await admin.trpc.admin.organisations.get.query({ id: orgs['Mission locale Petite Camargue']! });
    await admin.trpc.admin.organisations.update.mutate({
      id: org.id,
      version: org.version,
      name: 'Mission locale Vidourle Camargue',
      type: 'mission_locale',
    });
    const page = await admin.trpc.directory.search.query({ q: 'vidourle' });
    expect(page.items.map((i) => i.nom).sort()).toEqual(['Aide au permis de conduire', 'Contrat d’engagement jeune']);
    expect(page.items[0]?.organisation.name).toBe('Mission locale Vidourle Camargue');
  });
});

/** The editable fields of a service as returned by get (what an edit form sends back). */
function editable(s: Awaited<ReturnType<Browser['trpc']['directory']['service']['get']['query']>>) {
  return {
    id: s.id,
    version: s.version,
    nom: s.nom,
    description: s.description,
    type: s.type,
    thematiques: s.thematiques,
    publics: s.publics,
    publicsPrecisions: s.publicsPrecisions,
    frais: s.frais,
    fraisPrecisions: s.fraisPrecisions,
    conditionsAcces: s.conditionsAcces,
    modesAccueil: s.modesAccueil,
    zoneEligibilite: s.zoneEligibilite,
    modesMobilisation: s.modesMobilisation,
    mobilisablePar: s.mobilisablePar,
    mobilisationPrecisions: s.mobilisationPrecisions,
    lienMobilisation: s.lienMobilisation,
    piecesJustificatives: s.piecesJustificatives,
    contactNomPrenom: s.contactNomPrenom,
    courriel: s.courriel,
    telephone: s.telephone ?? undefined,
    horairesAccueil: s.horairesAccueil,
    adresse: s.adresse,
    complementAdresse: s.complementAdresse,
    codePostal: s.codePostal,
    communeInsee: s.communeInsee,
    acceptsReferrals: s.acceptsReferrals,
  };
}

describe('who may edit what', () => {
  it('a partner manager edits their own organisation’s services and profile only', async () => {
    const own = await ssiadManager.trpc.directory.service.get.query({ id: services['Soins infirmiers à domicile']! });
    expect(own.permissions).toEqual({ update: true, archive: true, capacity: true, confirm: true });
    await ssiadManager.trpc.directory.service.update.mutate({ ...editable(own), conditionsAcces: 'Sur prescription.' });
    const created = await ssiadManager.trpc.directory.service.create.mutate({
      organisationId: orgs[SSIAD]!,
      nom: 'Soins palliatifs à domicile',
      thematiques: ['sante--acces-aux-soins'],
      zoneEligibilite: [LUNEL],
      acceptsReferrals: true,
    });
    expect(created.id).toBeTruthy();

    const theirs = await ssiadManager.trpc.directory.service.get.query({ id: services['Colis alimentaires']! });
    expect(theirs.permissions).toEqual({ update: false, archive: false, capacity: false, confirm: false });
    expect(await codeOf(ssiadManager.trpc.directory.service.update.mutate(editable(theirs)))).toBe('FORBIDDEN');
    expect(await codeOf(ssiadManager.trpc.directory.service.archive.mutate({ id: theirs.id }))).toBe('FORBIDDEN');
    expect(await codeOf(ssiadManager.trpc.directory.service.confirm.mutate({ id: theirs.id }))).toBe('FORBIDDEN');
    expect(
      await codeOf(ssiadManager.trpc.directory.service.setCapacity.mutate({ id: theirs.id, status: 'complet' })),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        ssiadManager.trpc.directory.service.create.mutate({
          organisationId: orgs[ENTRAIDE]!,
          nom: 'Intrus',
          thematiques: ['aide-alimentaire--colis'],
          zoneEligibilite: [LUNEL],
        }),
      ),
    ).toBe('FORBIDDEN');

    const profile = await ssiadManager.trpc.directory.organisation.get.query({ id: orgs[SSIAD]! });
    expect(profile.permissions).toEqual({ updateProfile: true, createService: true });
    expect(profile.services.map((s) => s.nom)).toContain('Soins palliatifs à domicile');
    const { version } = await ssiadManager.trpc.directory.organisation.updateProfile.mutate({
      id: profile.id,
      version: profile.version,
      siret: '123 456 789 00012',
      adresse: '2 rue de l’Étang',
      codePostal: '34400',
      communeInsee: '34146',
      siteWeb: 'https://ssiad.exemple.fr',
      description: 'Service de soins infirmiers à domicile.',
      reseauxPorteurs: [],
    });
    expect(version).toBe(profile.version + 1);
    const after = await volunteer.trpc.directory.organisation.get.query({ id: profile.id });
    expect(after).toMatchObject({
      siret: '12345678900012',
      adresse: '2 rue de l’Étang',
      siteWeb: 'https://ssiad.exemple.fr',
      permissions: { updateProfile: false, createService: false },
    });
    const entraide = await ssiadManager.trpc.directory.organisation.get.query({ id: orgs[ENTRAIDE]! });
    expect(
      await codeOf(
        ssiadManager.trpc.directory.organisation.updateProfile.mutate({ id: entraide.id, version: entraide.version }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('objects of another territory are NOT_FOUND, never FORBIDDEN', async () => {
    expect(await codeOf(ssiadManager.trpc.directory.service.get.query({ id: other.serviceId }))).toBe('NOT_FOUND');
    expect(await codeOf(ssiadManager.trpc.directory.service.confirm.mutate({ id: other.serviceId }))).toBe('NOT_FOUND');
    expect(
      await codeOf(ssiadWorker.trpc.directory.service.setCapacity.mutate({ id: other.serviceId, status: 'complet' })),
    ).toBe('NOT_FOUND');
    expect(await codeOf(ssiadManager.trpc.directory.organisation.get.query({ id: other.orgId }))).toBe('NOT_FOUND');
  });

  it('a partner worker sets the capacity of their organisation’s services only; it shows in search at once', async () => {
    const id = services['Soins infirmiers à domicile']!;
    const s = await ssiadWorker.trpc.directory.service.get.query({ id });
    expect(s.permissions).toEqual({ update: false, archive: false, capacity: true, confirm: false });
    expect(await codeOf(ssiadWorker.trpc.directory.service.update.mutate(editable(s)))).toBe('FORBIDDEN');
    expect(await codeOf(ssiadWorker.trpc.directory.service.confirm.mutate({ id }))).toBe('FORBIDDEN');
    expect(
      await codeOf(
        ssiadWorker.trpc.directory.service.setCapacity.mutate({
          id: services['Colis alimentaires']!,
          status: 'complet',
        }),
      ),
    ).toBe('FORBIDDEN');

    const filter = { thematiques: ['autonomie-domicile--soins-infirmiers-a-domicile'], commune: LUNEL };
    const waiting = await coordinator.trpc.directory.search.query({ ...filter, capacity: ['liste_attente'] });
    expect(waiting.items.map((i) => i.id)).toContain(id);

    h.clock.advance(60_000);
    const result = await ssiadWorker.trpc.directory.service.setCapacity.mutate({ id, status: 'places_disponibles' });
    expect(result.capacity).toMatchObject({ status: 'places_disponibles', delayDays: null });

    const open = await coordinator.trpc.directory.search.query({ ...filter, capacity: ['places_disponibles'] });
    const item = open.items.find((i) => i.id === id)!;
    expect(item.capacity.status).toBe('places_disponibles');
    expect(new Date(item.capacity.confirmedAt!).getTime()).toBe(h.clock.now().getTime());
    expect(new Date(item.dateMaj).getTime()).toBe(h.clock.now().getTime());
    const stillWaiting = await coordinator.trpc.directory.search.query({ ...filter, capacity: ['liste_attente'] });
    expect(stillWaiting.items.map((i) => i.id)).not.toContain(id);

    const [audit] = await inTerritory(
      h,
      (tx) => tx`SELECT action, role, details FROM audit_event WHERE action = 'service.capacity' AND object_id = ${id}`,
    );
    expect(audit).toMatchObject({
      role: 'partner_worker',
      details: { before: { status: 'liste_attente', delayDays: 15 }, after: { status: 'places_disponibles' } },
    });
  });

  it('a volunteer reads the directory but writes nothing; a commission member has no directory', async () => {
    const id = services['Colis alimentaires']!;
    expect((await volunteer.trpc.directory.search.query({})).total).toBeGreaterThan(20);
    const s = await volunteer.trpc.directory.service.get.query({ id });
    expect(s.permissions).toEqual({ update: false, archive: false, capacity: false, confirm: false });
    expect(await codeOf(volunteer.trpc.directory.service.update.mutate(editable(s)))).toBe('FORBIDDEN');
    expect(await codeOf(volunteer.trpc.directory.service.setCapacity.mutate({ id, status: 'complet' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(volunteer.trpc.directory.service.confirm.mutate({ id }))).toBe('FORBIDDEN');
    expect(await codeOf(volunteer.trpc.directory.stale.query({}))).toBe('FORBIDDEN');
    expect(await codeOf(commission.trpc.directory.search.query({}))).toBe('FORBIDDEN');
    expect(await codeOf(commission.trpc.directory.service.get.query({ id }))).toBe('FORBIDDEN');
  });

  it('every professional and volunteer lists the network’s active organisations (names only), not a commission member', async () => {
    const list = await ssiadWorker.trpc.directory.organisation.list.query();
    const names = list.map((o) => o.name);
    expect(names).toContain(SSIAD);
    expect(list.every((o) => Object.keys(o).sort().join() === 'id,name,type')).toBe(true);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' })));
    // Another territory's organisations never appear.
    expect(list.map((o) => o.id)).not.toContain(other.orgId);
    const [deactivated] = await inTerritory(
      h,
      (tx) => tx`UPDATE organisation SET status = 'deactivated' WHERE id = ${orgs[ENTRAIDE]!} RETURNING name`,
    );
    expect((await volunteer.trpc.directory.organisation.list.query()).map((o) => o.name)).not.toContain(
      deactivated!.name,
    );
    await inTerritory(h, (tx) => tx`UPDATE organisation SET status = 'active' WHERE id = ${orgs[ENTRAIDE]!}`);
    expect(await codeOf(commission.trpc.directory.organisation.list.query())).toBe('FORBIDDEN');
  });

  it('the admin edits every organisation’s services', async () => {
    const s = await admin.trpc.directory.service.get.query({ id: services['Colis alimentaires']! });
    expect(s.permissions).toEqual({ update: true, archive: true, capacity: true, confirm: true });
    await admin.trpc.directory.service.setCapacity.mutate({ id: s.id, status: 'liste_attente', delayDays: 8 });
    expect((await admin.trpc.directory.service.get.query({ id: s.id })).capacity).toMatchObject({
      status: 'liste_attente',
      delayDays: 8,
    });
  });
});

describe('concurrency and validation', () => {
  it('an update with a stale version is a CONFLICT', async () => {
    const s = await entraideManager.trpc.directory.service.get.query({ id: services['Accompagnement budgétaire']! });
    const first = await entraideManager.trpc.directory.service.update.mutate({
      ...editable(s),
      description: 'Première version.',
    });
    expect(first.version).toBe(s.version + 1);
    // A capacity change does not make a pending edit conflict.
    await entraideManager.trpc.directory.service.setCapacity.mutate({ id: s.id, status: 'places_disponibles' });
    const second = await failure(
      admin.trpc.directory.service.update.mutate({ ...editable(s), description: 'Écrasement.' }),
    );
    expect(second.data?.code).toBe('CONFLICT');
    expect(second.message).toMatch(/modifié cet élément en même temps/);
    const now = await admin.trpc.directory.service.get.query({ id: s.id });
    expect(now.description).toBe('Première version.');
    expect(now.capacity.status).toBe('places_disponibles');
  });

  it('validation errors come back as French field errors', async () => {
    const e = await failure(
      admin.trpc.directory.service.create.mutate({
        organisationId: orgs[ENTRAIDE]!,
        nom: 'X',
        thematiques: [],
        zoneEligibilite: [],
        courriel: 'pas-une-adresse',
        lienMobilisation: 'exemple',
      }),
    );
    expect(e.data?.code).toBe('BAD_REQUEST');
    expect(e.data?.fieldErrors).toMatchObject({
      nom: 'Le nom doit contenir au moins 2 caractères.',
      thematiques: 'Choisissez au moins une thématique.',
      zoneEligibilite: 'Indiquez au moins une commune, un EPCI ou un département.',
      courriel: 'Indiquez une adresse e-mail valide.',
      lienMobilisation: 'Indiquez une adresse web complète, commençant par https://',
    });
    const unknownCommune = await failure(
      admin.trpc.directory.service.create.mutate({
        organisationId: orgs[ENTRAIDE]!,
        nom: 'Service fantôme',
        thematiques: ['aide-alimentaire--colis'],
        zoneEligibilite: [LUNEL, '99999'],
      }),
    );
    expect(unknownCommune.data?.fieldErrors).toEqual({ zoneEligibilite: 'Commune inconnue (code INSEE) : 99999.' });
    const delay = await failure(
      admin.trpc.directory.service.setCapacity.mutate({ id: services['Colis alimentaires']!, status: 'liste_attente' }),
    );
    expect(delay.data?.fieldErrors).toEqual({ delayDays: 'Indiquez le délai d’attente habituel, en jours.' });
    const siret = await failure(
      admin.trpc.directory.organisation.updateProfile.mutate({ id: orgs[ENTRAIDE]!, version: 1, siret: '123' }),
    );
    expect(siret.data?.fieldErrors).toEqual({ siret: 'Le SIRET comporte 14 chiffres.' });
  });
});

describe('stale services', () => {
  it('the report lists exactly the active services not confirmed for 6 months, oldest first', async () => {
    const expected = await inTerritory(
      h,
      (tx) => tx`
        SELECT s.id FROM service s JOIN organisation o ON o.id = s.organisation_id
        WHERE s.status = 'active' AND o.status = 'active' AND s.date_maj < ${h.clock.now()}::timestamptz - interval '6 months'
        ORDER BY s.date_maj`,
    );
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const report = await coordinator.trpc.directory.stale.query({ pageSize: 100 });
    expect(report.items.map((i) => i.id)).toEqual(expected.map((r) => r.id));
    expect(report.total).toBe(expected.length);
    expect(report.items.map((i) => i.nom)).toContain('Constitution du dossier MDPH');
    expect(report.items[0]).toMatchObject({ organisation: { name: expect.any(String) } });
    const staleSearch = await coordinator.trpc.directory.search.query({ staleOnly: true, pageSize: 100 });
    expect(new Set(staleSearch.items.map((i) => i.id))).toEqual(new Set(expected.map((r) => r.id)));
    expect(staleSearch.items.every((i) => i.stale)).toBe(true);
    expect(await codeOf(entraideManager.trpc.directory.stale.query({}))).toBe('FORBIDDEN');
  });

  it('“toujours à jour” makes a service fresh again', async () => {
    const id = services['Demande de mutation de logement']!;
    expect((await admin.trpc.directory.service.get.query({ id })).stale).toBe(true);
    await admin.trpc.directory.service.confirm.mutate({ id });
    const s = await admin.trpc.directory.service.get.query({ id });
    expect(s.stale).toBe(false);
    expect(new Date(s.dateMaj).getTime()).toBe(h.clock.now().getTime());
    const report = await coordinator.trpc.directory.stale.query({ pageSize: 100 });
    expect(report.items.map((i) => i.id)).not.toContain(id);
  });
});

describe('communes', () => {
  it('autocomplete by name, accent- and typo-tolerant, the territory’s communes first', async () => {
    const lun = await volunteer.trpc.directory.communes.search.query({ q: 'lun' });
    expect(lun.slice(0, 2).map((c) => c.nom)).toEqual(['Lunel', 'Lunel-Viel']);
    expect(lun[0]).toEqual({
      code: '34145',
      nom: 'Lunel',
      codesPostaux: ['34400'],
      departement: '34',
      inTerritory: true,
    });
    expect((await volunteer.trpc.directory.communes.search.query({ q: 'beziers' }))[0]?.nom).toBe('Béziers');
    expect((await volunteer.trpc.directory.communes.search.query({ q: 'montpelier' }))[0]?.nom).toBe('Montpellier');
    expect((await volunteer.trpc.directory.communes.search.query({ q: 'saint jean de vedas' }))[0]?.nom).toBe(
      'Saint-Jean-de-Védas',
    );
  });

  it('by postcode or INSEE code, and labels by code', async () => {
    const byPostcode = await volunteer.trpc.directory.communes.search.query({ q: '34400' });
    expect(byPostcode[0]?.nom).toBe('Lunel');
    expect(byPostcode.every((c) => c.codesPostaux.includes('34400'))).toBe(true);
    expect((await volunteer.trpc.directory.communes.search.query({ q: '34172' }))[0]?.nom).toBe('Montpellier');
    const labels = await volunteer.trpc.directory.communes.get.query({ codes: [MONTPELLIER, LUNEL, '99999'] });
    expect(labels.map((c) => c.nom)).toEqual(['Montpellier', 'Lunel']);
  });
});
