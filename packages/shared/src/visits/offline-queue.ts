import { z } from 'zod';
import { campaignCallInput, type CampaignCallInput } from './campaigns.ts';
import { visitLogInput, type VisitLogInput } from './visit-log.ts';

/**
 * The phone's queue of records waiting to be sent, as a pure value: the service worker / IndexedDB
 * code only loads it (`openQueue`), applies these functions and stores the result. Nothing here
 * touches storage or the network.
 *
 * Rules:
 * - an entry holds only what the record needs: the parsed input of a visit or a call (person id,
 *   outcome, needs, note…) — never the person's card (name, address, phone);
 * - an entry leaves the queue when the server accepted it (`markSynced`), or 72 h after it was
 *   queued if it never got through (`expired`, `dropExpired`): the volunteer is told which ones
 *   were dropped so they can tell their coordinator;
 * - logging out wipes the queue (`wipeOnLogout`); a queue found on the phone for another user is
 *   never sent, it is wiped (`openQueue`);
 * - the queue sends each record with its client id, and sends it again after a failure. It does not
 *   try to avoid duplicates itself: **the server stores a record once per client id** (unique
 *   key (territory_id, client_id); a second insert answers success with the stored record and
 *   produces no effect again — see `resubmission` in visit-log.ts). A sync whose answer was lost,
 *   or two tabs syncing at once, therefore never create a second record.
 */

export const QUEUE_TTL_HOURS = 72;
const TTL_MS = QUEUE_TTL_HOURS * 3_600_000;
/** Wait before retry n (after n failures): 30 s, 1 min, 2 min… at most 15 min. */
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 15 * 60_000;

export const QUEUE_ENTRY_KINDS = ['visit', 'campaign_call'] as const;
export type QueueEntryKind = (typeof QUEUE_ENTRY_KINDS)[number];
export const QUEUE_ENTRY_KIND_LABELS: Record<QueueEntryKind, string> = {
  visit: 'Visite ou appel',
  campaign_call: 'Appel de campagne',
};

/** A payload as stored: the parsed input, its instant written as an ISO string (JSON-safe). */
type Stored<T extends { occurredAt: Date }> = Omit<T, 'occurredAt'> & { occurredAt: string };
export type QueuedVisit = Stored<VisitLogInput>;
export type QueuedCampaignCall = Stored<CampaignCallInput>;

interface EntryBase {
  clientId: string;
  /** ISO instant the record was queued. */
  createdAt: string;
  attempts: number;
  lastAttemptAt: string | null;
  /** The last failure, in French, to show. */
  lastError: string | null;
  /** The server refused it for good (e.g. the person is no longer assigned): kept only to be shown. */
  rejected: boolean;
}
export type QueueEntry =
  | (EntryBase & { kind: 'visit'; payload: QueuedVisit })
  | (EntryBase & { kind: 'campaign_call'; payload: QueuedCampaignCall });

export interface OfflineQueue {
  version: 1;
  userId: string;
  entries: QueueEntry[];
  /** When the last record was accepted by the server. */
  lastSyncedAt: string | null;
}

/** How one entry looks to the volunteer. */
export const QUEUE_ENTRY_STATES = ['en_attente', 'nouvel_essai', 'refusee'] as const;
export type QueueEntryState = (typeof QUEUE_ENTRY_STATES)[number];
export const QUEUE_ENTRY_STATE_LABELS: Record<QueueEntryState, string> = {
  en_attente: 'En attente d’envoi',
  nouvel_essai: 'Envoi échoué, nouvel essai automatique',
  refusee: 'Refusée : prévenez votre coordinateur',
};
export const entryState = (e: QueueEntry): QueueEntryState =>
  e.rejected ? 'refusee' : e.attempts > 0 ? 'nouvel_essai' : 'en_attente';

export const emptyQueue = (userId: string): OfflineQueue => ({ version: 1, userId, entries: [], lastSyncedAt: null });

// ----------------------------------------------------------------------------------------
// Loading what the phone holds

const isoInstant = z.iso.datetime({ offset: true });
const entryBase = {
  clientId: z.uuid(),
  createdAt: isoInstant,
  attempts: z.number().int().min(0),
  lastAttemptAt: isoInstant.nullable(),
  lastError: z.string().max(500).nullable(),
  rejected: z.boolean(),
};
const storedQueueSchema = z.object({
  version: z.literal(1),
  userId: z.string().min(1),
  lastSyncedAt: isoInstant.nullable(),
  entries: z.array(
    z.discriminatedUnion('kind', [
      z.object({ ...entryBase, kind: z.literal('visit'), payload: z.record(z.string(), z.unknown()) }),
      z.object({ ...entryBase, kind: z.literal('campaign_call'), payload: z.record(z.string(), z.unknown()) }),
    ]),
  ),
});

/**
 * The queue to use for `userId`, from whatever the phone stored (or undefined): a stored queue of
 * another user, or one that does not read as a queue, is wiped (`wiped: true`); entries older
 * than 72 h are dropped and returned (`expired`) for the volunteer to be told; a payload that no
 * longer validates is dropped too (`invalid`).
 */
export function openQueue(
  stored: unknown,
  userId: string,
  now: Date,
): { queue: OfflineQueue; wiped: boolean; expired: QueueEntry[]; invalid: number } {
  if (stored === undefined || stored === null)
    return { queue: emptyQueue(userId), wiped: false, expired: [], invalid: 0 };
  const parsed = storedQueueSchema.safeParse(stored);
  if (!parsed.success || parsed.data.userId !== userId)
    return { queue: emptyQueue(userId), wiped: true, expired: [], invalid: 0 };
  const entries: QueueEntry[] = [];
  let invalid = 0;
  for (const e of parsed.data.entries) {
    const payload = storedPayload(e.kind, e.payload);
    if (payload === null || payload.clientId !== e.clientId) invalid += 1;
    else entries.push({ ...e, payload } as QueueEntry);
  }
  const { queue, dropped } = dropExpired({ ...parsed.data, entries }, now);
  return { queue, wiped: false, expired: dropped, invalid };
}

const schemaOf = { visit: visitLogInput, campaign_call: campaignCallInput } as const;

function storedPayload(kind: QueueEntryKind, raw: unknown): QueuedVisit | QueuedCampaignCall | null {
  const r = schemaOf[kind].safeParse(raw);
  return r.success ? { ...r.data, occurredAt: r.data.occurredAt.toISOString() } : null;
}

// ----------------------------------------------------------------------------------------
// Changing the queue (each function returns a new queue; the argument is left as it was)

/**
 * Adds a record. The raw form values are parsed with the record's schema (throws the ZodError
 * if they are invalid: the form validates first); unknown keys are stripped, so the queue holds
 * only what the record needs. A client id already in the queue leaves it unchanged.
 */
export function enqueue(queue: OfflineQueue, kind: QueueEntryKind, raw: unknown, now: Date): OfflineQueue {
  const parsed = schemaOf[kind].parse(raw);
  if (queue.entries.some((e) => e.clientId === parsed.clientId)) return queue;
  const entry = {
    clientId: parsed.clientId,
    kind,
    payload: { ...parsed, occurredAt: parsed.occurredAt.toISOString() },
    createdAt: now.toISOString(),
    attempts: 0,
    lastAttemptAt: null,
    lastError: null,
    rejected: false,
  } as QueueEntry;
  return { ...queue, entries: [...queue.entries, entry] };
}

/** The server accepted the record (first time or duplicate): it leaves the phone. */
export function markSynced(queue: OfflineQueue, clientId: string, now: Date): OfflineQueue {
  if (!queue.entries.some((e) => e.clientId === clientId)) return queue;
  return { ...queue, entries: queue.entries.filter((e) => e.clientId !== clientId), lastSyncedAt: now.toISOString() };
}

const updateEntry = (queue: OfflineQueue, clientId: string, change: Partial<EntryBase>): OfflineQueue => ({
  ...queue,
  entries: queue.entries.map((e) => (e.clientId === clientId ? ({ ...e, ...change } as QueueEntry) : e)),
});

/** A failed attempt that may succeed later (no network, server error, session expired). */
export function markFailed(queue: OfflineQueue, clientId: string, now: Date, error: string): OfflineQueue {
  const entry = queue.entries.find((e) => e.clientId === clientId);
  if (!entry) return queue;
  return updateEntry(queue, clientId, {
    attempts: entry.attempts + 1,
    lastAttemptAt: now.toISOString(),
    lastError: error.slice(0, 500),
  });
}

/** The server refused the record for good: never sent again, shown until it expires. */
export function markRejected(queue: OfflineQueue, clientId: string, now: Date, error: string): OfflineQueue {
  const entry = queue.entries.find((e) => e.clientId === clientId);
  if (!entry) return queue;
  return updateEntry(queue, clientId, {
    attempts: entry.attempts + 1,
    lastAttemptAt: now.toISOString(),
    lastError: error.slice(0, 500),
    rejected: true,
  });
}

/** What an answer means for the entry. `null`: success. Otherwise a tRPC error code, or 'NETWORK'. */
export type SyncAnswer = null | string;
export function syncOutcome(answer: SyncAnswer): 'synced' | 'retry' | 'rejected' {
  if (answer === null) return 'synced';
  // The request was wrong or is no longer allowed: sending it again changes nothing.
  if (
    ['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'UNPROCESSABLE_CONTENT', 'PAYLOAD_TOO_LARGE'].includes(answer)
  )
    return 'rejected';
  // Network, server errors, rate limits, an expired session (the volunteer logs in again): retry.
  return 'retry';
}

/** Applies the server's answer for one entry. `message`: the French text to show on failure. */
export function applySyncAnswer(
  queue: OfflineQueue,
  clientId: string,
  answer: SyncAnswer,
  now: Date,
  message = 'L’envoi a échoué.',
): OfflineQueue {
  switch (syncOutcome(answer)) {
    case 'synced':
      return markSynced(queue, clientId, now);
    case 'rejected':
      return markRejected(queue, clientId, now, message);
    case 'retry':
      return markFailed(queue, clientId, now, message);
  }
}

/** Logout: nothing stays on the phone (the storage layer also deletes the cached visit cards). */
export const wipeOnLogout = (queue: OfflineQueue): OfflineQueue => emptyQueue(queue.userId);

// ----------------------------------------------------------------------------------------
// Reading the queue

const ageMs = (e: QueueEntry, now: Date) => now.getTime() - Date.parse(e.createdAt);
const byCreation = (a: QueueEntry, b: QueueEntry) =>
  a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.clientId < b.clientId ? -1 : 1;

/** When an entry is dropped if still unsent. */
export const expiresAt = (e: QueueEntry): Date => new Date(Date.parse(e.createdAt) + TTL_MS);

/** Entries queued 72 h ago or more. */
export function expired(queue: OfflineQueue, now: Date): QueueEntry[] {
  return queue.entries.filter((e) => ageMs(e, now) >= TTL_MS).sort(byCreation);
}

export function dropExpired(queue: OfflineQueue, now: Date): { queue: OfflineQueue; dropped: QueueEntry[] } {
  const dropped = expired(queue, now);
  if (dropped.length === 0) return { queue, dropped };
  return { queue: { ...queue, entries: queue.entries.filter((e) => ageMs(e, now) < TTL_MS) }, dropped };
}

/** What is still to send, oldest first: not expired, not refused. */
export function pending(queue: OfflineQueue, now: Date): QueueEntry[] {
  return queue.entries.filter((e) => !e.rejected && ageMs(e, now) < TTL_MS).sort(byCreation);
}

/** When a pending entry may be tried again (now for a never-tried one). */
export function nextAttemptAt(e: QueueEntry): Date {
  if (e.attempts === 0 || e.lastAttemptAt === null) return new Date(Date.parse(e.createdAt));
  const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (e.attempts - 1));
  return new Date(Date.parse(e.lastAttemptAt) + wait);
}

/** Pending entries whose retry time has come (a periodic sync); on « back online », send all `pending`. */
export function dueForSync(queue: OfflineQueue, now: Date): QueueEntry[] {
  return pending(queue, now).filter((e) => nextAttemptAt(e).getTime() <= now.getTime());
}

/** The banner « N en attente d'envoi »: everything the volunteer must know is waiting. */
export interface QueueSummary {
  /** Not expired entries, refused ones included (the volunteer sees everything waiting). */
  waiting: number;
  failing: number;
  rejected: number;
  /** When the oldest waiting entry is dropped if it does not get through. */
  firstExpiry: Date | null;
  entries: { clientId: string; kind: QueueEntryKind; state: QueueEntryState; occurredAt: string; expiresAt: Date }[];
}
export function queueSummary(queue: OfflineQueue, now: Date): QueueSummary {
  const live = queue.entries.filter((e) => ageMs(e, now) < TTL_MS).sort(byCreation);
  const entries = live.map((e) => ({
    clientId: e.clientId,
    kind: e.kind,
    state: entryState(e),
    occurredAt: e.payload.occurredAt,
    expiresAt: expiresAt(e),
  }));
  return {
    waiting: entries.length,
    failing: entries.filter((e) => e.state === 'nouvel_essai').length,
    rejected: entries.filter((e) => e.state === 'refusee').length,
    firstExpiry: entries[0]?.expiresAt ?? null,
    entries,
  };
}
