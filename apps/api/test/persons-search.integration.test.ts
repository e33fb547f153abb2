import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

// persons.search as the « Personnes » page uses it: name words (accent- and case-insensitive,
// in any order, by their beginning), birth date and commune filters, paging, and only the
// files the user's organisation may see.

let h: Harness;
let entraide: Browser;
let ssiad: Browser;
let coordination: Browser;
let volunteer: Browser;
let commission: Browser;
const ids: Record<string, string> = {};

async function create(b: Browser, key: string, p: { nom: string; prenom: string; date: string; commune: string }) {
  const res = await b.trpc.persons.create.mutate({
    nom: p.nom,
    prenom: p.prenom,
    dateNaissance: p.date,
    communeInsee: p.commune,
    confirmNotDuplicate: true,
  });
  expect(res.created).toBe(true);
  ids[key] = (res as { id: string }).id;
}

beforeAll(async () => {
  h = await setupApi();
  [entraide, ssiad, coordination, volunteer, commission] = await Promise.all([
    h.as('responsable.entraide@demo.ensemblier.fr'),
    h.as('responsable.ssiad@demo.ensemblier.fr'),
    h.as('coordination@demo.ensemblier.fr'),
    h.as('benevole@demo.ensemblier.fr'),
    h.as('commission@demo.ensemblier.fr'),
  ]);
  await create(entraide, 'helene', { nom: 'Lefèvre', prenom: 'Hélène', date: '12/03/1941', commune: '34145' });
  await create(entraide, 'heleneMauguio', { nom: 'Lefèvre', prenom: 'Hélène', date: '12/03/1941', commune: '34151' });
  await create(entraide, 'henri', { nom: 'Lefèvre', prenom: 'Henri', date: '01/01/1950', commune: '34145' });
  await create(entraide, 'martin', { nom: 'Martin', prenom: 'Paul', date: '12/03/1941', commune: '34145' });
  // Another organisation's file with the same name: never shown to the association.
  await create(ssiad, 'ssiadHelene', { nom: 'Lefevre', prenom: 'Helene', date: '05/05/1960', commune: '34145' });
});
afterAll(() => h.close());

const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('persons.search', () => {
  it('finds names whatever the accents, case and order of the words', async () => {
    const all = await entraide.trpc.persons.search.query({ query: 'LEFEVRE' });
    expect(idsOf(all).sort()).toEqual([ids.helene, ids.heleneMauguio, ids.henri].sort());
    const byFirstName = await entraide.trpc.persons.search.query({ query: 'hélène lefèv' });
    expect(idsOf(byFirstName).sort()).toEqual([ids.helene, ids.heleneMauguio].sort());
    // The output the referral form relies on is unchanged.
    expect(byFirstName.find((r) => r.id === ids.helene)).toEqual({
      id: ids.helene,
      nom: 'Lefèvre',
      prenom: 'Hélène',
      dateNaissance: '1941-03-12',
      communeInsee: '34145',
      communeName: 'Lunel',
      approximate: false,
    });
  });

  it('lists the names that begin with a typed word first, then the first names', async () => {
    await create(ssiad, 'abadie', { nom: 'Abadie', prenom: 'Martine', date: '02/02/1944', commune: '34145' });
    await create(ssiad, 'martinez', { nom: 'Martinez', prenom: 'Paul', date: '03/03/1945', commune: '34145' });
    const found = await ssiad.trpc.persons.search.query({ query: 'martin' });
    expect(idsOf(found)).toEqual([ids.martinez, ids.abadie]);
    // The first name alone finds the file too (the organisation's own files).
    expect(idsOf(await ssiad.trpc.persons.search.query({ query: 'paul' }))).toEqual([ids.martinez]);
    // Paging stays in that order.
    expect(idsOf(await ssiad.trpc.persons.search.query({ query: 'martin', limit: 1, offset: 1 }))).toEqual([
      ids.abadie,
    ]);
  });

  it('tolerates a typo or two when no name begins with what was typed', async () => {
    const typo = await entraide.trpc.persons.search.query({ query: 'Lefebvre' });
    expect(idsOf(typo).sort()).toEqual([ids.helene, ids.heleneMauguio, ids.henri].sort());
    expect(typo.every((r) => r.approximate)).toBe(true);
    const two = await entraide.trpc.persons.search.query({ query: 'lefevbre helenne' });
    expect(idsOf(two).sort()).toEqual([ids.helene, ids.heleneMauguio].sort());
    // With the filters, and still only the organisation's files.
    const filtered = await entraide.trpc.persons.search.query({ query: 'lefebvre', communeInsee: '34145' });
    expect(idsOf(filtered).sort()).toEqual([ids.helene, ids.henri].sort());
    expect(idsOf(await ssiad.trpc.persons.search.query({ query: 'lefebvre' }))).toEqual([ids.ssiadHelene]);
    // Too far from any name: nothing.
    expect(await entraide.trpc.persons.search.query({ query: 'lambert' })).toEqual([]);
  });

  it('finds a file by its nom de naissance, and a renamed file by its new name only', async () => {
    const res = await entraide.trpc.persons.create.mutate({
      nom: 'Roussel',
      prenom: 'Yvette',
      nomNaissance: 'Delacroix-Bénard',
      dateNaissance: '04/04/1938',
      communeInsee: '34145',
      confirmNotDuplicate: true,
    });
    const id = (res as { id: string }).id;
    expect(idsOf(await entraide.trpc.persons.search.query({ query: 'benard yvette' }))).toEqual([id]);
    expect(
      idsOf(await entraide.trpc.persons.search.query({ query: 'delacroix', dateNaissance: '04/04/1938' })),
    ).toEqual([id]);
    // The name words follow an update of the file (trigger on person).
    await inTerritory(h, (tx) => tx`UPDATE person SET nom = 'Vidal', name_key = 'vidal yvette' WHERE id = ${id}`);
    expect(idsOf(await entraide.trpc.persons.search.query({ query: 'vidal yve' }))).toEqual([id]);
    expect(idsOf(await entraide.trpc.persons.search.query({ query: 'roussel' }))).not.toContain(id);
  });

  it('filters by birth date (JJ/MM/AAAA or AAAA-MM-JJ) and by commune', async () => {
    const born = await entraide.trpc.persons.search.query({ query: 'lefevre', dateNaissance: '12/03/1941' });
    expect(idsOf(born).sort()).toEqual([ids.helene, ids.heleneMauguio].sort());
    const iso = await entraide.trpc.persons.search.query({ query: 'lefevre', dateNaissance: '1941-03-12' });
    expect(idsOf(iso).sort()).toEqual(idsOf(born).sort());
    const inLunel = await entraide.trpc.persons.search.query({ query: 'lefevre', communeInsee: '34145' });
    expect(idsOf(inLunel).sort()).toEqual([ids.helene, ids.henri].sort());
    const both = await entraide.trpc.persons.search.query({
      query: 'lefevre',
      dateNaissance: '12/03/1941',
      communeInsee: '34145',
    });
    expect(idsOf(both)).toEqual([ids.helene]);
    // Empty filters are no filters (a GET form sends empty strings).
    const empty = await entraide.trpc.persons.search.query({ query: 'lefevre', dateNaissance: '', communeInsee: '' });
    expect(empty).toHaveLength(3);
    expect(await entraide.trpc.persons.search.query({ query: 'lefevre', dateNaissance: '02/02/2002' })).toEqual([]);
  });

  it('pages through the results in a stable order', async () => {
    const all = idsOf(await entraide.trpc.persons.search.query({ query: 'lefevre' }));
    const first = idsOf(await entraide.trpc.persons.search.query({ query: 'lefevre', limit: 2 }));
    const second = idsOf(await entraide.trpc.persons.search.query({ query: 'lefevre', limit: 2, offset: 2 }));
    expect(first).toEqual(all.slice(0, 2));
    expect(second).toEqual(all.slice(2));
    expect(await entraide.trpc.persons.search.query({ query: 'lefevre', offset: 3 })).toEqual([]);
  });

  it('rejects a malformed date or commune with a message for the field', async () => {
    const date = await failure(entraide.trpc.persons.search.query({ query: 'lefevre', dateNaissance: '31/02/1941' }));
    expect(date.data?.code).toBe('BAD_REQUEST');
    expect(date.data?.fieldErrors?.dateNaissance).toBe(
      'La date de naissance doit être une date réelle, au format JJ/MM/AAAA.',
    );
    const commune = await failure(entraide.trpc.persons.search.query({ query: 'lefevre', communeInsee: 'Lunel' }));
    expect(commune.data?.fieldErrors?.communeInsee).toBe('Choisissez la commune dans la liste.');
    const short = await failure(entraide.trpc.persons.search.query({ query: 'l' }));
    expect(short.data?.fieldErrors?.query).toBe('Tapez au moins 2 lettres du nom.');
    expect(await codeOf(entraide.trpc.persons.search.query({ query: 'lefevre', limit: 500 }))).toBe('BAD_REQUEST');
  });

  it('shows only the files the organisation may see', async () => {
    const mine = await ssiad.trpc.persons.search.query({ query: 'lefevre helene' });
    expect(idsOf(mine)).toEqual([ids.ssiadHelene]);
    expect(await ssiad.trpc.persons.search.query({ query: 'martin paul', dateNaissance: '12/03/1941' })).toEqual([]);
    // The CCAS sees a file only once a referral concerns the person: none here.
    expect(await coordination.trpc.persons.search.query({ query: 'lefevre' })).toEqual([]);
    expect(await codeOf(coordination.trpc.persons.get.query({ personId: ids.helene! }))).toBe('NOT_FOUND');
    // A revoked access removes the file from the results at once.
    await inTerritory(h, (tx) => tx`UPDATE person_access SET revoked_at = now() WHERE person_id = ${ids.henri!}`);
    expect(idsOf(await entraide.trpc.persons.search.query({ query: 'lefevre henri' }))).toEqual([]);
  });

  it('is for professionals only: FORBIDDEN for volunteers and commission members', async () => {
    expect(await codeOf(volunteer.trpc.persons.search.query({ query: 'lefevre' }))).toBe('FORBIDDEN');
    expect(await codeOf(commission.trpc.persons.search.query({ query: 'lefevre' }))).toBe('FORBIDDEN');
    expect(await codeOf(volunteer.trpc.persons.get.query({ personId: ids.helene! }))).toBe('NOT_FOUND');
  });

  it('audits each search without the typed name', async () => {
    await entraide.trpc.persons.search.query({ query: 'martin', communeInsee: '34145' });
    const [row] = await inTerritory(
      h,
      (tx) => tx`SELECT details FROM audit_event WHERE action = 'person.search' ORDER BY seq DESC LIMIT 1`,
    );
    expect(row!.details).toEqual({ results: 1, commune: '34145' });
    expect(JSON.stringify(row!.details)).not.toContain('martin');
  });
});
