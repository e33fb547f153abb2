import { describe, expect, it } from 'vitest';
import { emptyQueue, enqueue, syncOutcome, type QueueEntry } from '@ensemblier/shared';
import { SESSION_EXPIRED_MESSAGE, sendEntry } from './sync.ts';

const NOW = new Date('2026-07-15T08:30:00Z');
const queue = enqueue(
  emptyQueue('u1'),
  'visit',
  {
    clientId: '6f1c1a52-8c4f-4b8e-9a53-0d9d0f8d1a11',
    personId: '0b7f3c9e-5d1a-4e2b-8f6a-2c4d6e8f0a1b',
    kind: 'visite',
    outcome: 'realisee',
    occurredAt: NOW,
  },
  NOW,
);
const entry = queue.entries[0] as QueueEntry;

function answering(status: number, body: unknown): { fetchImpl: typeof fetch; calls: [string, RequestInit][] } {
  const calls: [string, RequestInit][] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push([url, init]);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

const trpcError = (code: string, message: string) => ({ error: { message, data: { code } } });

describe('sendEntry', () => {
  it('posts the stored record, as is, to its procedure through the /api proxy', async () => {
    const { fetchImpl, calls } = answering(200, { result: { data: { visitId: 'v1', duplicate: true } } });
    expect(await sendEntry(entry, fetchImpl)).toEqual({ code: null, message: '' });
    const [url, init] = calls[0]!;
    expect(url).toBe('/api/trpc/visits.log');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual(entry.payload);
  });

  it('turns each answer into the code the queue model expects, with a French message', async () => {
    const notFound = await sendEntry(entry, answering(404, trpcError('NOT_FOUND', 'x')).fetchImpl);
    expect(notFound.code).toBe('NOT_FOUND');
    expect(syncOutcome(notFound.code)).toBe('rejected');
    expect(notFound.message).toContain('prévenez votre coordinateur');

    const expired = await sendEntry(entry, answering(401, trpcError('UNAUTHORIZED', 'x')).fetchImpl);
    expect(expired).toEqual({ code: 'UNAUTHORIZED', message: SESSION_EXPIRED_MESSAGE });
    expect(syncOutcome(expired.code)).toBe('retry');

    const invalid = await sendEntry(
      entry,
      answering(400, trpcError('BAD_REQUEST', 'La durée ne doit pas dépasser 8 heures.')).fetchImpl,
    );
    expect(invalid).toEqual({ code: 'BAD_REQUEST', message: 'Refusée : La durée ne doit pas dépasser 8 heures.' });

    // The web's proxy cannot reach the API: a server error, retried.
    const proxy = await sendEntry(entry, answering(502, { error: { message: 'indisponible' } }).fetchImpl);
    expect(syncOutcome(proxy.code)).toBe('retry');
  });

  it('a network failure is NETWORK (retried), never an exception', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await sendEntry(entry, offline)).toEqual({
      code: 'NETWORK',
      message: 'Pas de connexion : nouvel essai automatique.',
    });
  });
});
