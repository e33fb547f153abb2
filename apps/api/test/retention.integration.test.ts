import { existsSync } from 'node:fs';
import { parseCrontab } from 'graphile-worker';
import { addMonths } from '@ensemblier/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELIMINATION_STEPS, KEPT_PERSON_ID_TABLES, PERSON_TOMBSTONE } from '../src/archives/eliminate.ts';
import { pathOf } from '../src/referrals/files.ts';
import { CRONTAB } from '../src/worker/runner.ts';
import { codeOf, inTerritory, type Browser } from './harness.ts';
import {
  newPerson,
  PDF_BYTES,
  sendReferral,
  setupWorld,
  SSIAD_SERVICE,
  taskOf,
  type World,
} from './referrals-helpers.ts';

let w: World;
let archivist: Browser;
let admin: Browser;

beforeAll(async () => {
  w = await setupWorld();
  archivist = await w.h.as('archiviste@demo.ensemblier.fr');
  admin = await w.h.as('admin@demo.ensemblier.fr');
});
afterAll(() => w.h.close());

const DAY = 86_400_000;
const SOINS = ['autonomie-domicile--soins-infirmiers-a-domicile'];

/** Enqueues the daily job with the test clock's instant and runs the queue (as the worker would). */
async function runSweep() {
  await w.h.db.superuser`SELECT graphile_worker.add_job('retention_sweep',
    ${w.h.db.superuser.json({ now: w.h.clock.now().toISOString() })}::json)`;
  await w.h.runJobs();
}

/** Moves the clock; sessions idle for so long have expired: every browser logs in again. */
async function advance(ms: number) {
  w.h.clock.advance(ms);
  const again = (email: string) => w.h.as(`${email}@demo.ensemblier.fr`);
  w.entraide = await again('responsable.entraide');
  w.ssiad = await again('responsable.ssiad');
  w.coordination = await again('coordination');
  archivist = await again('archiviste');
  admin = await again('admin');
}

const personRow = async (id: string) => (await inTerritory(w.h, (tx) => tx`SELECT * FROM person WHERE id = ${id}`))[0]!;

const setInactiveFor = (id: string, months: number) =>
  inTerritory(
    w.h,
    (tx) => tx`UPDATE person SET last_activity_at = ${addMonths(w.h.clock.now(), -months)} WHERE id = ${id}`,
  );

const auditOf = (personId: string, action: string) =>
  inTerritory(
    w.h,
    (tx) => tx`SELECT a.user_id, a.role, a.details, u.email FROM audit_event a
      LEFT JOIN app_user u ON u.id = a.user_id
      WHERE a.person_id = ${personId} AND a.action = ${action} ORDER BY a.seq`,
  );

/** Every row about the person, table by table, as ELIMINATION_STEPS reaches them. */
async function personalRows(personId: string, referralIds: string[], consentIds: string[]) {
  return inTerritory(w.h, async (tx) => {
    const counts: Record<string, number> = {};
    for (const step of ELIMINATION_STEPS) {
      const [exists] = await tx`SELECT to_regclass(${step.table}) IS NOT NULL AS ok`;
      if (!exists!.ok) continue;
      const keys = step.by === 'person_id' ? [personId] : step.by === 'referral_id' ? referralIds : consentIds;
      const [row] =
        await tx`SELECT count(*)::int AS n FROM ${tx(step.table)} WHERE ${tx(step.by)} = ANY(${keys}::uuid[])`;
      counts[step.table] = row!.n as number;
    }
    return counts;
  });
}

/** The files of the scenario. */
const s = {
  old: '', // 25 months without activity, referral refused: « demande refusée »
  recent: '', // 23 months: stays active
  kept: '', // 25 months, no referral: « suivi »; its elimination will be rejected
  referralId: '',
  attachmentKey: '',
  consentIds: [] as string[],
};

describe('retention job', () => {
  it('runs daily', () => {
    const item = parseCrontab(CRONTAB).find((i) => i.task === 'retention_sweep');
    expect(item).toBeDefined();
    const match = (item!.match as unknown as { parsedCronMatch: { hours: number[]; minutes: number[] } })
      .parsedCronMatch;
    expect(match.hours).toHaveLength(1);
    expect(match.minutes).toHaveLength(1);
  });

  it('archives a file inactive for 25 months, not one inactive for 23 months', async () => {
    s.old = await newPerson(w.entraide, { nom: 'Zébulonnier', prenom: 'Anatole' });
    s.recent = await newPerson(w.entraide, { nom: 'Zébulonnier', prenom: 'Berthe' });
    s.kept = await newPerson(w.entraide, { nom: 'Zébulonnier', prenom: 'Casimir' });
    await w.entraide.trpc.persons.timeline.add.mutate({ personId: s.old, type: 'note', title: 'Premier entretien' });
    s.referralId = await sendReferral(w.entraide, s.old, w.services[SSIAD_SERVICE]!, SOINS);
    await w.entraide.trpc.referrals.addAttachments.mutate({
      referralId: s.referralId,
      attachments: [{ fileName: 'justificatif.pdf', contentBase64: PDF_BYTES.toString('base64') }],
    });
    const task = await taskOf(w.ssiad, s.referralId);
    await w.ssiad.trpc.referrals.transition.mutate({
      taskId: task.id,
      version: task.version,
      action: 'refuse',
      reason: 'pas_de_place',
      message: 'Plus de place',
    });
    const [attachment] = await inTerritory(
      w.h,
      (tx) => tx`SELECT storage_key FROM referral_attachment WHERE referral_id = ${s.referralId}`,
    );
    s.attachmentKey = attachment!.storage_key as string;
    expect(existsSync(pathOf(w.filesDir, s.attachmentKey))).toBe(true);
    s.consentIds = (await inTerritory(w.h, (tx) => tx`SELECT id FROM consent_event WHERE person_id = ${s.old}`)).map(
      (r) => r.id as string,
    );
    expect(s.consentIds.length).toBeGreaterThan(0);

    // Both files are in the search and open before the job.
    const found = await w.entraide.trpc.persons.search.query({ query: 'zebulonnier' });
    expect(found.map((r) => r.id)).toEqual(expect.arrayContaining([s.old, s.recent, s.kept]));

    await setInactiveFor(s.old, 25);
    await setInactiveFor(s.kept, 25);
    await setInactiveFor(s.recent, 23);
    await runSweep();

    const old = await personRow(s.old);
    expect(old.status).toBe('archived');
    expect(old.archived_at).toEqual(w.h.clock.now());
    expect(old.retention_category).toBe('demande_refusee');
    expect((await personRow(s.kept)).retention_category).toBe('suivi');
    expect((await personRow(s.recent)).status).toBe('active');

    // One audit row per archived file, by the system.
    const archivedRows = await auditOf(s.old, 'person.archive');
    expect(archivedRows).toHaveLength(1);
    expect(archivedRows[0]!.user_id).toBeNull();
    expect(archivedRows[0]!.details).toMatchObject({ archiveAfterMonths: 24, category: 'demande_refusee' });
    expect(await auditOf(s.recent, 'person.archive')).toHaveLength(0);

    // Its follow-up group memberships ended.
    const open = await inTerritory(
      w.h,
      (tx) => tx`SELECT count(*)::int AS n FROM follow_up_member WHERE person_id = ${s.old} AND left_at IS NULL`,
    );
    expect(open[0]!.n).toBe(0);

    // A second run changes nothing.
    await runSweep();
    expect(await auditOf(s.old, 'person.archive')).toHaveLength(1);
  });

  it('the archived file leaves persons.get and the search for everyone but the archivist', async () => {
    for (const b of [w.entraide, w.coordination, w.ssiad]) {
      expect(await codeOf(b.trpc.persons.get.query({ personId: s.old }))).toBe('NOT_FOUND');
      expect(await codeOf(b.trpc.persons.timeline.list.query({ personId: s.old }))).toBe('NOT_FOUND');
    }
    const found = await w.entraide.trpc.persons.search.query({ query: 'zebulonnier' });
    expect(found.map((r) => r.id)).toContain(s.recent);
    expect(found.map((r) => r.id)).not.toContain(s.old);
    expect((await w.entraide.trpc.persons.get.query({ personId: s.recent })).person.id).toBe(s.recent);

    const list = await archivist.trpc.archives.list.query({});
    expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining([s.old, s.kept]));
    expect(list.items.map((i) => i.id)).not.toContain(s.recent);
    const refused = await archivist.trpc.archives.list.query({ category: 'demande_refusee' });
    expect(refused.items.map((i) => i.id)).toContain(s.old);
    expect(refused.items.map((i) => i.id)).not.toContain(s.kept);

    const file = await archivist.trpc.archives.get.query({ personId: s.old });
    expect(file.person).toMatchObject({ nom: 'Zébulonnier', prenom: 'Anatole' });
    expect(file.category).toBe('demande_refusee');
    expect(file.referrals).toHaveLength(1);
    expect(file.timeline.map((e) => e.title)).toContain('Premier entretien');
    const reads = await auditOf(s.old, 'person.read');
    expect(reads.at(-1)).toMatchObject({ email: 'archiviste@demo.ensemblier.fr', details: { reason: 'archives' } });

    // An active file is not in the archives.
    expect(await codeOf(archivist.trpc.archives.get.query({ personId: s.recent }))).toBe('NOT_FOUND');
  });

  it('the archivist sees nothing of the follow-up; other roles get FORBIDDEN on the archives', async () => {
    expect(await codeOf(archivist.trpc.persons.search.query({ query: 'zebulonnier' }))).toBe('FORBIDDEN');
    expect(await codeOf(archivist.trpc.persons.get.query({ personId: s.recent }))).toBe('NOT_FOUND');
    expect(await codeOf(archivist.trpc.referrals.get.query({ referralId: s.referralId }))).toBe('NOT_FOUND');

    const volunteer = w.volunteer;
    for (const b of [w.entraide, w.coordination, admin, volunteer, w.commission]) {
      expect(await codeOf(b.trpc.archives.list.query({}))).toBe('FORBIDDEN');
      expect(await codeOf(b.trpc.archives.get.query({ personId: s.old }))).toBe('FORBIDDEN');
      expect(await codeOf(b.trpc.archives.eliminations.list.query({}))).toBe('FORBIDDEN');
      const id = '00000000-0000-4000-8000-000000000000';
      expect(await codeOf(b.trpc.archives.eliminations.approve.mutate({ requestId: id, motive: 'x' }))).toBe(
        'FORBIDDEN',
      );
      expect(await codeOf(b.trpc.archives.eliminations.reject.mutate({ requestId: id, motive: 'x' }))).toBe(
        'FORBIDDEN',
      );
    }
    expect(await codeOf(w.entraide.trpc.archives.rules.get.query())).toBe('FORBIDDEN');
    expect(
      await codeOf(
        archivist.trpc.archives.rules.update.mutate({ archiveAfterMonths: 24, demande_refusee: 2, aide: 10, suivi: 5 }),
      ),
    ).toBe('FORBIDDEN');
    expect((await archivist.trpc.archives.rules.get.query()).rules.archiveAfterMonths).toBe(24);
  });

  it('the administrator sets the rules (audited); field errors in French', async () => {
    const err = await codeOf(
      admin.trpc.archives.rules.update.mutate({ archiveAfterMonths: 2, demande_refusee: 2, aide: 10, suivi: 1 }),
    );
    expect(err).toBe('BAD_REQUEST');
    await admin.trpc.archives.rules.update.mutate({ archiveAfterMonths: 24, demande_refusee: 2, aide: 10, suivi: 1 });
    const got = await admin.trpc.archives.rules.get.query();
    expect(got.rules.eliminateAfterYears).toEqual({ demande_refusee: 2, aide: 10, suivi: 1, proces_verbal: null });
    expect(got.categories.find((c) => c.category === 'proces_verbal')).toEqual({
      category: 'proces_verbal',
      years: null,
      editable: false,
    });
    expect(got.updatedBy).toBe('Claire Administratrice');
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT details FROM audit_event WHERE action = 'retention.rules.update' ORDER BY seq DESC LIMIT 1`,
    );
    expect(row!.details).toMatchObject({
      before: { eliminateAfterYears: { suivi: 5 } },
      after: { eliminateAfterYears: { suivi: 1 } },
    });
  });

  it('proposes the elimination when due, and never runs it without an approval', async () => {
    // One year later: nothing is due (refused requests: 2 years, follow-up now 1 year — due exactly then).
    await advance(360 * DAY);
    await runSweep();
    expect(
      await inTerritory(w.h, (tx) => tx`SELECT * FROM elimination_request WHERE person_id IN ${tx([s.old, s.kept])}`),
    ).toHaveLength(0);

    await advance(2 * 365 * DAY - 360 * DAY + DAY);
    await runSweep();
    const requests = await inTerritory(
      w.h,
      (tx) => tx`SELECT person_id, category, status, due_at FROM elimination_request
        WHERE person_id IN ${tx([s.old, s.kept])} ORDER BY category`,
    );
    expect(requests.map((r) => [r.person_id, r.category, r.status])).toEqual([
      [s.old, 'demande_refusee', 'proposed'],
      [s.kept, 'suivi', 'proposed'],
    ]);
    const archivedAt = (await personRow(s.old)).archived_at as Date;
    expect(requests[0]!.due_at).toEqual(addMonths(archivedAt, 24));
    expect((await auditOf(s.old, 'person.elimination.propose')).map((a) => a.user_id)).toEqual([null]);

    // Running the job again (and the queue) deletes nothing and proposes nothing twice.
    await runSweep();
    await runSweep();
    expect(
      await inTerritory(w.h, (tx) => tx`SELECT id FROM elimination_request WHERE person_id = ${s.old}`),
    ).toHaveLength(1);
    expect((await personRow(s.old)).status).toBe('archived');
    const rows = await personalRows(s.old, [s.referralId], s.consentIds);
    for (const table of [
      'referral',
      'referral_task',
      'referral_attachment',
      'timeline_entry',
      'consent_event',
      'person_access',
    ])
      expect(rows[table], table).toBeGreaterThan(0);
    expect(existsSync(pathOf(w.filesDir, s.attachmentKey))).toBe(true);

    // (By now the 23-month file has been archived too, and is due under the 1-year rule.)
    const due = await archivist.trpc.archives.list.query({ eliminationDue: true });
    expect(due.items.map((i) => i.id)).toEqual(expect.arrayContaining([s.old, s.kept]));
    const pending = await archivist.trpc.archives.eliminations.list.query({});
    expect(pending.items.filter((i) => [s.old, s.kept].includes(i.personId))).toHaveLength(2);
  });

  it('a motive is required; the approval runs the elimination: every personal row gone, tombstone, audit rows', async () => {
    const pending = await archivist.trpc.archives.eliminations.list.query({});
    const request = pending.items.find((i) => i.personId === s.old)!;
    expect(
      await codeOf(archivist.trpc.archives.eliminations.approve.mutate({ requestId: request.id, motive: ' ' })),
    ).toBe('BAD_REQUEST');
    const readsBefore = (await auditOf(s.old, 'person.read')).length;
    const words = () =>
      inTerritory(w.h, (tx) => tx`SELECT word FROM person_word WHERE word IN ('zebulonnier', 'anatole') ORDER BY word`);
    expect((await words()).map((r) => r.word)).toEqual(['anatole', 'zebulonnier']);

    await archivist.trpc.archives.eliminations.approve.mutate({
      requestId: request.id,
      motive: 'Délai de conservation échu, aucune procédure en cours.',
    });
    await w.h.runJobs();

    const rows = await personalRows(s.old, [s.referralId], s.consentIds);
    for (const [table, n] of Object.entries(rows)) expect(n, table).toBe(0);
    expect(Object.keys(rows)).toEqual(expect.arrayContaining(['referral', 'timeline_entry', 'person_name_word']));
    expect(existsSync(pathOf(w.filesDir, s.attachmentKey))).toBe(false);

    const tomb = await personRow(s.old);
    expect(tomb.status).toBe('eliminated');
    expect(tomb.eliminated_at).not.toBeNull();
    for (const [column, value] of Object.entries(PERSON_TOMBSTONE.wiped))
      expect(tomb[column], column).toBe(value === 'NULL' ? null : value.slice(1, -1));
    // Its own first name leaves the search vocabulary; the name other files bear stays.
    expect((await words()).map((r) => r.word)).toEqual(['zebulonnier']);

    const [req] = await inTerritory(w.h, (tx) => tx`SELECT * FROM elimination_request WHERE id = ${request.id}`);
    expect(req).toMatchObject({ status: 'done', motive: 'Délai de conservation échu, aucune procédure en cours.' });
    const approvals = await auditOf(s.old, 'person.elimination.approve');
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ email: 'archiviste@demo.ensemblier.fr', role: 'archivist' });
    expect(approvals[0]!.details).toMatchObject({ motive: 'Délai de conservation échu, aucune procédure en cours.' });
    const eliminations = await auditOf(s.old, 'person.eliminate');
    expect(eliminations).toHaveLength(1);
    expect(eliminations[0]!.user_id).toBeNull();
    expect(eliminations[0]!.details).toMatchObject({ requestId: request.id, attachments: 1 });
    // The audit trail stays, reads included.
    expect(await auditOf(s.old, 'person.read')).toHaveLength(readsBefore);
    expect(await auditOf(s.old, 'person.archive')).toHaveLength(1);

    // Gone from the archives; a second decision is a conflict.
    expect(await codeOf(archivist.trpc.archives.get.query({ personId: s.old }))).toBe('NOT_FOUND');
    expect(
      await codeOf(archivist.trpc.archives.eliminations.approve.mutate({ requestId: request.id, motive: 'Encore' })),
    ).toBe('CONFLICT');
    const decided = await archivist.trpc.archives.eliminations.list.query({ status: 'decided' });
    expect(decided.items.find((i) => i.id === request.id)).toMatchObject({
      status: 'done',
      eliminated: true,
      nom: null,
    });
    // A rerun of the job does nothing more.
    await runSweep();
    expect(await auditOf(s.old, 'person.eliminate')).toHaveLength(1);
  });

  it('a rejection keeps the file archived with its motive; proposed again a year later', async () => {
    const pending = await archivist.trpc.archives.eliminations.list.query({});
    const request = pending.items.find((i) => i.personId === s.kept)!;
    await archivist.trpc.archives.eliminations.reject.mutate({
      requestId: request.id,
      motive: 'Contentieux en cours avec le bailleur.',
    });
    await w.h.runJobs();
    await runSweep();
    expect((await personRow(s.kept)).status).toBe('archived');
    expect((await personRow(s.kept)).nom).toBe('Zébulonnier');
    const [req] = await inTerritory(
      w.h,
      (tx) => tx`SELECT status, motive FROM elimination_request WHERE id = ${request.id}`,
    );
    expect(req).toEqual({ status: 'rejected', motive: 'Contentieux en cours avec le bailleur.' });
    expect(await auditOf(s.kept, 'person.elimination.reject')).toHaveLength(1);
    expect(await auditOf(s.kept, 'person.eliminate')).toHaveLength(0);
    const file = await archivist.trpc.archives.get.query({ personId: s.kept });
    expect(file.eliminations[0]).toMatchObject({ status: 'rejected', decidedBy: 'Odile Archiviste' });
    expect(
      await codeOf(
        archivist.trpc.archives.eliminations.approve.mutate({ requestId: request.id, motive: 'Finalement' }),
      ),
    ).toBe('CONFLICT');

    await advance(366 * DAY);
    await runSweep();
    const again = await inTerritory(
      w.h,
      (tx) => tx`SELECT status FROM elimination_request WHERE person_id = ${s.kept} ORDER BY proposed_at`,
    );
    expect(again.map((r) => r.status)).toEqual(['rejected', 'proposed']);
  });
});

/**
 * The guard: every table holding a person's data is handled by the elimination. Fails when a
 * migration adds a table with a person_id / referral_id column, or a foreign key into a table
 * the elimination deletes from, or a column on person, that eliminate.ts does not handle.
 */
describe('elimination guard over the catalogue', () => {
  const steps = ELIMINATION_STEPS.map((st) => st.table);

  it('every table with a person_id column is eliminated or explicitly kept', async () => {
    const rows = await w.h.db.owner<{ table_name: string }[]>`
      SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND c.column_name = 'person_id' AND t.table_type = 'BASE TABLE'`;
    const handled = new Set([
      ...ELIMINATION_STEPS.filter((st) => st.by === 'person_id').map((st) => st.table),
      ...Object.keys(KEPT_PERSON_ID_TABLES),
    ]);
    const missing = rows.map((r) => r.table_name).filter((t) => !handled.has(t));
    expect(missing, 'tables with person_id not handled by apps/api/src/archives/eliminate.ts').toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(handled.size - 1);
  });

  it('every table with a referral_id or consent_event_id column is eliminated through it', async () => {
    for (const column of ['referral_id', 'consent_event_id'] as const) {
      const rows = await w.h.db.owner<{ table_name: string }[]>`
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = ${column} AND t.table_type = 'BASE TABLE'`;
      const missing = rows.map((r) => r.table_name).filter((t) => !steps.includes(t));
      expect(missing, `tables with ${column} not handled`).toEqual([]);
    }
  });

  it('every listed table exists, and the app role may delete from it', async () => {
    for (const table of steps) {
      const [row] = await w.h.db.owner`SELECT to_regclass(${table}) IS NOT NULL AS ok,
        to_regclass(${table}) IS NOT NULL AND has_table_privilege('ensemblier_app', ${table}, 'DELETE') AS del`;
      expect(row, table).toEqual({ ok: true, del: true });
    }
  });

  it('every foreign key into an eliminated table comes from a table eliminated before it (or the tombstone)', async () => {
    const fks = await w.h.db.owner<{ from_table: string; to_table: string; columns: string[] }[]>`
      SELECT c.conrelid::regclass::text AS from_table, c.confrelid::regclass::text AS to_table,
        array(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a
          ON a.attrelid = c.conrelid AND a.attnum = k) AS columns
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`;
    const problems: string[] = [];
    for (const fk of fks) {
      const column = fk.columns.find((c) => c !== 'territory_id');
      if (fk.to_table === 'person') {
        const ok =
          (column === 'person_id' &&
            (steps.includes(fk.from_table) || Object.keys(KEPT_PERSON_ID_TABLES).includes(fk.from_table))) ||
          (fk.from_table === 'person' && column === 'merged_into_id');
        if (!ok) problems.push(`${fk.from_table}.${column} → person`);
        continue;
      }
      const to = steps.indexOf(fk.to_table);
      if (to < 0 || fk.from_table === fk.to_table) continue;
      const from = steps.indexOf(fk.from_table);
      if (from < 0 || from > to) problems.push(`${fk.from_table}.${column} → ${fk.to_table}`);
    }
    expect(problems).toEqual([]);
  });

  it('every column of person is wiped or kept by the tombstone', async () => {
    const rows = await w.h.db.owner<{ column_name: string }[]>`
      SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'person'`;
    const classified = new Set([...Object.keys(PERSON_TOMBSTONE.wiped), ...PERSON_TOMBSTONE.kept]);
    expect(rows.map((r) => r.column_name).filter((c) => !classified.has(c))).toEqual([]);
  });
});
