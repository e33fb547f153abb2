import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

// persons.search as the « Personnes » page uses it: name words (accent- and case-insensitive,
// in any order, by their beginning), filters (birth date, birth year, commune, référent) with or
// without a name, paging, and only the active files the user's organisation may see.

let h: Harness;
let entraide: Browser;
let ssiad: Browser;
let coordination: Browser;
let volunteer: Browser;
let commission: Browser;
let intervenante: Browser;
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
  intervenante = await h.as('intervenante.entraide@demo.ensemblier.fr');
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
    // No name and no filter: say what to type.
    for (const input of [{}, { query: '' }, { query: '', dateNaissance: '', communeInsee: '', referentUserId: '' }]) {
      const none = await failure(entraide.trpc.persons.search.query(input));
      expect(none.data?.fieldErrors?.query).toBe(
        'Tapez au moins 2 lettres du nom, ou choisissez une date ou une année de naissance, une commune ou un référent.',
      );
    }
    const year = await failure(entraide.trpc.persons.search.query({ anneeNaissance: '19a1' as never }));
    expect(year.data?.fieldErrors?.anneeNaissance).toBe(
      'L’année de naissance doit comporter 4 chiffres, par exemple 1950.',
    );
    const old = await failure(entraide.trpc.persons.search.query({ anneeNaissance: 1850 }));
    expect(old.data?.fieldErrors?.anneeNaissance).toBe(
      'L’année de naissance doit être comprise entre 1900 et l’année en cours.',
    );
    const mismatch = await failure(
      entraide.trpc.persons.search.query({ dateNaissance: '12/03/1941', anneeNaissance: 1942 }),
    );
    expect(mismatch.data?.fieldErrors?.anneeNaissance).toBe(
      'L’année de naissance ne correspond pas à la date de naissance indiquée.',
    );
    const referent = await failure(entraide.trpc.persons.search.query({ referentUserId: 'moi' }));
    expect(referent.data?.fieldErrors?.referentUserId).toBe('Choisissez le référent dans la liste.');
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

describe('persons.search filters without a name, and their combinations', () => {
  // Files of their own (a commune and birth years no other test uses): Sète (34301), 1927–1928.
  const f: Record<string, string> = {};
  const user: Record<string, string> = {};
  const SETE = '34301';

  /** Names `referentUserId` as the référent of the organisation's current membership of the file. */
  async function setReferent(personId: string, organisationEmail: string, referentUserId: string | null) {
    await inTerritory(
      h,
      (tx) => tx`
        INSERT INTO follow_up_member (territory_id, person_id, organisation_id, referent_user_id, reason, added_by_user_id)
        SELECT p.territory_id, p.id, m.organisation_id, ${referentUserId}, 'referral', u.id
        FROM person p, app_user u JOIN membership m ON m.user_id = u.id
        WHERE p.id = ${personId} AND u.email = ${organisationEmail} AND m.status = 'active'
        ORDER BY m.created_at LIMIT 1
        ON CONFLICT (territory_id, person_id, organisation_id) WHERE left_at IS NULL
        DO UPDATE SET referent_user_id = EXCLUDED.referent_user_id`,
    );
  }

  beforeAll(async () => {
    const people = [
      ['albaret', 'Albaret', 'Rose', '03/03/1927', SETE],
      ['baylet', 'Baylet', 'Rose', '04/04/1927', SETE],
      ['cazals', 'Cazals', 'Jean', '05/05/1927', '34145'],
      ['dardé', 'Dardé', 'Rose', '03/03/1927', '34145'],
      ['escande', 'Escande', 'Paul', '06/06/1928', SETE],
    ] as const;
    for (const [key, nom, prenom, date, commune] of people) await create(entraide, key, { nom, prenom, date, commune });
    await create(ssiad, 'ssiadSete', { nom: 'Albaret', prenom: 'Rose', date: '03/03/1927', commune: SETE });
    const users = await inTerritory(
      h,
      (tx) => tx<{ email: string; id: string }[]>`SELECT email, id FROM app_user WHERE email IN
        ('responsable.entraide@demo.ensemblier.fr', 'intervenante.entraide@demo.ensemblier.fr',
         'responsable.ssiad@demo.ensemblier.fr')`,
    );
    for (const u of users) user[u.email.split('@')[0]!] = u.id;
    // Référents: the association's manager for Albaret and Cazals, its worker for Baylet and
    // Escande, nobody for Dardé; the SSIAD's manager for its own file.
    const mine = [ids.albaret!, ids.baylet!, ids.cazals!, ids.dardé!, ids.escande!];
    await inTerritory(
      h,
      (tx) => tx`UPDATE follow_up_member SET referent_user_id = NULL WHERE person_id = ANY(${mine}::uuid[])`,
    );
    await setReferent(ids.albaret!, 'responsable.entraide@demo.ensemblier.fr', user['responsable.entraide']!);
    await setReferent(ids.cazals!, 'responsable.entraide@demo.ensemblier.fr', user['responsable.entraide']!);
    await setReferent(ids.baylet!, 'responsable.entraide@demo.ensemblier.fr', user['intervenante.entraide']!);
    await setReferent(ids.escande!, 'responsable.entraide@demo.ensemblier.fr', user['intervenante.entraide']!);
    await setReferent(ids.ssiadSete!, 'responsable.ssiad@demo.ensemblier.fr', user['responsable.ssiad']!);
    for (const [k, v] of Object.entries(ids)) f[k] = v;
  });

  it('finds the persons born on a day, or in a year, without a name, in name order', async () => {
    const onDay = await entraide.trpc.persons.search.query({ dateNaissance: '03/03/1927' });
    expect(idsOf(onDay)).toEqual([f.albaret, f.dardé]);
    expect(onDay.every((r) => !r.approximate)).toBe(true);
    const inYear = await entraide.trpc.persons.search.query({ anneeNaissance: 1927 });
    expect(idsOf(inYear)).toEqual([f.albaret, f.baylet, f.cazals, f.dardé]);
    // A year typed in a form field (text) works the same.
    expect(idsOf(await entraide.trpc.persons.search.query({ anneeNaissance: '1928' as never }))).toEqual([f.escande]);
    // With the date, the year is the date's.
    expect(
      idsOf(await entraide.trpc.persons.search.query({ dateNaissance: '1927-03-03', anneeNaissance: 1927 })),
    ).toEqual([f.albaret, f.dardé]);
  });

  it('lists a commune alone, page by page', async () => {
    const sete = await entraide.trpc.persons.search.query({ communeInsee: SETE });
    expect(idsOf(sete)).toEqual([f.albaret, f.baylet, f.escande]);
    expect(sete[0]!.communeName).toBe('Sète');
    expect(idsOf(await entraide.trpc.persons.search.query({ communeInsee: SETE, limit: 2 }))).toEqual([
      f.albaret,
      f.baylet,
    ]);
    expect(idsOf(await entraide.trpc.persons.search.query({ communeInsee: SETE, limit: 2, offset: 2 }))).toEqual([
      f.escande,
    ]);
  });

  it('finds « mes dossiers » (the user is référent) and a colleague’s files', async () => {
    const mine = await entraide.trpc.persons.search.query({ referentUserId: user['responsable.entraide']! });
    expect(idsOf(mine)).toContain(f.albaret);
    expect(idsOf(mine)).toContain(f.cazals);
    for (const other of [f.baylet, f.dardé, f.escande, f.ssiadSete]) expect(idsOf(mine)).not.toContain(other);
    // The worker's files, seen by the manager (same organisation) and by the worker herself.
    const hers = { referentUserId: user['intervenante.entraide']! };
    expect(idsOf(await entraide.trpc.persons.search.query(hers))).toEqual([f.baylet, f.escande]);
    expect(idsOf(await intervenante.trpc.persons.search.query(hers))).toEqual([f.baylet, f.escande]);
    // A référent no longer: the organisation left the group (its access ends too).
    await inTerritory(h, (tx) => tx`UPDATE follow_up_member SET left_at = now() WHERE person_id = ${f.escande!}`);
    expect(idsOf(await entraide.trpc.persons.search.query(hers))).toEqual([f.baylet]);
    await inTerritory(
      h,
      (tx) => tx`UPDATE follow_up_member SET left_at = NULL WHERE person_id = ${f.escande!}
        AND left_at = (SELECT max(left_at) FROM follow_up_member WHERE person_id = ${f.escande!})`,
    );
    expect(idsOf(await entraide.trpc.persons.search.query(hers))).toEqual([f.baylet, f.escande]);
  });

  it('combines the filters, with or without a name', async () => {
    const q = (input: Record<string, unknown>) => entraide.trpc.persons.search.query(input as never).then(idsOf);
    expect(await q({ anneeNaissance: 1927, communeInsee: SETE })).toEqual([f.albaret, f.baylet]);
    expect(await q({ dateNaissance: '03/03/1927', communeInsee: '34145' })).toEqual([f.dardé]);
    expect(await q({ query: 'rose', anneeNaissance: 1927 })).toEqual([f.albaret, f.baylet, f.dardé]);
    expect(await q({ query: 'rose', anneeNaissance: 1927, communeInsee: SETE })).toEqual([f.albaret, f.baylet]);
    expect(await q({ query: 'rose', referentUserId: user['intervenante.entraide'] })).toEqual([f.baylet]);
    expect(await q({ query: 'escande', referentUserId: user['intervenante.entraide'] })).toEqual([f.escande]);
    expect(await q({ communeInsee: SETE, referentUserId: user['responsable.entraide'] })).toEqual([f.albaret]);
    expect(await q({ anneeNaissance: 1927, referentUserId: user['responsable.entraide'] })).toEqual([
      f.albaret,
      f.cazals,
    ]);
    expect(
      await q({ dateNaissance: '03/03/1927', communeInsee: SETE, referentUserId: user['responsable.entraide'] }),
    ).toEqual([f.albaret]);
    // A name that begins with the typed word first, then the first names (Rose Albaret…).
    expect(await q({ query: 'ro', anneeNaissance: 1927 })).toEqual([f.albaret, f.baylet, f.dardé]);
    // Nothing matches every filter.
    expect(await q({ query: 'cazals', communeInsee: SETE })).toEqual([]);
    expect(await q({ anneeNaissance: 1928, referentUserId: user['responsable.entraide'] })).toEqual([]);
  });

  it('still tolerates typos with the filters', async () => {
    const q = (input: Record<string, unknown>) => entraide.trpc.persons.search.query(input as never);
    const typo = await q({ query: 'albarret', anneeNaissance: 1927 });
    expect(idsOf(typo)).toEqual([f.albaret]);
    expect(typo[0]!.approximate).toBe(true);
    expect(idsOf(await q({ query: 'bayllet', referentUserId: user['intervenante.entraide'] }))).toEqual([f.baylet]);
    expect(idsOf(await q({ query: 'bayllet', referentUserId: user['responsable.entraide'] }))).toEqual([]);
    expect(idsOf(await q({ query: 'escamde', communeInsee: SETE, anneeNaissance: 1928 }))).toEqual([f.escande]);
  });

  it('returns only the files the user may see, whatever the filters', async () => {
    // The SSIAD sees its own Albaret only, never the association's files.
    for (const input of [
      { dateNaissance: '03/03/1927' },
      { anneeNaissance: 1927 },
      { communeInsee: SETE },
      { query: 'albaret' },
      { query: 'albarret' },
    ]) {
      expect(idsOf(await ssiad.trpc.persons.search.query(input))).toEqual([f.ssiadSete]);
    }
    // Naming another organisation's référent shows nothing the user may not see.
    expect(await ssiad.trpc.persons.search.query({ referentUserId: user['responsable.entraide']! })).toEqual([]);
    expect(await entraide.trpc.persons.search.query({ referentUserId: user['responsable.ssiad']! })).toEqual([]);
    // The CCAS sees a file only once a referral concerns the person: none of these.
    expect(await coordination.trpc.persons.search.query({ communeInsee: SETE })).toEqual([]);
    expect(await coordination.trpc.persons.search.query({ anneeNaissance: 1927 })).toEqual([]);
    expect(await codeOf(volunteer.trpc.persons.search.query({ communeInsee: SETE }))).toBe('FORBIDDEN');
  });

  it('never returns an archived or merged file', async () => {
    const create2 = async (key: string, nom: string) =>
      create(entraide, key, { nom, prenom: 'Rose', date: '07/07/1927', commune: SETE });
    await create2('archived', 'Fabreguettes');
    await create2('merged', 'Fabreguet');
    await create2('kept', 'Fabrègue');
    await inTerritory(h, async (tx) => {
      await tx`UPDATE person SET status = 'archived', archived_at = now() WHERE id = ${ids.archived!}`;
      await tx`UPDATE person SET status = 'merged', merged_into_id = ${ids.kept!} WHERE id = ${ids.merged!}`;
      await tx`UPDATE follow_up_member SET referent_user_id = ${user['responsable.entraide']!}
        WHERE person_id = ANY(${[ids.archived!, ids.merged!, ids.kept!]}::uuid[])`;
    });
    const q = (input: Record<string, unknown>) => entraide.trpc.persons.search.query(input as never).then(idsOf);
    const kept = [ids.kept];
    expect(await q({ query: 'fabreg' })).toEqual(kept);
    expect(await q({ query: 'fabregett' })).toEqual([]); // the close names are the hidden files: none
    expect(await q({ query: 'fabregu', dateNaissance: '07/07/1927' })).toEqual(kept);
    expect(await q({ dateNaissance: '07/07/1927' })).toEqual(kept);
    expect(await q({ anneeNaissance: 1927, query: 'fab' })).toEqual(kept);
    const lists = [
      await q({ anneeNaissance: 1927 }),
      await q({ communeInsee: SETE }),
      await q({ referentUserId: user['responsable.entraide'] }),
    ];
    for (const list of lists) {
      expect(list).toContain(ids.kept);
      expect(list).not.toContain(ids.archived);
      expect(list).not.toContain(ids.merged);
    }
  });

  it('audits a search without a name, and a référent filter without naming the user', async () => {
    await entraide.trpc.persons.search.query({ referentUserId: user['responsable.entraide']!, anneeNaissance: 1927 });
    const [mine] = await inTerritory(
      h,
      (tx) => tx`SELECT details FROM audit_event WHERE action = 'person.search' ORDER BY seq DESC LIMIT 1`,
    );
    // Albaret, Cazals and the kept Fabrègue.
    expect(mine!.details).toEqual({ results: 3, withoutName: true, byBirthYear: true, referent: 'self' });
    await entraide.trpc.persons.search.query({ referentUserId: user['intervenante.entraide']! });
    const [colleague] = await inTerritory(
      h,
      (tx) => tx`SELECT details FROM audit_event WHERE action = 'person.search' ORDER BY seq DESC LIMIT 1`,
    );
    expect(colleague!.details).toMatchObject({ withoutName: true, referent: user['intervenante.entraide'] });
  });
});

describe('persons.referents', () => {
  it('offers the user first, then the professionals of their organisation', async () => {
    const list = await entraide.trpc.persons.referents.query();
    expect(list[0]).toMatchObject({ me: true, name: 'Marc Responsable Entraide' });
    expect(list.slice(1).map((r) => r.name)).toContain('Sophie Intervenante');
    expect(list.filter((r) => r.me)).toHaveLength(1);
    // Nobody from another organisation.
    const ssiadList = await ssiad.trpc.persons.referents.query();
    expect(ssiadList.map((r) => r.name)).not.toContain('Sophie Intervenante');
    expect(await codeOf(volunteer.trpc.persons.referents.query())).toBe('FORBIDDEN');
  });
});
