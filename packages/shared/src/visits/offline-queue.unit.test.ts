import { describe, expect, it } from 'vitest';
import {
  applySyncAnswer,
  dropExpired,
  dueForSync,
  emptyQueue,
  enqueue,
  entryState,
  expired,
  expiresAt,
  markFailed,
  markRejected,
  markSynced,
  nextAttemptAt,
  openQueue,
  pending,
  QUEUE_ENTRY_KIND_LABELS,
  QUEUE_ENTRY_KINDS,
  QUEUE_ENTRY_STATE_LABELS,
  QUEUE_ENTRY_STATES,
  QUEUE_TTL_HOURS,
  queueSummary,
  syncOutcome,
  wipeOnLogout,
  type OfflineQueue,
} from './offline-queue.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const personId = uuid(900);
const t0 = new Date('2026-11-25T09:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
const visit = (n: number, extra: object = {}) => ({
  clientId: uuid(n),
  personId,
  kind: 'visite',
  outcome: 'realisee',
  occurredAt: t0.toISOString(),
  ...extra,
});

/** Two visits queued one hour apart, offline. */
function twoVisits(): OfflineQueue {
  return enqueue(enqueue(emptyQueue('user-1'), 'visit', visit(1), t0), 'visit', visit(2, { mood: 4 }), at(1));
}

describe('queue vocabulary', () => {
  it('labels every kind and state; the time to live is 72 h', () => {
    for (const k of QUEUE_ENTRY_KINDS) expect(QUEUE_ENTRY_KIND_LABELS[k]).toMatch(/\S/);
    for (const s of QUEUE_ENTRY_STATES) expect(QUEUE_ENTRY_STATE_LABELS[s]).toMatch(/\S/);
    expect(QUEUE_TTL_HOURS).toBe(72);
  });
});

describe('enqueue', () => {
  it('holds the parsed record only, JSON-safe, without any field of the person’s card', () => {
    const q = enqueue(
      emptyQueue('user-1'),
      'visit',
      visit(1, { nom: 'Martin', adresse: '12 rue des Lilas', telephones: ['0147295050'] }),
      t0,
    );
    expect(q.entries).toHaveLength(1);
    const entry = q.entries[0]!;
    expect(entry).toMatchObject({ clientId: uuid(1), kind: 'visit', createdAt: t0.toISOString(), attempts: 0 });
    expect(Object.keys(entry.payload).sort()).toEqual(
      [
        'clientId',
        'durationMinutes',
        'kind',
        'mood',
        'needs',
        'note',
        'occurredAt',
        'outcome',
        'personId',
        'programmeId',
        'situationPreoccupante',
      ].sort(),
    );
    expect(entry.payload.occurredAt).toBe(t0.toISOString());
    expect(JSON.parse(JSON.stringify(q))).toEqual(q);
  });
  it('refuses an invalid record, and leaves the queue unchanged for a client id already queued', () => {
    expect(() => enqueue(emptyQueue('user-1'), 'visit', visit(1, { mood: 9 }), t0)).toThrow();
    const q = twoVisits();
    expect(enqueue(q, 'visit', visit(1, { outcome: 'absente' }), at(2))).toBe(q);
  });
  it('queues campaign calls with their own schema', () => {
    const call = {
      clientId: uuid(3),
      campaignId: uuid(800),
      personId,
      outcome: 'besoin_signale',
      needs: ['courses'],
      occurredAt: t0.toISOString(),
    };
    const q = enqueue(emptyQueue('user-1'), 'campaign_call', call, t0);
    expect(q.entries[0]!.kind).toBe('campaign_call');
    expect(() => enqueue(emptyQueue('user-1'), 'campaign_call', { ...call, needs: [] }, t0)).toThrow();
  });
  it('does not change the queue it is given', () => {
    const q = emptyQueue('user-1');
    enqueue(q, 'visit', visit(1), t0);
    expect(q.entries).toEqual([]);
  });
});

describe('pending, markSynced, markFailed, markRejected', () => {
  it('pending lists what is to send, oldest first; a synced record leaves the phone', () => {
    let q = twoVisits();
    expect(pending(q, at(2)).map((e) => e.clientId)).toEqual([uuid(1), uuid(2)]);
    q = markSynced(q, uuid(1), at(2));
    expect(pending(q, at(2)).map((e) => e.clientId)).toEqual([uuid(2)]);
    expect(q.lastSyncedAt).toBe(at(2).toISOString());
    expect(markSynced(q, uuid(1), at(3))).toBe(q);
  });
  it('a failure counts the attempt and keeps the entry; a refusal keeps it visible but never sends it again', () => {
    let q = markFailed(twoVisits(), uuid(1), at(2), 'Pas de connexion.');
    expect(q.entries[0]).toMatchObject({ attempts: 1, lastError: 'Pas de connexion.', rejected: false });
    expect(entryState(q.entries[0]!)).toBe('nouvel_essai');
    expect(pending(q, at(2))).toHaveLength(2);
    q = markRejected(q, uuid(2), at(2), 'Cette personne ne vous est plus attribuée.');
    expect(entryState(q.entries[1]!)).toBe('refusee');
    expect(pending(q, at(2)).map((e) => e.clientId)).toEqual([uuid(1)]);
    expect(queueSummary(q, at(2))).toMatchObject({ waiting: 2, failing: 1, rejected: 1 });
  });
  it('classifies the server’s answers: success, retry, or refused for good', () => {
    expect(syncOutcome(null)).toBe('synced');
    for (const code of ['NETWORK', 'INTERNAL_SERVER_ERROR', 'TOO_MANY_REQUESTS', 'UNAUTHORIZED', 'TIMEOUT'])
      expect(syncOutcome(code), code).toBe('retry');
    for (const code of ['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT'])
      expect(syncOutcome(code), code).toBe('rejected');
    let q = applySyncAnswer(twoVisits(), uuid(1), 'NETWORK', at(2));
    expect(q.entries[0]!.attempts).toBe(1);
    q = applySyncAnswer(q, uuid(2), 'NOT_FOUND', at(2), 'Refusé.');
    expect(q.entries[1]!.rejected).toBe(true);
    q = applySyncAnswer(q, uuid(1), null, at(3));
    expect(q.entries.map((e) => e.clientId)).toEqual([uuid(2)]);
  });
  it('retries with a growing wait: 30 s, 1 min, 2 min… at most 15 min', () => {
    let q = twoVisits();
    expect(nextAttemptAt(q.entries[0]!)).toEqual(t0);
    q = markFailed(q, uuid(1), at(2), 'x');
    expect(nextAttemptAt(q.entries[0]!).getTime() - at(2).getTime()).toBe(30_000);
    q = markFailed(q, uuid(1), at(2), 'x');
    expect(nextAttemptAt(q.entries[0]!).getTime() - at(2).getTime()).toBe(60_000);
    for (let i = 0; i < 10; i++) q = markFailed(q, uuid(1), at(2), 'x');
    expect(nextAttemptAt(q.entries[0]!).getTime() - at(2).getTime()).toBe(15 * 60_000);
    expect(dueForSync(q, new Date(at(2).getTime() + 60_000)).map((e) => e.clientId)).toEqual([uuid(2)]);
    expect(dueForSync(q, new Date(at(2).getTime() + 15 * 60_000)).map((e) => e.clientId)).toEqual([uuid(1), uuid(2)]);
  });
});

describe('a sync retried after a lost answer sends the same client ids (the server stores them once)', () => {
  it('both attempts send identical records', () => {
    const q = twoVisits();
    const first = pending(q, at(2)).map((e) => e.payload);
    // The answer is lost: the phone does not know, and sends again.
    const q2 = applySyncAnswer(applySyncAnswer(q, uuid(1), 'NETWORK', at(2)), uuid(2), 'NETWORK', at(2));
    const second = pending(q2, at(3)).map((e) => e.payload);
    expect(second).toEqual(first);
    expect(new Set(second.map((p) => p.clientId)).size).toBe(2);
  });
});

describe('expiry after 72 h unsynced', () => {
  it('an entry expires 72 h after it was queued, attempts or not', () => {
    let q = twoVisits();
    q = markFailed(q, uuid(1), at(71), 'x');
    expect(expiresAt(q.entries[0]!)).toEqual(at(72));
    expect(expired(q, at(71.99))).toEqual([]);
    expect(expired(q, at(72)).map((e) => e.clientId)).toEqual([uuid(1)]);
    expect(pending(q, at(72)).map((e) => e.clientId)).toEqual([uuid(2)]);
    const { queue, dropped } = dropExpired(q, at(73));
    expect(dropped.map((e) => e.clientId)).toEqual([uuid(1), uuid(2)]);
    expect(queue.entries).toEqual([]);
    expect(dropExpired(queue, at(80)).queue).toBe(queue);
  });
  it('the summary shows everything waiting and when the oldest is dropped', () => {
    const s = queueSummary(twoVisits(), at(2));
    expect(s.waiting).toBe(2);
    expect(s.firstExpiry).toEqual(at(72));
    expect(s.entries.map((e) => [e.clientId, e.state])).toEqual([
      [uuid(1), 'en_attente'],
      [uuid(2), 'en_attente'],
    ]);
    expect(queueSummary(twoVisits(), at(72.5)).waiting).toBe(1);
    expect(queueSummary(emptyQueue('u'), at(0))).toEqual({
      waiting: 0,
      failing: 0,
      rejected: 0,
      firstExpiry: null,
      entries: [],
    });
  });
});

describe('openQueue and wipeOnLogout', () => {
  it('reads back what the phone stored (JSON round trip) for the same user', () => {
    const stored = JSON.parse(JSON.stringify(twoVisits()));
    const { queue, wiped, expired: gone, invalid } = openQueue(stored, 'user-1', at(2));
    expect({ wiped, gone, invalid }).toEqual({ wiped: false, gone: [], invalid: 0 });
    expect(queue).toEqual(twoVisits());
  });
  it('a queue of another user is wiped, never sent under this session', () => {
    const { queue, wiped } = openQueue(JSON.parse(JSON.stringify(twoVisits())), 'user-2', at(2));
    expect(wiped).toBe(true);
    expect(queue).toEqual(emptyQueue('user-2'));
  });
  it('nothing stored: an empty queue; something unreadable: wiped', () => {
    expect(openQueue(undefined, 'user-1', t0)).toEqual({
      queue: emptyQueue('user-1'),
      wiped: false,
      expired: [],
      invalid: 0,
    });
    expect(openQueue({ version: 2, entries: 'x' }, 'user-1', t0).wiped).toBe(true);
  });
  it('drops expired entries and entries whose record no longer validates', () => {
    const stored = JSON.parse(JSON.stringify(twoVisits()));
    stored.entries[1].payload.mood = 42;
    const { queue, expired: gone, invalid } = openQueue(stored, 'user-1', at(72.5));
    expect(invalid).toBe(1);
    expect(gone.map((e) => e.clientId)).toEqual([uuid(1)]);
    expect(queue.entries).toEqual([]);
  });
  it('an entry whose payload carries another client id is dropped', () => {
    const stored = JSON.parse(JSON.stringify(twoVisits()));
    stored.entries[0].payload.clientId = uuid(2);
    expect(openQueue(stored, 'user-1', at(2)).invalid).toBe(1);
  });
  it('logout leaves nothing', () => {
    const q = wipeOnLogout(twoVisits());
    expect(q.entries).toEqual([]);
    expect(pending(q, at(1))).toEqual([]);
    expect(queueSummary(q, at(1)).waiting).toBe(0);
  });
});
