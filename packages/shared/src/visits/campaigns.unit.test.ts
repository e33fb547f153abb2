import { describe, expect, it } from 'vitest';
import { canSeeEntry } from '../persons/file.ts';
import {
  bucketOf,
  CALL_OUTCOME_LABELS,
  CALL_OUTCOMES,
  CALL_STATUS_LABELS,
  CALL_STATUSES,
  callEffects,
  callStates,
  CAMPAIGN_TYPE_LABELS,
  CAMPAIGN_TYPES,
  campaignCallInput,
  campaignInput,
  campaignProgress,
  escalationDeadline,
  escalationNotifications,
  escalations,
  isReached,
  PROGRESS_BUCKET_LABELS,
  PROGRESS_BUCKETS,
  splitCallList,
  type CallListEntry,
  type LoggedCall,
  type SplitCaller,
  type SplitPerson,
} from './campaigns.ts';
import { parisInstant, parisTime } from './dates.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const start = new Date('2026-07-20T08:00:00Z');
const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000);

/** A deterministic shuffle (so the test is reproducible). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const SECTORS = ['75101', '75102', '75103', 'Quartier nord', null];
/** 500 people over five sectors (one unknown). */
const PEOPLE: SplitPerson[] = Array.from({ length: 500 }, (_, i) => ({
  personId: uuid(1000 + i),
  sector: SECTORS[i % SECTORS.length] ?? null,
}));

describe('campaign vocabulary and inputs', () => {
  it('labels every type, outcome, status and bucket', () => {
    for (const t of CAMPAIGN_TYPES) expect(CAMPAIGN_TYPE_LABELS[t]).toMatch(/\S/);
    for (const o of CALL_OUTCOMES) expect(CALL_OUTCOME_LABELS[o]).toMatch(/\S/);
    for (const s of CALL_STATUSES) expect(CALL_STATUS_LABELS[s]).toMatch(/\S/);
    for (const b of PROGRESS_BUCKETS) expect(PROGRESS_BUCKET_LABELS[b]).toMatch(/\S/);
    expect(CALL_STATUSES.map(bucketOf)).toEqual(['notYet', 'notYet', 'reached', 'reached', 'escalated']);
    expect(CALL_OUTCOMES.filter(isReached)).toEqual(['joint', 'besoin_signale']);
  });
  it('a campaign: type, start, delay (default 4 h, 1 to 72), callers; « autre » needs a title', () => {
    const c = campaignInput.parse({ type: 'canicule', startsAt: start.toISOString(), callerUserIds: [uuid(1)] });
    expect(c).toMatchObject({ type: 'canicule', escalationDelayHours: 4, title: null, startsAt: start });
    const issue = (v: object) =>
      campaignInput.safeParse({ type: 'canicule', startsAt: start.toISOString(), callerUserIds: [uuid(1)], ...v }).error
        ?.issues[0];
    expect(issue({ type: 'autre' })!.path).toEqual(['title']);
    expect(issue({ type: 'autre', title: 'Inondation' })).toBeUndefined();
    expect(issue({ escalationDelayHours: 0 })!.path).toEqual(['escalationDelayHours']);
    expect(issue({ escalationDelayHours: 73 })!.path).toEqual(['escalationDelayHours']);
    expect(issue({ callerUserIds: [] })!.message).toMatch(/au moins un/);
    expect(issue({ callerUserIds: [uuid(1), uuid(1)] })!.message).toMatch(/qu’une fois/);
    expect(issue({ type: 'tempete' })!.path).toEqual(['type']);
  });
  it('a call: client id, outcome; « besoin signalé » needs a need, and only it carries needs', () => {
    const base = { clientId: uuid(5), campaignId: uuid(6), personId: uuid(7), occurredAt: at(1).toISOString() };
    expect(campaignCallInput.parse({ ...base, outcome: 'joint' })).toMatchObject({ needs: [], note: null });
    expect(campaignCallInput.safeParse({ ...base, outcome: 'besoin_signale' }).error!.issues[0]!.message).toBe(
      'Cochez le besoin signalé.',
    );
    expect(campaignCallInput.safeParse({ ...base, outcome: 'joint', needs: ['courses'] }).success).toBe(false);
    expect(
      campaignCallInput.safeParse({ ...base, outcome: 'besoin_signale', needs: ['autre'] }).error!.issues[0]!.path,
    ).toEqual(['note']);
    expect(campaignCallInput.safeParse({ ...base, clientId: 'x', outcome: 'joint' }).success).toBe(false);
  });
});

describe('splitCallList', () => {
  const callers: SplitCaller[] = Array.from({ length: 12 }, (_, i) => ({ userId: uuid(100 + i) }));

  it('500 people, 12 callers: each person to exactly one caller, loads differ by at most one', () => {
    const { assignments, counts } = splitCallList(PEOPLE, callers);
    expect(assignments).toHaveLength(500);
    expect(new Set(assignments.map((a) => a.personId))).toEqual(new Set(PEOPLE.map((p) => p.personId)));
    const callerIds = new Set(callers.map((c) => c.userId));
    for (const a of assignments) expect(callerIds.has(a.callerUserId)).toBe(true);
    const values = Object.values(counts);
    expect(values.reduce((s, n) => s + n, 0)).toBe(500);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    for (const c of callers)
      expect(counts[c.userId]).toBe(assignments.filter((a) => a.callerUserId === c.userId).length);
  });

  it('is deterministic: same people and callers, in any order, give the same split', () => {
    const first = splitCallList(PEOPLE, callers);
    expect(splitCallList(PEOPLE, callers)).toEqual(first);
    expect(splitCallList(shuffled(PEOPLE, 7), shuffled(callers, 3))).toEqual(first);
    expect(splitCallList(shuffled(PEOPLE, 42), [...callers].reverse())).toEqual(first);
  });

  it('by sector first: callers who know a sector get its people, within a balanced share', () => {
    // 100 people per sector; 10 callers: two cover 75101, one covers « Quartier nord », the rest none.
    const sectorCallers: SplitCaller[] = [
      { userId: uuid(201), sectors: ['75101'] },
      { userId: uuid(202), sectors: ['75101'] },
      { userId: uuid(203), sectors: ['Quartier nord'] },
      ...Array.from({ length: 7 }, (_, i) => ({ userId: uuid(210 + i) })),
    ];
    const { assignments, counts } = splitCallList(PEOPLE, sectorCallers);
    const sectorOf = new Map(PEOPLE.map((p) => [p.personId, p.sector]));
    const of = (caller: string) =>
      assignments.filter((a) => a.callerUserId === caller).map((a) => sectorOf.get(a.personId));
    // Share = 500 / 10 = 50: each sector caller fills up with their own sector only.
    expect(of(uuid(201))).toEqual(Array(50).fill('75101'));
    expect(of(uuid(202))).toEqual(Array(50).fill('75101'));
    expect(of(uuid(203))).toEqual(Array(50).fill('Quartier nord'));
    expect(Object.values(counts)).toEqual(Array(10).fill(50));
    // Every 75101 person went to a 75101 caller (100 people, two callers of 50).
    expect(
      assignments
        .filter((a) => sectorOf.get(a.personId) === '75101')
        .every((a) => [uuid(201), uuid(202)].includes(a.callerUserId)),
    ).toBe(true);
  });

  it('a sector with fewer people than the share stays whole with its caller', () => {
    const people: SplitPerson[] = [
      ...Array.from({ length: 6 }, (_, i) => ({ personId: uuid(300 + i), sector: 'A' })),
      ...Array.from({ length: 24 }, (_, i) => ({ personId: uuid(400 + i), sector: 'B' })),
    ];
    const { assignments, counts } = splitCallList(people, [
      { userId: 'a', sectors: ['A'] },
      { userId: 'b' },
      { userId: 'c' },
    ]);
    const toA = assignments.filter((x) => x.callerUserId === 'a').map((x) => x.personId);
    expect(toA.slice(0, 6)).toEqual(people.slice(0, 6).map((p) => p.personId));
    expect(counts).toEqual({ a: 10, b: 10, c: 10 });
  });

  it('takes existing loads into account (people added to a running campaign)', () => {
    const people = Array.from({ length: 10 }, (_, i) => ({ personId: uuid(500 + i) }));
    const { counts } = splitCallList(people, [
      { userId: 'a', load: 20 },
      { userId: 'b', load: 14 },
      { userId: 'c', load: 16 },
    ]);
    expect(counts).toEqual({ a: 20, b: 20, c: 20 });
  });

  it('fewer people than callers; no people; errors', () => {
    const two = [{ personId: uuid(1), sector: 'A' }, { personId: uuid(2) }];
    expect(splitCallList(two, [{ userId: 'a' }, { userId: 'b', sectors: ['A'] }, { userId: 'c' }]).assignments).toEqual(
      [
        { personId: uuid(1), callerUserId: 'b' },
        { personId: uuid(2), callerUserId: 'a' },
      ],
    );
    expect(splitCallList([], [{ userId: 'a', load: 3 }])).toEqual({ assignments: [], counts: { a: 3 } });
    expect(() => splitCallList(two, [])).toThrow(RangeError);
    expect(() => splitCallList([...two, two[0]!], [{ userId: 'a' }])).toThrow(RangeError);
    expect(() => splitCallList(two, [{ userId: 'a' }, { userId: 'a' }])).toThrow(RangeError);
  });
});

describe('escalation', () => {
  const campaign = { startsAt: start, escalationDelayHours: 4 };

  it('the deadline runs from the start (or from joining the list later), not from the last attempt', () => {
    expect(escalationDeadline(campaign, {})).toEqual(at(4));
    expect(escalationDeadline(campaign, { assignedAt: at(-1) })).toEqual(at(4));
    expect(escalationDeadline(campaign, { assignedAt: at(2) })).toEqual(at(6));
    const list: CallListEntry[] = [{ personId: 'p', callerUserId: 'a' }];
    // Failed attempts at 1 h and 3 h 50 do not push the deadline back.
    const calls: LoggedCall[] = [
      { personId: 'p', outcome: 'non_joint', occurredAt: at(1) },
      { personId: 'p', outcome: 'non_joint', occurredAt: at(3.83) },
    ];
    expect(escalations(campaign, list, calls, at(3.99))).toEqual([]);
    expect(escalations(campaign, list, calls, at(4))).toEqual([
      {
        personId: 'p',
        callerUserId: 'a',
        status: 'escalade',
        attempts: 2,
        lastAttemptAt: at(3.83),
        reachedAt: null,
        deadline: at(4),
      },
    ]);
  });

  it('reached (even late, e.g. a call synced after the deadline) is never escalated; « besoin signalé » wins over « joint »', () => {
    const list: CallListEntry[] = ['p1', 'p2', 'p3'].map((personId) => ({ personId, callerUserId: 'a' }));
    const calls: LoggedCall[] = [
      { personId: 'p1', outcome: 'joint', occurredAt: at(5) },
      { personId: 'p2', outcome: 'besoin_signale', occurredAt: at(1) },
      { personId: 'p2', outcome: 'joint', occurredAt: at(2) },
    ];
    const states = callStates(campaign, list, calls, at(6));
    expect(states.map((s) => s.status)).toEqual(['joint', 'besoin_signale', 'escalade']);
    expect(states[1]!.reachedAt).toEqual(at(1));
    // Replayed at 4 h 30, p1's call had not happened yet: escalated then.
    expect(escalations(campaign, list, calls, at(4.5)).map((s) => s.personId)).toEqual(['p1', 'p3']);
  });

  it('a closed campaign escalates nobody whose deadline came after it closed', () => {
    const list: CallListEntry[] = [
      { personId: 'early', callerUserId: 'a' },
      { personId: 'late', callerUserId: 'a', assignedAt: at(3) },
    ];
    const closed = { ...campaign, closedAt: at(5) };
    expect(escalations(closed, list, [], at(10)).map((s) => s.personId)).toEqual(['early']);
  });

  it('one notification per campaign and deadline, idempotent, without person data', () => {
    const list: CallListEntry[] = [
      ...['p1', 'p2', 'p3'].map((personId) => ({ personId, callerUserId: 'a' })),
      { personId: 'p4', callerUserId: 'a', assignedAt: at(1) },
    ];
    const notes = escalationNotifications(uuid(9), escalations(campaign, list, [], at(6)), 4);
    expect(notes).toEqual([
      {
        kind: 'campaign_escalation',
        audience: { coordinators: true },
        dedupeKey: `campaign-escalation:${uuid(9)}:${at(4).toISOString()}`,
        title: '3 personnes non jointes après 4 h',
        body: expect.stringMatching(/\S/),
        link: `/visites/campagnes/${uuid(9)}`,
      },
      expect.objectContaining({
        title: '1 personne non jointe après 4 h',
        dedupeKey: `campaign-escalation:${uuid(9)}:${at(5).toISOString()}`,
      }),
    ]);
    // Run again later: the same keys (the notification table ignores them).
    expect(escalationNotifications(uuid(9), escalations(campaign, list, [], at(7)), 4).map((n) => n.dedupeKey)).toEqual(
      notes.map((n) => n.dedupeKey),
    );
  });
});

describe('a campaign over a register of 500 people', () => {
  it('splits, logs calls, escalates the unreached after the delay, and counts progress', () => {
    const callers: SplitCaller[] = Array.from({ length: 8 }, (_, i) => ({
      userId: uuid(100 + i),
      sectors: i < 2 ? ['75101'] : [],
    }));
    const { assignments } = splitCallList(PEOPLE, callers);
    const list: CallListEntry[] = assignments;
    const campaign = { startsAt: start, escalationDelayHours: 6 };

    // In the first five hours: 400 reached (40 of them with a need), 60 tried without answer, 40 never called.
    const calls: LoggedCall[] = [];
    list.forEach((entry, i) => {
      const minute = (i % 300) + 1;
      if (i < 400)
        calls.push({
          personId: entry.personId,
          outcome: i % 10 === 0 ? 'besoin_signale' : 'joint',
          occurredAt: new Date(start.getTime() + minute * 60_000),
        });
      else if (i < 460) calls.push({ personId: entry.personId, outcome: 'non_joint', occurredAt: at(2) });
    });

    const before = campaignProgress(campaign, list, calls, at(5));
    expect(before).toMatchObject({
      total: 500,
      reached: 400,
      notYet: 100,
      escalated: 0,
      needs: 40,
      neverCalled: 40,
      reachedPercent: 80,
      allReachedAt: null,
    });
    expect(escalations(campaign, list, calls, at(5.99))).toEqual([]);

    const due = escalations(campaign, list, calls, at(6));
    expect(due).toHaveLength(100);
    expect(new Set(due.map((d) => d.personId))).toEqual(new Set(list.slice(400).map((e) => e.personId)));
    const after = campaignProgress(campaign, list, calls, at(6));
    expect(after).toMatchObject({ total: 500, reached: 400, notYet: 0, escalated: 100 });
    // Per caller, the three buckets add up, and the callers add up to the whole.
    for (const c of after.byCaller) expect(c.reached + c.notYet + c.escalated).toBe(c.total);
    expect(after.byCaller.reduce((s, c) => s + c.total, 0)).toBe(500);
    expect(after.byCaller.reduce((s, c) => s + c.escalated, 0)).toBe(100);

    // The coordinator's team reaches the last 100 at 7 h: everyone is reached.
    const last = list.slice(400).map((e) => ({ personId: e.personId, outcome: 'joint' as const, occurredAt: at(7) }));
    const done = campaignProgress(campaign, list, [...calls, ...last], at(8));
    expect(done).toMatchObject({
      reached: 500,
      notYet: 0,
      escalated: 0,
      reachedPercent: 100,
      allReachedAt: at(7),
      minutesToReachAll: 420,
    });
    expect(escalations(campaign, list, [...calls, ...last], at(8))).toEqual([]);
  });
});

describe('callEffects', () => {
  const base = { clientId: uuid(5), campaignId: uuid(6), personId: uuid(7), occurredAt: at(1).toISOString() };
  it('a plain call produces nothing', () => {
    expect(callEffects(campaignCallInput.parse({ ...base, outcome: 'non_joint' }), 'canicule')).toEqual({
      notification: null,
      timelineEntry: null,
    });
  });
  it('a need notifies the coordinators once per client id and lands in the timeline for the CCAS', () => {
    const effects = callEffects(
      campaignCallInput.parse({ ...base, outcome: 'besoin_signale', needs: ['courses', 'sante'], note: 'Plus d’eau' }),
      'canicule',
    );
    expect(effects.notification).toMatchObject({
      kind: 'campaign_need',
      dedupeKey: `campaign-need:${uuid(5)}`,
      link: `/visites/campagnes/${uuid(6)}`,
    });
    expect(effects.notification!.body).not.toContain('eau');
    expect(effects.timelineEntry).toEqual({
      personId: uuid(7),
      type: 'appel',
      visibility: 'ccas',
      sensitiveCategory: 'sante',
      title: 'Campagne canicule : besoin signalé',
      body: 'Besoins : Courses, repas, Santé.\nNote : Plus d’eau',
      occurredAt: at(1),
    });
    expect(canSeeEntry({ role: 'coordinator', relation: 'ccas' }, effects.timelineEntry!)).toBe(true);
    expect(canSeeEntry({ role: 'partner_worker', relation: 'group_member' }, effects.timelineEntry!)).toBe(false);
  });
});

describe('the start typed in the form (Paris wall clock)', () => {
  it('turns a Paris date and time into the instant, summer and winter', () => {
    expect(parisInstant('2026-07-20', '14:30')?.toISOString()).toBe('2026-07-20T12:30:00.000Z');
    expect(parisInstant('2026-01-15', '08:05')?.toISOString()).toBe('2026-01-15T07:05:00.000Z');
    // Around the autumn change (25 October 2026, 03:00 → 02:00) and right after the spring one.
    expect(parisInstant('2026-10-25', '12:00')?.toISOString()).toBe('2026-10-25T11:00:00.000Z');
    expect(parisInstant('2026-03-29', '04:00')?.toISOString()).toBe('2026-03-29T02:00:00.000Z');
  });

  it('refuses what is not a date and a time', () => {
    expect(parisInstant('', '10:00')).toBeNull();
    expect(parisInstant('2026-02-30', '10:00')).toBeNull();
    expect(parisInstant('2026-07-20', '25:00')).toBeNull();
    expect(parisInstant('20/07/2026', '10:00')).toBeNull();
  });

  it('reads the Paris time of an instant, and round-trips', () => {
    expect(parisTime(new Date('2026-07-20T12:30:00Z'))).toBe('14:30');
    expect(parisTime(new Date('2026-01-15T23:59:00Z'))).toBe('00:59');
    const at = parisInstant('2026-12-31', '23:45')!;
    expect(parisTime(at)).toBe('23:45');
  });
});
