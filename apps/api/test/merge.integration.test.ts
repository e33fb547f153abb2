import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSON_TABLES, PERSON_TABLES_EXEMPT } from '../src/persons/person-tables.ts';
import { codeOf, failure, inTerritory } from './harness.ts';
import {
  CIAS_ORG,
  CLIC_SERVICE,
  COLIS_SERVICE,
  ENTRAIDE_ORG,
  newPerson,
  setupWorld,
  SSIAD_ORG,
  SSIAD_SERVICE,
  type World,
} from './referrals-helpers.ts';

const CLIC_ORG = 'CLIC Est Héraultais';
const SOINS = ['autonomie-domicile--soins-infirmiers-a-domicile'];
const EVAL = ['autonomie-domicile--evaluation-plan-daide'];
const COLIS = ['aide-alimentaire--colis'];

let w: World;
/** Kept: « Dupont Marie », born 04/03/1950, created by Entraide. */
let kept: string;
/** Merged: « Dupond Marie », born 03/04/1950 (day and month swapped), created by the CLIC. */
let merged: string;

const exists = async (table: string) =>
  (await inTerritory(w.h, (tx) => tx`SELECT to_regclass(${'public.' + table}) IS NOT NULL AS ok`))[0]!.ok as boolean;

async function count(table: string, personId: string, extra = ''): Promise<number> {
  const [row] = await inTerritory(
    w.h,
    (tx) => tx`SELECT count(*)::int AS n FROM ${tx(table)} WHERE person_id = ${personId} ${tx.unsafe(extra)}`,
  );
  return row!.n as number;
}

/** Every audit row about either file (id, action, person, hash of its content). */
async function auditRows() {
  return inTerritory(
    w.h,
    (tx) => tx`SELECT seq::float8 AS seq, action, person_id, md5(details::text) AS d FROM audit_event
      WHERE person_id IN (${kept}, ${merged}) ORDER BY seq`,
  );
}

async function accept(b: World['clic'], referralId: string) {
  const r = await b.trpc.referrals.get.query({ referralId });
  const task = r.tasks.find((t) => t.allowedActions.includes('accept'))!;
  await b.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'accept' });
  return task.id;
}

/** Rows of the tables other engineers add (tasks, household, budget), when their migrations are there. */
async function addOptionalRows(personId: string, orgName: string, userEmail: string) {
  await inTerritory(w.h, async (tx) => {
    const [u] = await tx`SELECT id FROM app_user WHERE email = ${userEmail}`;
    const org = w.orgs[orgName]!;
    if ((await tx`SELECT to_regclass('public.person_task') IS NOT NULL AS ok`)[0]!.ok)
      await tx`INSERT INTO person_task (territory_id, person_id, title, due_on, assignee_user_id, assignee_organisation_id,
        author_user_id, author_organisation_id) VALUES (${w.h.territoryId}, ${personId}, 'Rappeler', '2026-12-01',
        ${u!.id}, ${org}, ${u!.id}, ${org})`;
    if ((await tx`SELECT to_regclass('public.household_member') IS NOT NULL AS ok`)[0]!.ok) {
      const [m] = await tx`INSERT INTO household_member (territory_id, person_id, relation, prenom, updated_by_user_id)
        VALUES (${w.h.territoryId}, ${personId}, 'enfant', 'Léo', ${u!.id}) RETURNING id`;
      await tx`INSERT INTO person_budget_line (territory_id, person_id, household_member_id, kind, type, amount_cents,
        updated_by_user_id) VALUES (${w.h.territoryId}, ${personId}, ${m!.id}, 'ressource', 'aah', 90000, ${u!.id})`;
      await tx`INSERT INTO person_situation (territory_id, person_id, situation_familiale, updated_by_user_id,
        updated_by_organisation_id) VALUES (${w.h.territoryId}, ${personId}, 'veuf', ${u!.id}, ${org})`;
    }
  });
}

const OPTIONAL = ['person_task', 'household_member', 'person_budget_line', 'person_situation'];
const MOVED = ['timeline_entry', 'referral', 'consent_event', 'follow_up_member', 'person_access'];

const before: Record<string, { kept: number; merged: number }> = {};

beforeAll(async () => {
  w = await setupWorld();
  // The kept file: Entraide creates it, refers the person to the SSIAD, which accepts; entries
  // of both organisations with several visibilities; a message on the referral.
  kept = await newPerson(w.entraide, { nom: 'Dupont', prenom: 'Marie', dateNaissance: '1950-03-04' });
  const { id: r1 } = await w.entraide.trpc.referrals.create.mutate({
    idempotencyKey: crypto.randomUUID(),
    personId: kept,
    recipients: [{ kind: 'service', serviceId: w.services[SSIAD_SERVICE]! }],
    thematiques: SOINS,
    motif: 'Soins à domicile',
    consent: { mode: 'oral', occurredOn: '2026-01-10' },
  });
  const t1 = await accept(w.ssiad, r1);
  await w.ssiad.trpc.referrals.postMessage.mutate({ taskId: t1, body: 'Premier passage lundi.' });
  await w.ssiad.trpc.persons.timeline.add.mutate({ personId: kept, type: 'visite', title: 'ssiad-groupe' });
  await w.ssiad.trpc.persons.timeline.add.mutate({
    personId: kept,
    type: 'note',
    visibility: 'privee',
    sensitiveCategory: 'sante',
    title: 'ssiad-privee-sante',
  });
  await w.entraide.trpc.persons.timeline.add.mutate({ personId: kept, type: 'entretien', title: 'entraide-privee' });
  // The CCAS also adds the CLIC to the kept file's group: the CLIC will be a member of both.
  await w.coordination.trpc.persons.group.add.mutate({ personId: kept, organisationId: w.orgs[CLIC_ORG]! });

  // The duplicate: the CLIC creates it with a typo and the day and month swapped, and refers the
  // person to Entraide's food parcels; Entraide accepts.
  merged = await newPerson(w.clic, {
    nom: 'Dupond',
    prenom: 'Marie',
    dateNaissance: '1950-04-03',
    telephone: '0699887766',
    courriel: 'marie.dupond@exemple.fr',
  });
  const { id: r2 } = await w.clic.trpc.referrals.create.mutate({
    idempotencyKey: crypto.randomUUID(),
    personId: merged,
    recipients: [{ kind: 'service', serviceId: w.services[COLIS_SERVICE]! }],
    thematiques: COLIS,
    motif: 'Colis alimentaire',
    consent: { mode: 'ecrit', occurredOn: '2026-02-01' },
  });
  const t2 = await accept(w.entraide, r2);
  await w.entraide.trpc.referrals.postMessage.mutate({ taskId: t2, body: 'Colis prêt jeudi.' });
  await w.clic.trpc.persons.timeline.add.mutate({ personId: merged, type: 'appel', title: 'clic-groupe' });
  await w.clic.trpc.persons.timeline.add.mutate({
    personId: merged,
    type: 'note',
    visibility: 'ccas',
    sensitiveCategory: 'justice',
    title: 'clic-ccas-justice',
  });
  await w.clic.trpc.persons.recordConsent.mutate({
    personId: merged,
    kind: 'information',
    mode: 'oral',
    occurredOn: '2026-02-02',
    allOrganisations: true,
  });
  // A referral of the CLIC's file to the CLIC's own evaluation (another referral, not answered).
  await w.entraide.trpc.referrals.create.mutate({
    idempotencyKey: crypto.randomUUID(),
    personId: merged,
    recipients: [{ kind: 'service', serviceId: w.services[CLIC_SERVICE]! }],
    thematiques: EVAL,
    motif: 'Évaluation',
    consent: { mode: 'oral', occurredOn: '2026-02-03' },
  });
  await addOptionalRows(kept, ENTRAIDE_ORG, 'responsable.entraide@demo.ensemblier.fr');
  await addOptionalRows(merged, CLIC_ORG, 'evaluatrice.clic@demo.ensemblier.fr');

  // Reads of both files by several organisations.
  await w.entraide.trpc.persons.get.query({ personId: kept });
  await w.clic.trpc.persons.get.query({ personId: merged });
  await w.entraide.trpc.persons.get.query({ personId: merged });
  await w.coordination.trpc.persons.get.query({ personId: merged });

  for (const t of [...MOVED, ...OPTIONAL])
    if (await exists(t)) before[t] = { kept: await count(t, kept), merged: await count(t, merged) };
});
afterAll(() => w.h.close());

describe('every table with a person is handled by the merge', () => {
  it('each person_id column, and each foreign key to person, is in person-tables.ts (or exempt)', async () => {
    const [cols, fks] = await Promise.all([
      w.h.db.owner<{ table_name: string; column_name: string }[]>`
        SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'person_id' AND t.table_type = 'BASE TABLE'`,
      w.h.db.owner<{ table_name: string; column_name: string }[]>`
        SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'public.person'::regclass AND a.attname <> 'territory_id'`,
    ]);
    const known = new Set([...PERSON_TABLES, ...PERSON_TABLES_EXEMPT].map((t) => `${t.table}.${t.column}`));
    const found = [...new Set([...cols, ...fks].map((c) => `${c.table_name}.${c.column_name}`))];
    expect(found.filter((f) => !known.has(f))).toEqual([]);
    // And the list names real columns: a table listed and present has its column.
    for (const t of PERSON_TABLES) {
      if (!(await exists(t.table))) continue;
      expect(found, `${t.table}.${t.column}`).toContain(`${t.table}.${t.column}`);
    }
  });
});

describe('duplicates: detection and comparison', () => {
  it('lists the pair for the CCAS with its reasons, best first', async () => {
    const page = await w.coordination.trpc.persons.duplicates.list.query({});
    const pair = page.items.find((i) => [i.a.id, i.b.id].sort().join() === [kept, merged].sort().join());
    expect(pair).toBeDefined();
    expect(pair!.reasons).toEqual(['nom_proche', 'date_inversee']);
    expect(pair!.score).toBeGreaterThanOrEqual(50);
    const scores = page.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('keeps the pairs that are hardest to see: one typo in each of two short words, a birth name', async () => {
    const ids = [
      await newPerson(w.entraide, { nom: 'Roux', prenom: 'Jean', dateNaissance: '1947-11-21' }),
      await newPerson(w.entraide, { nom: 'Raux', prenom: 'Joan', dateNaissance: '1947-11-21' }),
      await newPerson(w.entraide, {
        nom: 'Vidal',
        prenom: 'Agnès',
        nomNaissance: 'Castan',
        dateNaissance: '1951-08-02',
      }),
      await newPerson(w.entraide, { nom: 'Castan', prenom: 'Agnes', dateNaissance: '1951-08-02' }),
    ];
    for (const id of ids) await sendToRoute(id);
    const pairs: string[] = [];
    for (let page = 1; ; page++) {
      const list = await w.coordination.trpc.persons.duplicates.list.query({ page });
      pairs.push(...list.items.map((i) => [i.a.id, i.b.id].sort().join()));
      if (page * list.pageSize >= list.total) break;
    }
    expect(pairs).toContain([ids[0]!, ids[1]!].sort().join());
    expect(pairs).toContain([ids[2]!, ids[3]!].sort().join());
  });

  it('is for coordinators only', async () => {
    expect(await codeOf(w.entraide.trpc.persons.duplicates.list.query({}))).toBe('FORBIDDEN');
    expect(await codeOf(w.volunteer.trpc.persons.duplicates.list.query({}))).toBe('FORBIDDEN');
    // Entraide sees both files: FORBIDDEN; the SSIAD does not see the merged one: NOT_FOUND.
    expect(
      await codeOf(w.entraide.trpc.persons.duplicates.compare.query({ personId: kept, otherPersonId: merged })),
    ).toBe('FORBIDDEN');
    expect(await codeOf(w.ssiad.trpc.persons.duplicates.compare.query({ personId: kept, otherPersonId: merged }))).toBe(
      'NOT_FOUND',
    );
  });

  it('compares the two files side by side, audited as a read of each', async () => {
    const reads = async () =>
      (await auditRows()).filter((r) => r.action === 'person.read').map((r) => r.person_id as string);
    const n = await reads();
    const cmp = await w.coordination.trpc.persons.duplicates.compare.query({ personId: kept, otherPersonId: merged });
    expect(cmp.persons.map((p) => p.id)).toEqual([kept, merged]);
    expect(cmp.match?.reasons).toEqual(['nom_proche', 'date_inversee']);
    expect(cmp.conflicts).toEqual(expect.arrayContaining(['nom', 'dateNaissance']));
    expect(cmp.persons[0]!.counts.referrals).toBe(1);
    expect(cmp.persons[1]!.counts.referrals).toBe(2);
    expect(cmp.persons[1]!.counts.timelineEntries).toBe(2);
    const after = await reads();
    expect(after.length - n.length).toBe(2);
    expect(after.slice(-2).sort()).toEqual([kept, merged].sort());
  });
});

describe('merge', () => {
  it('refuses non-coordinators, a file merged into itself and a stale version', async () => {
    const input = { keptPersonId: kept, mergedPersonId: merged, keptVersion: 1, mergedVersion: 1 };
    expect(await codeOf(w.entraide.trpc.persons.merge.mutate(input))).toBe('FORBIDDEN');
    expect(await codeOf(w.ssiad.trpc.persons.merge.mutate(input))).toBe('NOT_FOUND');
    expect(await codeOf(w.volunteer.trpc.persons.merge.mutate(input))).toBe('NOT_FOUND');
    const self = await failure(w.coordination.trpc.persons.merge.mutate({ ...input, mergedPersonId: kept }));
    expect(self.data?.code).toBe('BAD_REQUEST');
    expect(self.data?.fieldErrors?.mergedPersonId).toBeDefined();
    const stale = await failure(w.coordination.trpc.persons.merge.mutate({ ...input, keptVersion: 99 }));
    expect(stale.data?.code).toBe('CONFLICT');
    expect(await count('referral', merged)).toBe(2);
  });

  let auditBefore: Awaited<ReturnType<typeof auditRows>>;

  it('two concurrent merges of the pair: one succeeds, the other gets CONFLICT', async () => {
    const cmp = await w.coordination.trpc.persons.duplicates.compare.query({ personId: kept, otherPersonId: merged });
    const [k, m] = cmp.persons;
    auditBefore = await auditRows();
    const coordination2 = await w.h.as('coordination@demo.ensemblier.fr');
    // The same merge by two coordinators at once: the merged file's telephone and e-mail, the
    // kept file's nom and birth date.
    const input = {
      keptPersonId: kept,
      mergedPersonId: merged,
      keptVersion: k!.version,
      mergedVersion: m!.version,
      choices: { telephone: 'merged', courriel: 'merged' } as const,
    };
    const results = await Promise.allSettled([
      w.coordination.trpc.persons.merge.mutate(input),
      coordination2.trpc.persons.merge.mutate(input),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected')!;
    expect(await codeOf(Promise.reject(lost.reason))).toBe('CONFLICT');
  });

  it('audit rows of both files are untouched; one person.merge row on each', async () => {
    const after = await auditRows();
    const merges = after.filter((r) => r.action === 'person.merge');
    expect(merges.map((r) => r.person_id).sort()).toEqual([kept, merged].sort());
    expect(after.filter((r) => r.action !== 'person.merge' && r.seq > auditBefore.at(-1)!.seq)).toEqual([]);
    expect(after.slice(0, auditBefore.length)).toEqual(auditBefore);
    expect(after).toHaveLength(auditBefore.length + 2);
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT details FROM audit_event WHERE action = 'person.merge' AND person_id = ${merged}`,
    );
    expect(row!.details).toMatchObject({ keptPersonId: kept, mergedPersonId: merged });
  });

  it('every entry, referral, consent event, member and row moved to the kept file', async () => {
    for (const [t, n] of Object.entries(before)) {
      if (t === 'person_access' || t === 'person_situation') continue;
      expect(await count(t, kept), t).toBe(n.kept + n.merged);
      expect(await count(t, merged), t).toBe(0);
    }
    // Referral events and messages follow their referrals.
    const [thread] = await inTerritory(
      w.h,
      (tx) => tx`SELECT count(*)::int AS messages FROM referral_message m JOIN referral r ON r.id = m.referral_id
        WHERE r.person_id = ${kept}`,
    );
    expect(thread!.messages).toBe(2);
    // One current membership per organisation: the CLIC was a member of both files.
    const current = await inTerritory(
      w.h,
      (tx) => tx`SELECT o.name FROM follow_up_member m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.person_id = ${kept} AND m.left_at IS NULL ORDER BY o.name`,
    );
    const names = current.map((r) => r.name as string);
    expect(names.filter((n) => n === CLIC_ORG)).toHaveLength(1);
    expect(names).toEqual(expect.arrayContaining([CLIC_ORG, ENTRAIDE_ORG, SSIAD_ORG]));
    // Access: one grant per organisation, on the kept file only; the CLIC's creator grant is kept.
    const access = await inTerritory(
      w.h,
      (tx) => tx`SELECT person_id, organisation_id, reason, revoked_at FROM person_access
        WHERE person_id IN (${kept}, ${merged})`,
    );
    expect(access.every((a) => a.person_id === kept)).toBe(true);
    expect(access.find((a) => a.organisation_id === w.orgs[CLIC_ORG])).toMatchObject({
      reason: 'creator',
      revoked_at: null,
    });
    if (before.person_situation) {
      // Both had a situation: the kept file's stays, the other stays with the tombstone.
      expect(await count('person_situation', kept)).toBe(1);
      expect(await count('person_situation', merged)).toBe(1);
    }
  });

  it('the kept file takes the chosen identity; the merged one is a tombstone out of search and reach', async () => {
    const [k, m] = await inTerritory(
      w.h,
      (tx) => tx`SELECT id, nom, telephone, courriel, to_char(date_naissance, 'YYYY-MM-DD') AS date_naissance, status,
        merged_into_id, (SELECT count(*)::int FROM person_name_word w WHERE w.person_id = p.id) AS words
        FROM person p WHERE id IN (${kept}, ${merged}) ORDER BY (id = ${kept}) DESC`,
    );
    expect(k).toMatchObject({
      nom: 'Dupont',
      telephone: '0699887766',
      courriel: 'marie.dupond@exemple.fr',
      date_naissance: '1950-03-04',
      status: 'active',
    });
    expect(k!.words).toBeGreaterThan(0);
    expect(m).toMatchObject({ nom: 'Dupond', status: 'merged', merged_into_id: kept, words: 0 });
    const found = await w.clic.trpc.persons.search.query({ query: 'Dupond Marie' });
    expect(found.map((f) => f.id)).not.toContain(merged);
    for (const b of [w.coordination, w.clic, w.entraide])
      expect(await codeOf(b.trpc.persons.get.query({ personId: merged }))).toBe('NOT_FOUND');
    // The CLIC held the merged file: it now reaches the kept one, and an old link leads there.
    const file = await w.clic.trpc.persons.get.query({ personId: kept });
    expect(file.referrals.length).toBeGreaterThanOrEqual(2);
    expect(await w.clic.trpc.persons.duplicates.mergedInto.query({ personId: merged })).toEqual({ personId: kept });
    expect(await codeOf(w.volunteer.trpc.persons.duplicates.mergedInto.query({ personId: merged }))).toBe('NOT_FOUND');
    expect(await codeOf(w.clic.trpc.persons.duplicates.mergedInto.query({ personId: kept }))).toBe('NOT_FOUND');
    // Entries of both files, with their visibilities, on the kept file's timeline.
    const titles = (await w.clic.trpc.persons.timeline.list.query({ personId: kept })).items.map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['clic-groupe', 'clic-ccas-justice', 'ssiad-groupe']));
    expect(titles).not.toContain('ssiad-privee-sante');
    expect(titles).not.toContain('entraide-privee');
  });

  it('« qui a consulté » of the kept file lists the reads of the merged one', async () => {
    const page = await w.coordination.trpc.persons.consultations.query({ personId: kept });
    const reads = (await auditRows()).filter((r) => r.action === 'person.read' || r.action === 'referral.read');
    expect(reads.some((r) => r.person_id === merged)).toBe(true);
    expect(page.total).toBe(reads.length);
    expect(page.items.map((i) => i.organisationName)).toContain(CLIC_ORG);
    expect(page.items.map((i) => i.organisationName)).toContain(CIAS_ORG);
  });

  it('the pair leaves the duplicates list; merging into a merged file is refused', async () => {
    const page = await w.coordination.trpc.persons.duplicates.list.query({});
    expect(page.items.some((i) => i.a.id === merged || i.b.id === merged)).toBe(false);
    const other = await newPerson(w.entraide, { nom: 'Durand', prenom: 'Paul' });
    await sendToRoute(other);
    const [{ version }] = (await inTerritory(w.h, (tx) => tx`SELECT version FROM person WHERE id = ${other}`)) as [
      { version: number },
    ];
    const err = await failure(
      w.coordination.trpc.persons.merge.mutate({
        keptPersonId: merged,
        mergedPersonId: other,
        keptVersion: 2,
        mergedVersion: version,
      }),
    );
    expect(err.data?.code).toBe('CONFLICT');
  });
});

describe('merge and the consent register', () => {
  it('an objection on the merged file ends the access and membership of the organisation it covers', async () => {
    const a = await newPerson(w.entraide, { nom: 'Lambert', prenom: 'Odile', dateNaissance: '1944-06-07' });
    const b = await newPerson(w.entraide, { nom: 'Lambert', prenom: 'Odile', dateNaissance: null });
    await sendToRoute(a);
    await sendToRoute(b);
    await w.coordination.trpc.persons.group.add.mutate({ personId: a, organisationId: w.orgs[SSIAD_ORG]! });
    // On the duplicate, the person objected to any sharing with the SSIAD.
    await w.entraide.trpc.persons.recordConsent.mutate({
      personId: b,
      kind: 'objection',
      mode: 'oral',
      occurredOn: '2026-03-01',
      organisationIds: [w.orgs[SSIAD_ORG]!],
    });
    const cmp = await w.coordination.trpc.persons.duplicates.compare.query({ personId: a, otherPersonId: b });
    expect(cmp.match?.reasons).toEqual(['meme_nom', 'date_manquante']);
    expect((await w.ssiad.trpc.persons.get.query({ personId: a })).person.id).toBe(a);
    await w.coordination.trpc.persons.merge.mutate({
      keptPersonId: a,
      mergedPersonId: b,
      keptVersion: cmp.persons[0]!.version,
      mergedVersion: cmp.persons[1]!.version,
    });
    expect(await codeOf(w.ssiad.trpc.persons.get.query({ personId: a }))).toBe('NOT_FOUND');
    expect(await count('follow_up_member', a, `AND left_at IS NULL AND organisation_id = '${w.orgs[SSIAD_ORG]}'`)).toBe(
      0,
    );
    expect(await count('consent_event', a)).toBeGreaterThanOrEqual(3);
  });
});

/** A referral « à router » so that the CCAS sees the file. */
async function sendToRoute(personId: string) {
  await w.entraide.trpc.referrals.create.mutate({
    idempotencyKey: crypto.randomUUID(),
    personId,
    recipients: [{ kind: 'to_route' }],
    thematiques: COLIS,
    motif: 'À orienter',
    consent: { mode: 'oral', occurredOn: '2026-03-02' },
  });
}
