import { parseCrontab } from 'graphile-worker';
import { parisDate, VISIT_CARD_FIELDS } from '@ensemblier/shared';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignStatsCsv, STATS_CSV_COLUMNS } from '../src/visits/procedures/campaigns.ts';
import { CRONTAB } from '../src/worker/runner.ts';
import { codeOf, inTerritory, type Browser } from './harness.ts';
import { CIAS_ORG, newPerson, setupWorld, type World } from './referrals-helpers.ts';

/**
 * Heatwave / cold-spell campaigns (issue 7), acceptance: « A campaign over a register of 500
 * people splits the list, logs calls, escalates the unreached after the configured delay
 * (controllable clock) ».
 */

let w: World;
let volunteer2: Browser;
let outsider: Browser;
let volunteerId: string;
let volunteer2Id: string;
let coordinatorId: string;
/** Registered through the API, in sector S1, visited by volunteer2 in a programme. */
let jeanneId: string;
let campaignId: string;
let registered: string[];

const HOUR = 3_600_000;
const DELAY_HOURS = 4;
const SECRET_KEYS = 'Clé chez Mme Voisine-Secrète';

async function invite(email: string, name: string): Promise<Browser> {
  const admin = await w.h.as('admin@demo.ensemblier.fr');
  await admin.trpc.admin.members.invite.mutate({ organisationId: w.orgs[CIAS_ORG]!, email, name, role: 'volunteer' });
  await w.h.runJobs();
  const [mail] = await w.h.db.app<{ text_body: string }[]>`
    SELECT text_body FROM dev_mail WHERE to_address = ${email} ORDER BY id DESC`;
  const token = /\/invitation\/([a-z2-7]+)/.exec(mail!.text_body)![1]!;
  await w.h.browser().trpc.auth.acceptInvitation.mutate({
    token,
    password: 'un mot de passe long',
    passwordConfirmation: 'un mot de passe long',
  });
  const b = w.h.browser();
  await b.login(email, 'un mot de passe long');
  return b;
}

/** Sessions expire when the manual clock jumps hours ahead: log in again. */
async function relogin() {
  w.coordination = await w.h.as('coordination@demo.ensemblier.fr');
  w.volunteer = await w.h.as('benevole@demo.ensemblier.fr');
  volunteer2 = w.h.browser();
  await volunteer2.login('campagne.benevole@exemple.fr', 'un mot de passe long');
  outsider = w.h.browser();
  await outsider.login('hors.campagne@exemple.fr', 'un mot de passe long');
}

/** Enqueues the cron task with the test clock's instant and runs the queue (as the worker would). */
async function runEscalation() {
  await w.h.db.superuser`SELECT graphile_worker.add_job('campaign_escalation',
    ${w.h.db.superuser.json({ now: w.h.clock.now().toISOString() })}::json)`;
  await w.h.runJobs();
}

const entries = () =>
  inTerritory(
    w.h,
    (tx) => tx<{ person_id: string; caller_user_id: string; sector: string | null }[]>`
      SELECT person_id, caller_user_id, sector FROM campaign_list_entry WHERE campaign_id = ${campaignId}`,
  );

const escalationNotes = () =>
  inTerritory(
    w.h,
    (tx) => tx<{ email: string; dedupe_key: string; title: string; body: string }[]>`
      SELECT u.email, n.dedupe_key, n.title, n.body FROM notification n JOIN app_user u ON u.id = n.user_id
      WHERE n.kind = 'campaign_escalation' AND n.link = ${`/visites/campagnes/${campaignId}`} ORDER BY u.email`,
  );

function call(
  personId: string,
  outcome: 'joint' | 'non_joint' | 'besoin_signale',
  extra: Record<string, unknown> = {},
) {
  return {
    clientId: randomUUID(),
    campaignId,
    personId,
    outcome,
    occurredAt: w.h.clock.now(),
    needs: [],
    note: null,
    ...extra,
  };
}

beforeAll(async () => {
  w = await setupWorld();
  volunteer2 = await invite('campagne.benevole@exemple.fr', 'Benoîte Campagne');
  outsider = await invite('hors.campagne@exemple.fr', 'Hors Campagne');
  const users = await inTerritory(
    w.h,
    (tx) => tx<{ id: string; email: string }[]>`SELECT id, email FROM app_user
      WHERE email IN ('benevole@demo.ensemblier.fr', 'campagne.benevole@exemple.fr', 'coordination@demo.ensemblier.fr')`,
  );
  const idOf = (email: string) => users.find((u) => u.email === email)!.id;
  volunteerId = idOf('benevole@demo.ensemblier.fr');
  volunteer2Id = idOf('campagne.benevole@exemple.fr');
  coordinatorId = idOf('coordination@demo.ensemblier.fr');

  // One person registered through the API (secret fields to check the caller's card), in sector
  // S1, visited by volunteer2: volunteer2 knows S1.
  jeanneId = await newPerson(w.coordination, { nom: 'Campagnenom', prenom: 'Jeanne' });
  await w.coordination.trpc.visits.register.create.mutate({
    personId: jeanneId,
    requestedBy: 'personne',
    consentMode: 'oral',
    consentOn: '2026-01-12',
    situation: 'age_65',
    isole: true,
    adresse: '12 rue des Tilleuls',
    communeInsee: '34145',
    secteur: 'S1',
    digicode: '4512A',
    cles: SECRET_KEYS,
    telephones: [{ numero: '0467112233', type: 'fixe' }],
    contactsUrgence: [{ nom: 'Fille Urgence-Secrète', lien: 'fille', telephone: '0698765432' }],
    medecin: { nom: 'Dr Médecin-Secret', telephone: '0467000000' },
  });
  await w.coordination.trpc.visits.programmes.create.mutate({
    personId: jeanneId,
    visitorUserIds: [volunteer2Id],
    recurrence: 'semaine',
    startsOn: parisDate(w.h.clock.now()),
  });

  // 499 more registered people, in bulk: sectors S0…S4 (S1: 100 and Jeanne).
  await inTerritory(w.h, async (tx) => {
    const t = w.h.territoryId;
    const org = w.orgs[CIAS_ORG]!;
    await tx`
      WITH people AS (
        INSERT INTO person (territory_id, nom, prenom, name_key, created_by_organisation_id, created_by_user_id)
        SELECT ${t}, 'Registre' || g, 'Personne', 'registre' || g || ' personne', ${org}, ${coordinatorId}
        FROM generate_series(1, 499) g
        RETURNING id, nom)
      INSERT INTO register_entry (territory_id, person_id, requested_by, consent_mode, consent_on, situation, adresse,
        commune_insee, secteur, cles, telephones, registered_on, registered_by_user_id, registered_by_organisation_id,
        updated_by_user_id)
      SELECT ${t}, id, 'personne', 'oral', '2026-01-10', 'age_65', '1 rue du Registre', '34145',
        'S' || (substr(nom, 9)::int % 5), ${SECRET_KEYS}, '[{"numero": "0467000001", "type": "fixe"}]',
        '2026-01-10', ${coordinatorId}, ${org}, ${coordinatorId}
      FROM people`;
  });
  registered = (
    await inTerritory(
      w.h,
      (tx) => tx<{ person_id: string }[]>`
        SELECT DISTINCT r.person_id FROM register_entry r JOIN person p ON p.id = r.person_id
        WHERE r.status = 'inscrite' AND p.status = 'active'`,
    )
  ).map((r) => r.person_id);
});

afterAll(async () => {
  await w?.h.close();
});

describe('a campaign over a register of 500 people', () => {
  it('runs its escalation job every 5 minutes', () => {
    const item = parseCrontab(CRONTAB).find((i) => i.task === 'campaign_escalation');
    expect(item).toBeDefined();
    expect((item!.match as unknown as { parsedCronMatch: { minutes: number[] } }).parsedCronMatch.minutes).toHaveLength(
      12,
    );
  });

  it('only a coordinator starts one; callers must be active volunteers or agents', async () => {
    const input = {
      type: 'canicule' as const,
      startsAt: w.h.clock.now(),
      escalationDelayHours: DELAY_HOURS,
      callerUserIds: [volunteerId],
    };
    expect(await codeOf(w.volunteer.trpc.visits.campaigns.create.mutate(input))).toBe('FORBIDDEN');
    expect(await codeOf(w.entraide.trpc.visits.campaigns.create.mutate(input))).toBe('FORBIDDEN');
    expect(
      await codeOf(w.coordination.trpc.visits.campaigns.create.mutate({ ...input, callerUserIds: [randomUUID()] })),
    ).toBe('BAD_REQUEST');
    expect(await codeOf(w.coordination.trpc.visits.campaigns.create.mutate({ ...input, type: 'autre' }))).toBe(
      'BAD_REQUEST',
    );
    const callers = await w.coordination.trpc.visits.campaigns.callers.query();
    expect(callers.map((c) => c.userId)).toEqual(expect.arrayContaining([volunteerId, volunteer2Id, coordinatorId]));
  });

  it('splits the whole register among the callers: each person once, balanced, locality first', async () => {
    expect(registered.length).toBeGreaterThanOrEqual(500);
    const created = await w.coordination.trpc.visits.campaigns.create.mutate({
      type: 'canicule',
      startsAt: w.h.clock.now(),
      escalationDelayHours: DELAY_HOURS,
      callerUserIds: [volunteerId, volunteer2Id, coordinatorId],
    });
    campaignId = created.campaignId;
    expect(created.people).toBe(registered.length);

    const rows = await entries();
    expect(rows).toHaveLength(registered.length);
    expect(new Set(rows.map((r) => r.person_id))).toEqual(new Set(registered));
    const counts = [volunteerId, volunteer2Id, coordinatorId].map(
      (id) => rows.filter((r) => r.caller_user_id === id).length,
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(registered.length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    // volunteer2 visits someone in S1: the whole sector (101 people, under a third) goes to them.
    const s1 = rows.filter((r) => r.sector === 'S1');
    expect(s1.length).toBe(101);
    expect(s1.every((r) => r.caller_user_id === volunteer2Id)).toBe(true);

    const board = await w.coordination.trpc.visits.campaigns.board.query({ campaignId });
    expect(board.progress).toMatchObject({
      total: registered.length,
      reached: 0,
      notYet: registered.length,
      escalated: 0,
    });
    expect(board.progress.byCaller).toHaveLength(3);
    const [audit] = await inTerritory(
      w.h,
      (tx) => tx`SELECT details FROM audit_event WHERE action = 'campaigns.create' AND object_id = ${campaignId}`,
    );
    expect(audit?.details).toMatchObject({ people: registered.length, callers: 3 });
  });

  it('a caller reads only their own people, only the logistics card; others get NOT_FOUND or nothing', async () => {
    const rows = await entries();
    const mine = await volunteer2.trpc.visits.campaigns.mine.query({ campaignId });
    const assigned = rows.filter((r) => r.caller_user_id === volunteer2Id).map((r) => r.person_id);
    expect(new Set(mine.items.map((i) => i.card.personId))).toEqual(new Set(assigned));
    for (const item of mine.items) expect(Object.keys(item.card).sort()).toEqual([...VISIT_CARD_FIELDS].sort());
    expect(Object.keys(mine.items[0]!).sort()).toEqual(['attempts', 'card', 'deadline', 'lastAttemptAt', 'status']);
    const jeanne = mine.items.find((i) => i.card.personId === jeanneId)!;
    expect(jeanne.card).toMatchObject({ nom: 'Campagnenom', digicode: '4512A', adresse: '12 rue des Tilleuls' });
    const json = JSON.stringify(mine);
    for (const secret of ['Voisine-Secrète', 'Urgence-Secrète', 'Médecin-Secret', 'age_65', 'isole'])
      expect(json).not.toContain(secret);
    const [reads] = await inTerritory(
      w.h,
      (tx) => tx<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_event
        WHERE action = 'campaigns.card.read' AND user_id = ${volunteer2Id} AND object_id = ${campaignId}`,
    );
    expect(reads!.n).toBe(assigned.length);

    // Not assigned to volunteer1: NOT_FOUND when calling.
    expect(await codeOf(w.volunteer.trpc.visits.campaigns.logCall.mutate(call(jeanneId, 'joint')))).toBe('NOT_FOUND');
    // A volunteer outside the campaign: nothing to read, nothing to call, no board.
    expect(await codeOf(outsider.trpc.visits.campaigns.mine.query({ campaignId }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.trpc.visits.campaigns.logCall.mutate(call(jeanneId, 'joint')))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.trpc.visits.campaigns.board.query({ campaignId }))).toBe('FORBIDDEN');
    expect(await outsider.trpc.visits.campaigns.myCampaigns.query()).toEqual([]);
    expect(await codeOf(w.volunteer.trpc.visits.campaigns.mine.query({ campaignId: randomUUID() }))).toBe('NOT_FOUND');
    const my = await w.volunteer.trpc.visits.campaigns.myCampaigns.query();
    expect(my.map((c) => c.id)).toEqual([campaignId]);
  });

  it('logs calls idempotently; a need reaches the coordinators and the CCAS timeline, once', async () => {
    const rows = await entries();
    const of = (id: string) => rows.filter((r) => r.caller_user_id === id).map((r) => r.person_id);
    const [v1, v2, co] = [of(volunteerId), of(volunteer2Id), of(coordinatorId)];
    // Joint: 40 per caller; non joint: 10 of volunteer1's next people.
    for (const p of v1.slice(0, 40)) await w.volunteer.trpc.visits.campaigns.logCall.mutate(call(p, 'joint'));
    for (const p of v2.filter((id) => id !== jeanneId).slice(0, 40))
      await volunteer2.trpc.visits.campaigns.logCall.mutate(call(p, 'joint'));
    for (const p of co.slice(0, 40)) await w.coordination.trpc.visits.campaigns.logCall.mutate(call(p, 'joint'));
    for (const p of v1.slice(40, 50)) await w.volunteer.trpc.visits.campaigns.logCall.mutate(call(p, 'non_joint'));

    // A retried call (same client id) leaves one row.
    const retried = call(v1[50]!, 'non_joint');
    const first = await w.volunteer.trpc.visits.campaigns.logCall.mutate(retried);
    const second = await w.volunteer.trpc.visits.campaigns.logCall.mutate(retried);
    expect(second).toEqual({ callId: first.callId, duplicate: true });
    const [stored] = await inTerritory(
      w.h,
      (tx) => tx<{ n: number }[]>`SELECT count(*)::int AS n FROM campaign_call WHERE client_id = ${retried.clientId}`,
    );
    expect(stored!.n).toBe(1);
    // The same client id from another caller is rejected.
    expect(await codeOf(volunteer2.trpc.visits.campaigns.logCall.mutate({ ...retried, personId: jeanneId }))).toBe(
      'CONFLICT',
    );

    // « Besoin signalé » needs a need.
    expect(await codeOf(volunteer2.trpc.visits.campaigns.logCall.mutate(call(jeanneId, 'besoin_signale')))).toBe(
      'BAD_REQUEST',
    );
    const need = call(jeanneId, 'besoin_signale', { needs: ['sante'], note: 'A soif, ne boit pas assez' });
    await volunteer2.trpc.visits.campaigns.logCall.mutate(need);
    await volunteer2.trpc.visits.campaigns.logCall.mutate(need); // retried: no second effect
    const notes = await w.coordination.trpc.notifications.list.query({});
    const needs = notes.items.filter(
      (n) => n.kind === 'campaign_need' && n.link === `/visites/campagnes/${campaignId}`,
    );
    expect(needs).toHaveLength(1);
    expect(`${needs[0]!.title} ${needs[0]!.body}`).not.toContain('Campagnenom');
    const timeline = await inTerritory(
      w.h,
      (tx) => tx<{ type: string; visibility: string; sensitive_category: string | null; body: string }[]>`
        SELECT type, visibility, sensitive_category, body FROM timeline_entry WHERE person_id = ${jeanneId}
          AND type = 'appel'`,
    );
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ visibility: 'ccas', sensitive_category: 'sante' });
    expect(timeline[0]!.body).toContain('A soif');

    const board = await w.coordination.trpc.visits.campaigns.board.query({ campaignId, status: 'reached' });
    expect(board.progress).toMatchObject({ reached: 121, needs: 1, escalated: 0 });
    expect(board.total).toBe(121);
    expect(board.items).toHaveLength(25);
  });

  it('escalates exactly the unreached after the delay, once, and a late joint call moves a person back to reached', async () => {
    const total = registered.length;
    w.h.clock.advance(DELAY_HOURS * HOUR - 60_000);
    await runEscalation();
    expect(await escalationNotes()).toEqual([]);
    await relogin();
    let board = await w.coordination.trpc.visits.campaigns.board.query({ campaignId });
    expect(board.progress).toMatchObject({ reached: 121, escalated: 0, notYet: total - 121 });

    w.h.clock.advance(2 * 60_000);
    await runEscalation();
    const notes = await escalationNotes();
    const coordinators = await inTerritory(
      w.h,
      (tx) => tx<{ email: string }[]>`SELECT DISTINCT u.email FROM app_user u JOIN membership m ON m.user_id = u.id
        WHERE m.role = 'coordinator' AND m.status = 'active' AND u.status = 'active' ORDER BY u.email`,
    );
    // One notification per coordinator, none about a person.
    expect(notes.map((n) => n.email)).toEqual(coordinators.map((c) => c.email));
    expect(notes[0]!.title).toBe(`${total - 121} personnes non jointes après ${DELAY_HOURS} h`);
    expect(notes[0]!.title + notes[0]!.body).not.toContain('Registre');
    await runEscalation(); // every 5 minutes: nothing new
    expect(await escalationNotes()).toHaveLength(coordinators.length);

    await relogin();
    board = await w.coordination.trpc.visits.campaigns.board.query({ campaignId, status: 'escalated' });
    expect(board.progress).toMatchObject({ reached: 121, escalated: total - 121, notYet: 0 });
    expect(board.total).toBe(total - 121);
    const escalated = new Set(
      (
        await Promise.all(
          Array.from({ length: Math.ceil(board.total / board.pageSize) }, (_, i) =>
            w.coordination.trpc.visits.campaigns.board.query({ campaignId, status: 'escalade', page: i + 1 }),
          ),
        )
      ).flatMap((b) => b.items.map((i) => i.personId)),
    );
    const reached = new Set(
      (
        await inTerritory(
          w.h,
          (tx) => tx<{ person_id: string }[]>`SELECT DISTINCT person_id FROM campaign_call
            WHERE campaign_id = ${campaignId} AND outcome <> 'non_joint'`,
        )
      ).map((r) => r.person_id),
    );
    expect(escalated.size).toBe(total - 121);
    expect(registered.filter((p) => !reached.has(p)).every((p) => escalated.has(p))).toBe(true);

    // A late joint call (e.g. synced late) moves the person to reached.
    const late = [...escalated][0]!;
    const rows = await entries();
    const owner = rows.find((r) => r.person_id === late)!.caller_user_id;
    const b = owner === volunteerId ? w.volunteer : owner === volunteer2Id ? volunteer2 : w.coordination;
    await b.trpc.visits.campaigns.logCall.mutate(call(late, 'joint'));
    board = await w.coordination.trpc.visits.campaigns.board.query({ campaignId });
    expect(board.progress).toMatchObject({ reached: 122, escalated: total - 122 });
    await runEscalation();
    expect(await escalationNotes()).toHaveLength(coordinators.length);
  });

  it('statistics and the CSV export give coverage per campaign', async () => {
    const stats = await w.coordination.trpc.visits.campaigns.stats.query();
    const s = stats.items.find((i) => i.id === campaignId)!;
    expect(s).toMatchObject({ total: registered.length, reached: 122, callers: 3, minutesToReachAll: null });
    expect(s.coveragePercent).toBe(Math.floor((122 * 100) / registered.length));
    expect(await codeOf(w.volunteer.trpc.visits.campaigns.stats.query())).toBe('FORBIDDEN');
    const file = await w.coordination.trpc.visits.campaigns.exportCsv.query();
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain(STATS_CSV_COLUMNS.join(';'));
    expect(text).toContain(`;${registered.length};122;`);
    expect(campaignStatsCsv([]).toString('utf8')).toBe(`\ufeff${STATS_CSV_COLUMNS.join(';')}\r\n`);
  });

  it('a radiated person leaves the open campaign’s list; a closed campaign takes no call', async () => {
    const [registration] = await inTerritory(
      w.h,
      (tx) => tx<{ id: string }[]>`SELECT id FROM register_entry WHERE person_id = ${jeanneId} AND status = 'inscrite'`,
    );
    await w.coordination.trpc.visits.register.optOut.mutate({
      registrationId: registration!.id,
      reason: 'demenagement',
      on: parisDate(w.h.clock.now()),
    });
    expect((await entries()).some((r) => r.person_id === jeanneId)).toBe(false);
    const mine = await volunteer2.trpc.visits.campaigns.mine.query({ campaignId });
    expect(mine.items.some((i) => i.card.personId === jeanneId)).toBe(false);

    const board = await w.coordination.trpc.visits.campaigns.board.query({ campaignId });
    await w.coordination.trpc.visits.campaigns.close.mutate({ campaignId, version: board.campaign.version });
    const rows = await entries();
    const someone = rows.find((r) => r.caller_user_id === volunteerId)!.person_id;
    expect(await codeOf(w.volunteer.trpc.visits.campaigns.logCall.mutate(call(someone, 'joint')))).toBe('NOT_FOUND');
    expect((await w.volunteer.trpc.visits.campaigns.mine.query({ campaignId })).items).toEqual([]);
    expect(await w.volunteer.trpc.visits.campaigns.myCampaigns.query()).toEqual([]);
  });
});
