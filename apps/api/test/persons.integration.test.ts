import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

let h: Harness;
let entraide: Browser;
let ssiad: Browser;
let coordination: Browser;
let volunteer: Browser;
let orgs: Record<string, string>;

beforeAll(async () => {
  h = await setupApi();
  [entraide, ssiad, coordination, volunteer] = await Promise.all([
    h.as('responsable.entraide@demo.ensemblier.fr'),
    h.as('responsable.ssiad@demo.ensemblier.fr'),
    h.as('coordination@demo.ensemblier.fr'),
    h.as('benevole@demo.ensemblier.fr'),
  ]);
  const rows = await inTerritory(h, (tx) => tx`SELECT id, name FROM organisation`);
  orgs = Object.fromEntries(rows.map((r) => [r.name as string, r.id as string]));
});
afterAll(() => h.close());

const person = {
  nom: 'Lefèvre',
  prenom: 'Hélène',
  dateNaissance: '12/03/1941',
  communeInsee: '34145',
  adresse: '3 rue des Arènes',
  telephone: '06 12 34 56 78',
  preferredContact: 'telephone' as const,
};

describe('persons', () => {
  let id: string;

  it('creates a file, readable by its organisation, audited', async () => {
    const res = await entraide.trpc.persons.create.mutate(person);
    expect(res.created).toBe(true);
    id = (res as { id: string }).id;
    const got = await entraide.trpc.persons.get.query({ personId: id });
    expect(got.person).toMatchObject({
      nom: 'Lefèvre',
      prenom: 'Hélène',
      dateNaissance: '1941-03-12',
      communeName: 'Lunel',
      telephone: '0612345678',
    });
    expect(got.objectionAgainstMyOrganisation).toBe(false);
    const audit = await inTerritory(h, (tx) => tx`SELECT action FROM audit_event WHERE person_id = ${id} ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['person.create', 'person.read']);
  });

  it('offers accent-, case- and typo-tolerant duplicates before creating another file', async () => {
    const dup = await entraide.trpc.persons.checkDuplicates.query({
      nom: 'LEFEVRE',
      prenom: 'Helene',
      dateNaissance: '1941-03-12',
    });
    expect(dup.map((d) => d.id)).toEqual([id]);
    const typo = await entraide.trpc.persons.checkDuplicates.query({
      nom: 'Lefebvre',
      prenom: 'Hélène',
      dateNaissance: '1941-03-12',
    });
    expect(typo.map((d) => d.id)).toEqual([id]);
    const other = await entraide.trpc.persons.checkDuplicates.query({
      nom: 'Martin',
      prenom: 'Paul',
      dateNaissance: '1941-03-12',
    });
    expect(other).toEqual([]);

    const again = await entraide.trpc.persons.create.mutate({ ...person, nom: 'LEFEVRE', prenom: 'helene' });
    expect(again).toMatchObject({ created: false, duplicates: [{ id }] });
    const [count] = await inTerritory(h, (tx) => tx`SELECT count(*)::int AS n FROM person`);
    expect(count!.n).toBe(1);
    const confirmed = await entraide.trpc.persons.create.mutate({
      ...person,
      nom: 'Lefevre',
      prenom: 'Hélène-Marie',
      confirmNotDuplicate: true,
    });
    expect(confirmed.created).toBe(true);
  });

  it('duplicates and search only show files the user may see', async () => {
    expect(
      await ssiad.trpc.persons.checkDuplicates.query({ nom: 'Lefèvre', prenom: 'Hélène', dateNaissance: '1941-03-12' }),
    ).toEqual([]);
    expect(await ssiad.trpc.persons.search.query({ query: 'lefevre' })).toEqual([]);
    const found = await entraide.trpc.persons.search.query({ query: 'LEFÈVRE hél' });
    expect(found.map((p) => p.prenom).sort()).toEqual(['Hélène', 'Hélène-Marie']);
    expect(found[0]).toMatchObject({ communeName: 'Lunel', communeInsee: '34145' });
    // By first name too.
    expect((await entraide.trpc.persons.search.query({ query: 'helene' })).length).toBe(2);
  });

  it('NOT_FOUND for another organisation and a volunteer; FORBIDDEN lists for a volunteer', async () => {
    expect(await codeOf(ssiad.trpc.persons.get.query({ personId: id }))).toBe('NOT_FOUND');
    expect(await codeOf(coordination.trpc.persons.get.query({ personId: id }))).toBe('NOT_FOUND');
    expect(await codeOf(volunteer.trpc.persons.get.query({ personId: id }))).toBe('NOT_FOUND');
    expect(await codeOf(volunteer.trpc.persons.search.query({ query: 'lefevre' }))).toBe('FORBIDDEN');
    expect(await codeOf(volunteer.trpc.persons.create.mutate(person))).toBe('FORBIDDEN');
    expect(
      await codeOf(
        ssiad.trpc.persons.recordConsent.mutate({
          personId: id,
          kind: 'objection',
          mode: 'oral',
          occurredOn: '2026-01-01',
          allOrganisations: true,
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('records consent events with their scope', async () => {
    const { id: eventId } = await entraide.trpc.persons.recordConsent.mutate({
      personId: id,
      kind: 'consentement',
      mode: 'ecrit',
      occurredOn: '2026-01-05',
      organisationIds: [orgs['SSIAD de l’Étang de l’Or']!],
      thematiqueCategories: ['autonomie-domicile'],
      note: 'Signé en entretien',
    });
    const got = await entraide.trpc.persons.get.query({ personId: id });
    expect(got.consents).toEqual([
      expect.objectContaining({
        id: eventId,
        kind: 'consentement',
        mode: 'ecrit',
        occurredOn: '2026-01-05',
        allOrganisations: false,
        organisations: [{ id: orgs['SSIAD de l’Étang de l’Or'], name: 'SSIAD de l’Étang de l’Or' }],
        thematiqueCategories: ['autonomie-domicile'],
        recordedBy: 'Marc Responsable Entraide',
        recordedByOrganisation: 'Entraide Lunelloise',
      }),
    ]);
    const fail = await codeOf(
      entraide.trpc.persons.recordConsent.mutate({
        personId: id,
        kind: 'information',
        mode: 'oral',
        occurredOn: '2026-01-05',
        organisationIds: ['00000000-0000-4000-8000-000000000000'],
      }),
    );
    expect(fail).toBe('BAD_REQUEST');
  });
});
