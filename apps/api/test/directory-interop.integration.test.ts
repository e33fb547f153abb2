import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

/** The published standards, read where they live (../shared/standards from the repo root). */
function repoRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}
const STANDARDS = resolve(repoRoot(), '../shared/standards');
const readJson = (path: string) => JSON.parse(readFileSync(join(STANDARDS, path), 'utf8')) as Record<string, unknown>;

/** data·inclusion v1 schemas are pydantic output: `$defs`, draft 2020-12 semantics (no `$schema`). */
function dataInclusionValidator(name: 'structure' | 'service', closed = false): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema = readJson(`data-inclusion-v1/${name}.json`);
  return ajv.compile(closed ? { ...schema, additionalProperties: false } : schema);
}

/**
 * HSDS 3.0 (draft-07 keywords, no `$schema`). The compiled schemas are self-contained, except
 * tabular.json, whose nested tables refer to the single-table files by name: those are added under
 * their file names. `tabular_required` (the fields a table needs in the tabular form) is checked
 * as `required`.
 */
function hsdsAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addKeyword({
    keyword: 'tabular_required',
    schemaType: 'array',
    macro: (schema: string[]) => ({ required: schema }),
  });
  for (const file of readdirSync(join(STANDARDS, 'hsds-3.0/schema')).filter((f) => f.endsWith('.json'))) {
    if (file === 'openapi.json') continue;
    ajv.addSchema(readJson(`hsds-3.0/schema/${file}`) as AnySchema, file);
  }
  return ajv;
}

const errorsOf = (validate: ValidateFunction, data: unknown) =>
  validate(data)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

// ----------------------------------------------------------------------------------------------
// The fixture: what a data·inclusion export of three communes of the Pays de Lunel looks like.

const structure = (id: string, extra: Record<string, unknown> = {}) => ({
  source: 'dora',
  id: `dora--${id}`,
  nom: `Structure ${id}`,
  siret: null,
  date_maj: '2025-03-01',
  lien_source: `https://dora.example/structures/${id}`,
  description: null,
  adresse: null,
  complement_adresse: null,
  code_postal: null,
  code_insee: null,
  commune: null,
  longitude: null,
  latitude: null,
  telephone: null,
  courriel: null,
  site_web: null,
  horaires_accueil: null,
  accessibilite_lieu: null,
  reseaux_porteurs: null,
  ...extra,
});

const service = (id: string, structureId: string, extra: Record<string, unknown> = {}) => ({
  source: 'dora',
  id: `dora--svc-${id}`,
  structure_id: `dora--${structureId}`,
  nom: `Service ${id}`,
  description: `Description du service ${id}, assez longue pour le schéma.`,
  type: 'accompagnement',
  thematiques: ['difficultes-financieres--ameliorer-sa-gestion-budgetaire'],
  frais: 'gratuit',
  frais_precisions: null,
  publics: ['tous-publics'],
  publics_precisions: null,
  conditions_acces: null,
  date_maj: '2025-04-15',
  lien_source: null,
  adresse: null,
  complement_adresse: null,
  code_postal: null,
  code_insee: null,
  commune: null,
  longitude: null,
  latitude: null,
  telephone: null,
  courriel: null,
  contact_nom_prenom: null,
  horaires_accueil: null,
  modes_accueil: ['en-presentiel'],
  zone_eligibilite: ['34145'],
  modes_mobilisation: ['telephoner'],
  mobilisable_par: ['professionnels', 'usagers'],
  mobilisation_precisions: null,
  lien_mobilisation: null,
  nombre_semaines: null,
  volume_horaire_hebdomadaire: null,
  ...extra,
});

const VALID_FILE = {
  structures: [
    structure('ccas-lunel-viel', {
      nom: 'CCAS de Lunel-Viel',
      siret: '21340146300017',
      adresse: '1 place de la Mairie',
      code_postal: '34400',
      code_insee: '34146',
      commune: 'Lunel-Viel',
      telephone: '+33467830000',
      courriel: 'ccas@lunelviel.example.fr',
      site_web: 'https://www.lunelviel.example.fr',
      horaires_accueil: 'Mo-Fr 08:30-12:00,13:30-17:00; PH off',
      description: 'Centre communal d’action sociale de Lunel-Viel.',
      reseaux_porteurs: ['ccas-cias', 'communes'],
    }),
    structure('resto-marsillargues', {
      nom: 'Les Restos du Cœur — Marsillargues',
      code_insee: '34151',
      commune: 'Marsillargues',
      adresse: '12 rue de la Gare',
      code_postal: '34590',
      reseaux_porteurs: ['restos-du-coeur'],
    }),
    structure('portage-lunel', {
      nom: 'Portage solidaire du Lunellois',
      code_insee: '34145',
      telephone: '04 67 71 00 00',
    }),
  ],
  services: [
    service('aide-budget', 'ccas-lunel-viel', {
      nom: 'Aide à la gestion du budget',
      zone_eligibilite: ['34146'],
      horaires_accueil: 'Tu,Th 14:00-17:00',
      contact_nom_prenom: 'Accueil social',
      courriel: 'accueil@lunelviel.example.fr',
    }),
    service('colis', 'resto-marsillargues', {
      nom: 'Distribution de colis alimentaires',
      type: 'aide-materielle',
      thematiques: ['equipement-et-alimentation--alimentation'],
      zone_eligibilite: ['34151', '34145', '243400520'],
      horaires_accueil: 'sur rendez-vous',
    }),
    service('repas', 'portage-lunel', {
      nom: 'Portage de repas à domicile',
      // One of our extensions: accepted on import, mapped to the schema's value on export.
      thematiques: ['autonomie-domicile--portage-de-repas'],
      publics: ['seniors', 'personnes-en-situation-de-handicap'],
      frais: 'payant',
      frais_precisions: 'Selon les revenus.',
      zone_eligibilite: ['34'],
      code_insee: '34145',
      adresse: '5 avenue des Abrivados',
      code_postal: '34400',
    }),
  ],
};

const content = (file: unknown) => JSON.stringify(file);

let h: Harness;
let admin: Browser;
let coordinator: Browser;
let worker: Browser;

beforeAll(async () => {
  h = await setupApi();
  [admin, coordinator, worker] = await Promise.all([
    h.as('admin@demo.ensemblier.fr'),
    h.as('coordination@demo.ensemblier.fr'),
    h.as('infirmier.ssiad@demo.ensemblier.fr'),
  ]);
});
afterAll(() => h.close());

const counts = () =>
  inTerritory(h, async (tx) => {
    const [row] = await tx<{ organisations: number; services: number; audits: number }[]>`
      SELECT (SELECT count(*)::int FROM organisation) AS organisations, (SELECT count(*)::int FROM service) AS services,
        (SELECT count(*)::int FROM audit_event WHERE action = 'directory.import') AS audits`;
    return row!;
  });

describe('data·inclusion import', () => {
  it('the fixture itself is a valid data·inclusion export', () => {
    const s = dataInclusionValidator('structure', true);
    const v = dataInclusionValidator('service', true);
    for (const row of VALID_FILE.structures) expect(errorsOf(s, row)).toEqual([]);
    // (the portage service uses one of our extensions, which the schema does not know)
    for (const row of VALID_FILE.services.slice(0, 2)) expect(errorsOf(v, row)).toEqual([]);
  });

  it('a valid file creates the rows; importing it again changes nothing and duplicates nothing', async () => {
    const before = await counts();
    const first = await admin.trpc.directory.interop.importDataInclusion.mutate({ content: content(VALID_FILE) });
    expect(first).toEqual({
      created: { structures: 3, services: 3 },
      updated: { structures: 0, services: 0 },
      unchanged: { structures: 0, services: 0 },
      rejected: [],
    });
    const afterFirst = await counts();
    expect(afterFirst.organisations).toBe(before.organisations + 3);
    expect(afterFirst.services).toBe(before.services + 3);

    const again = await admin.trpc.directory.interop.importDataInclusion.mutate({ content: content(VALID_FILE) });
    expect(again).toEqual({
      created: { structures: 0, services: 0 },
      updated: { structures: 0, services: 0 },
      unchanged: { structures: 3, services: 3 },
      rejected: [],
    });
    const afterSecond = await counts();
    expect(afterSecond.organisations).toBe(afterFirst.organisations);
    expect(afterSecond.services).toBe(afterFirst.services);
    expect(afterSecond.audits).toBe(before.audits + 2);

    // What was written: mapped columns, a type guessed from the name, the search text.
    const [org] = await inTerritory(
      h,
      (tx) =>
        tx`SELECT name, type, siret, phone, email, commune_insee, code_postal, reseaux_porteurs, source, source_id
           FROM organisation WHERE source = 'dora' AND source_id = 'dora--ccas-lunel-viel'`,
    );
    expect(org).toMatchObject({
      name: 'CCAS de Lunel-Viel',
      type: 'ccas',
      siret: '21340146300017',
      phone: '+33467830000',
      email: 'ccas@lunelviel.example.fr',
      commune_insee: '34146',
      code_postal: '34400',
      reseaux_porteurs: ['ccas-cias', 'communes'],
    });
    const [repas] = await inTerritory(
      h,
      (tx) =>
        tx`SELECT s.thematiques, s.zone_eligibilite, s.search_document, s.search_tsv::text AS tsv, s.date_maj, o.type
           FROM service s JOIN organisation o ON o.id = s.organisation_id WHERE s.source_id = 'dora--svc-repas'`,
    );
    expect(repas!.thematiques).toEqual(['autonomie-domicile--portage-de-repas']);
    expect(repas!.type).toBe('autre');
    expect(repas!.search_document).toContain('portage de repas a domicile');
    expect(repas!.search_document).toContain('portage solidaire du lunellois');
    expect(repas!.tsv).toContain("'portag'"); // the weighted vector the directory search uses
    expect((repas!.date_maj as Date).toISOString().slice(0, 10)).toBe('2025-04-15');
    // … and the directory search finds it, by its words and by commune.
    const found = await worker.trpc.directory.search.query({ q: 'portage repas', commune: '34145' });
    expect(found.items.map((i) => i.nom)).toContain('Portage de repas à domicile');
    const [audit] = await inTerritory(
      h,
      (tx) => tx`SELECT details FROM audit_event WHERE action = 'directory.import' ORDER BY seq LIMIT 1`,
    );
    expect(audit!.details).toMatchObject({ format: 'data-inclusion', created: { structures: 3, services: 3 } });
  });

  it('a changed row is updated, and a renamed structure’s services follow in search', async () => {
    const file = structuredClone(VALID_FILE);
    file.structures[2]!.nom = 'Portage solidaire de l’Étang';
    file.services[0]!.description = 'Nouvelle description du service budget.';
    const report = await admin.trpc.directory.interop.importDataInclusion.mutate({ content: content(file) });
    // The renamed structure's service is not itself changed, only its search text.
    expect(report.updated).toEqual({ structures: 1, services: 1 });
    expect(report.unchanged).toEqual({ structures: 2, services: 2 });
    const [repas] = await inTerritory(
      h,
      (tx) => tx`SELECT search_document FROM service WHERE source_id = 'dora--svc-repas'`,
    );
    expect(repas!.search_document).toContain("portage solidaire de l'etang");
    // Back to the original, for the tests below.
    await admin.trpc.directory.interop.importDataInclusion.mutate({ content: content(VALID_FILE) });
  });

  it('bad rows are rejected with their reason, the others are imported', async () => {
    const before = await counts();
    const file = {
      structures: [
        structure('bon', { nom: 'Mission locale Petite Camargue — antenne', code_insee: '34151' }),
        structure('siret-faux', { siret: '123' }),
        structure('commune-inconnue', { code_insee: '34999' }),
        'pas un objet',
      ],
      services: [
        service('bon', 'bon'),
        service('thematique', 'bon', { thematiques: ['sante--acces-aux-soins', 'thematique-inventee'] }),
        service('orphelin', 'nulle-part'),
        service('de-la-rejetee', 'siret-faux'),
        service('sans-nom', 'bon', { nom: undefined }),
        service('zone', 'bon', { zone_eligibilite: ['34145', '99999'] }),
      ],
    };
    const report = await admin.trpc.directory.interop.importDataInclusion.mutate({ content: content(file) });
    expect(report.created).toEqual({ structures: 1, services: 1 });
    const reasons = Object.fromEntries(report.rejected.map((r) => [`${r.kind}:${r.id}`, r.reason]));
    expect(reasons).toEqual({
      'structure:dora--siret-faux': 'Champ « siret » : le SIRET comporte 14 chiffres.',
      'structure:dora--commune-inconnue':
        'Champ « code_insee » : commune 34999 inconnue du Code officiel géographique.',
      'structure:': 'La ligne doit être un objet JSON.',
      'service:dora--svc-thematique': 'Champ « thematiques » : thématique inconnue : « thematique-inventee ».',
      'service:dora--svc-orphelin':
        'Sa structure « dora--nulle-part » est introuvable : elle n’est ni dans le fichier, ni déjà importée.',
      'service:dora--svc-de-la-rejetee': 'Sa structure « dora--siret-faux » a été rejetée : corrigez-la d’abord.',
      'service:dora--svc-sans-nom': 'Champ « nom » : valeur obligatoire manquante.',
      'service:dora--svc-zone': 'Champ « zone_eligibilite » : code inconnu du Code officiel géographique (99999).',
    });
    expect(report.rejected.find((r) => r.id === 'dora--svc-thematique')).toMatchObject({
      kind: 'service',
      source: 'dora',
    });
    const [bon] = await inTerritory(h, (tx) => tx`SELECT type FROM organisation WHERE source_id = 'dora--bon'`);
    expect(bon!.type).toBe('mission_locale');
    const after = await counts();
    expect(after.organisations).toBe(before.organisations + 1);
    expect(after.services).toBe(before.services + 1);
  });

  it('a service already imported can be attached to a structure imported earlier', async () => {
    const report = await admin.trpc.directory.interop.importDataInclusion.mutate({
      content: content({ structures: [], services: [service('plus-tard', 'ccas-lunel-viel')] }),
    });
    expect(report.created.services).toBe(1);
    expect(report.rejected).toEqual([]);
  });

  it('a structure named like an existing organisation is rejected, not merged', async () => {
    const report = await admin.trpc.directory.interop.importDataInclusion.mutate({
      content: content({ structures: [structure('homonyme', { nom: 'CLIC Est Héraultais' })], services: [] }),
    });
    expect(report.rejected).toEqual([
      {
        kind: 'structure',
        source: 'dora',
        id: 'dora--homonyme',
        reason: 'Une autre structure porte déjà ce nom sur le territoire : renommez l’une des deux avant d’importer.',
      },
    ]);
  });

  it('a malformed file changes nothing and says why, in French', async () => {
    const before = await counts();
    const tooMany = {
      structures: Array.from({ length: 4000 }, (_, i) => structure(`n${i}`)),
      services: Array.from({ length: 1001 }, (_, i) => service(`n${i}`, 'n0')),
    };
    const cases: [string, RegExp][] = [
      ['{"structures": [', /n’est pas un fichier JSON valide/],
      ['', /Le fichier est vide/],
      ['[]', /objet JSON avec deux listes, « structures » et « services »/],
      [content({ structures: VALID_FILE.structures }), /deux listes/],
      [content({ structures: {}, services: [] }), /deux listes/],
      [content({ structures: [], services: [] }), /aucune structure ni aucun service/],
      [content(tooMany), /5\s001 lignes : 5\s000 au plus par import/],
    ];
    for (const [text, message] of cases) {
      const error = await failure(admin.trpc.directory.interop.importDataInclusion.mutate({ content: text }));
      expect(error.data?.code).toBe('BAD_REQUEST');
      expect(error.data?.fieldErrors?.content).toMatch(message);
      expect(error.message).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('only administrators import', async () => {
    const before = await counts();
    expect(
      await codeOf(worker.trpc.directory.interop.importDataInclusion.mutate({ content: content(VALID_FILE) })),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(coordinator.trpc.directory.interop.importDataInclusion.mutate({ content: content(VALID_FILE) })),
    ).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});

describe('exports', () => {
  it('data·inclusion JSON: every structure and service validates against the schema, and nothing more', async () => {
    const { structures, services } = await coordinator.trpc.directory.interop.exportDataInclusion.query();
    // Demo organisations + the imported ones.
    expect(structures.length).toBeGreaterThan(15);
    expect(services.length).toBeGreaterThanOrEqual(4);
    const s = dataInclusionValidator('structure', true);
    const v = dataInclusionValidator('service', true);
    for (const row of structures) expect(errorsOf(s, row), String(row.id)).toEqual([]);
    for (const row of services) expect(errorsOf(v, row), String(row.id)).toEqual([]);

    const repas = services.find((r) => r.id === 'dora--svc-repas')!;
    expect(repas).toMatchObject({
      source: 'dora',
      structure_id: 'dora--portage-lunel',
      thematiques: ['equipement-et-alimentation--alimentation'],
      date_maj: '2025-04-15',
      code_insee: '34145',
      commune: 'Lunel',
      zone_eligibilite: ['34'],
      nombre_semaines: null,
    });
    const cias = structures.find((r) => r.nom === 'CIAS du Pays de Lunel')!;
    expect(cias).toMatchObject({ source: 'ensemblier', code_insee: '34145', commune: 'Lunel', siret: null });
    expect(cias.date_maj).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('our own export imports back onto the same rows', async () => {
    const exported = await admin.trpc.directory.interop.exportDataInclusion.query();
    const before = await counts();
    const report = await admin.trpc.directory.interop.importDataInclusion.mutate({ content: content(exported) });
    expect(report.created).toEqual({ structures: 0, services: 0 });
    expect(report.rejected.filter((r) => r.kind === 'structure')).toEqual([]);
    const after = await counts();
    expect(after.organisations).toBe(before.organisations);
    expect(after.services).toBe(before.services);
  });

  it('data·inclusion CSV: one file per resource, the schema’s columns, lists in one cell', async () => {
    const csv = await admin.trpc.directory.interop.exportDataInclusionCsv.query();
    const structures = parse(csv.structures, { columns: true, bom: true }) as Record<string, string>[];
    const services = parse(csv.services, { columns: true, bom: true }) as Record<string, string>[];
    const structureSchema = readJson('data-inclusion-v1/structure.json');
    const serviceSchema = readJson('data-inclusion-v1/service.json');
    expect(Object.keys(structures[0]!).sort()).toEqual(Object.keys(structureSchema.properties as object).sort());
    expect(Object.keys(services[0]!).sort()).toEqual(Object.keys(serviceSchema.properties as object).sort());
    const colis = services.find((r) => r.id === 'dora--svc-colis')!;
    expect(colis.zone_eligibilite).toBe('34151,34145,243400520');
    expect(colis.mobilisable_par).toBe('professionnels,usagers');
    expect(colis.lien_mobilisation).toBe('');
    expect(structures.find((r) => r.id === 'dora--resto-marsillargues')!.nom).toBe(
      'Les Restos du Cœur — Marsillargues',
    );
  });

  it('HSDS 3.0: the tabular export and each organization, service and service_at_location validate', async () => {
    const hsds = await coordinator.trpc.directory.interop.exportHsds.query();
    const ajv = hsdsAjv();
    const tabular = ajv.compile(readJson('hsds-3.0/schema/compiled/tabular.json'));
    expect(errorsOf(tabular, hsds)).toEqual([]);
    const standalone = (name: string) => {
      const a = new Ajv({ allErrors: true, strict: false });
      addFormats(a);
      return a.compile(readJson(`hsds-3.0/schema/compiled/${name}.json`));
    };
    const organization = standalone('organization');
    const svc = standalone('service');
    const sal = standalone('service_at_location');
    for (const o of hsds.organization) expect(errorsOf(organization, o)).toEqual([]);
    for (const s of hsds.service) expect(errorsOf(svc, s)).toEqual([]);
    for (const x of hsds.service_at_location) expect(errorsOf(sal, x)).toEqual([]);
    // Each single table against its own schema file too.
    for (const table of [
      'location',
      'address',
      'phone',
      'schedule',
      'service_area',
      'taxonomy',
      'taxonomy_term',
      'attribute',
      'contact',
      'organization_identifier',
    ] as const) {
      const validate = ajv.getSchema(`${table}.json`)!;
      for (const row of hsds[table]) expect(errorsOf(validate, row), `${table} ${JSON.stringify(row)}`).toEqual([]);
    }

    // References hold together.
    const ids = (rows: { id?: unknown }[]) => new Set(rows.map((r) => r.id));
    const orgIds = ids(hsds.organization);
    const locationIds = ids(hsds.location);
    const termIds = ids(hsds.taxonomy_term);
    for (const s of hsds.service) expect(orgIds.has(s.organization_id)).toBe(true);
    for (const x of hsds.service_at_location) expect(locationIds.has(x.location_id)).toBe(true);
    for (const a of hsds.attribute) expect(termIds.has(a.taxonomy_term_id)).toBe(true);
    for (const a of hsds.address) expect(locationIds.has(a.location_id)).toBe(true);
    expect(new Set(hsds.attribute.map((a) => a.id)).size).toBe(hsds.attribute.length);

    // Our thématiques are a taxonomy: the extension keeps its own term, under its category.
    const repasTerm = hsds.taxonomy_term.find((t) => t.code === 'autonomie-domicile--portage-de-repas')!;
    expect(repasTerm).toMatchObject({ name: 'Portage de repas' });
    expect(hsds.taxonomy_term.find((t) => t.id === repasTerm.parent_id)).toMatchObject({ code: 'autonomie-domicile' });

    // Opening hours: converted when the library can read them, kept as text otherwise.
    const [budget] = await inTerritory(h, (tx) => tx`SELECT id FROM service WHERE source_id = 'dora--svc-aide-budget'`);
    expect(hsds.schedule.filter((s) => s.service_id === budget!.id)).toEqual([
      expect.objectContaining({
        freq: 'WEEKLY',
        byday: 'TU,TH',
        opens_at: '14:00',
        closes_at: '17:00',
        description: 'Tu,Th 14:00-17:00',
      }),
    ]);
    const [colis] = await inTerritory(h, (tx) => tx`SELECT id FROM service WHERE source_id = 'dora--svc-colis'`);
    expect(hsds.schedule.filter((s) => s.service_id === colis!.id)).toEqual([
      expect.objectContaining({ description: 'sur rendez-vous' }),
    ]);
    expect(hsds.service_area.filter((a) => a.service_id === colis!.id).map((a) => a.name)).toEqual([
      'Marsillargues (commune)',
      'Lunel (commune)',
      'EPCI 243400520',
    ]);
    // The organisation's hours on its location: mornings and afternoons, Monday to Friday.
    const ccas = hsds.organization.find((o) => o.name === 'CCAS de Lunel-Viel')!;
    const location = hsds.location.find((l) => l.organization_id === ccas.id && l.name === 'CCAS de Lunel-Viel')!;
    expect(
      hsds.schedule.filter((s) => s.location_id === location.id).map((s) => [s.byday, s.opens_at, s.closes_at]),
    ).toEqual([
      ['MO,TU,WE,TH,FR', '08:30', '12:00'],
      ['MO,TU,WE,TH,FR', '13:30', '17:00'],
    ]);
    expect(hsds.address.find((a) => a.location_id === location.id)).toMatchObject({
      address_1: '1 place de la Mairie',
      city: 'Lunel-Viel',
      postal_code: '34400',
      state_province: '34',
      country: 'FR',
    });
  });

  it('a partner worker may not export', async () => {
    expect(await codeOf(worker.trpc.directory.interop.exportDataInclusion.query())).toBe('FORBIDDEN');
    expect(await codeOf(worker.trpc.directory.interop.exportDataInclusionCsv.query())).toBe('FORBIDDEN');
    expect(await codeOf(worker.trpc.directory.interop.exportHsds.query())).toBe('FORBIDDEN');
  });
});
