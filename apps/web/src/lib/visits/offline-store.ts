import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  enqueue,
  openQueue,
  queueSummary,
  wipeOnLogout,
  type OfflineQueue,
  type QueueEntry,
  type QueueEntryKind,
  type QueueSummary,
} from '@ensemblier/shared';

/**
 * Where the volunteer's phone keeps what waits to be sent (issue 7): one IndexedDB database
 * holding the offline queue as one value (`OfflineQueue`, the shared model in
 * packages/shared/src/visits/offline-queue.ts decides everything about it). The cached
 * « Mes visites » page (the service worker's `PAGES_CACHE`) is the only other copy of person data
 * on the phone. Both are wiped at logout (`wipeOfflineData`) and expire after 72 h.
 *
 * Browser only: every function is called from event handlers or effects, never on the server.
 */

export const DB_NAME = 'ensemblier-visites';
/** The service worker's cache of the « Mes visites » page (same name in src/service-worker). */
export const PAGES_CACHE = 'ensemblier-visites-pages';
const QUEUE_KEY = 'queue';

interface VisitsDb extends DBSchema {
  queue: { key: string; value: OfflineQueue };
}

let dbPromise: Promise<IDBPDatabase<VisitsDb>> | null = null;

function db(): Promise<IDBPDatabase<VisitsDb>> {
  dbPromise ??= openDB<VisitsDb>(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('queue');
    },
    // Another tab deletes the database at logout: let it, and reopen next time.
    blocking() {
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
    terminated() {
      dbPromise = null;
    },
  });
  return dbPromise;
}

export interface OpenedQueue {
  queue: OfflineQueue;
  /** Entries dropped because they waited 72 h (tell the volunteer). */
  expired: QueueEntry[];
  /** A queue of another user (or unreadable) was found and wiped. */
  wiped: boolean;
}

/** The signed-in user's queue: another user's queue is wiped, expired entries dropped (and saved so). */
export async function loadQueue(userId: string, now: Date = new Date()): Promise<OpenedQueue> {
  const d = await db();
  const tx = d.transaction('queue', 'readwrite');
  const stored = await tx.store.get(QUEUE_KEY);
  const opened = openQueue(stored, userId, now);
  if (opened.wiped || opened.expired.length > 0 || opened.invalid > 0 || stored === undefined)
    await tx.store.put(opened.queue, QUEUE_KEY);
  await tx.done;
  return { queue: opened.queue, expired: opened.expired, wiped: opened.wiped };
}

/**
 * Changes the queue in one IndexedDB transaction (read, apply `change`, write), so two tabs
 * never lose each other's entries. `change` is one of the shared model's pure functions.
 */
export async function updateQueue(
  userId: string,
  now: Date,
  change: (queue: OfflineQueue) => OfflineQueue,
): Promise<OfflineQueue> {
  const d = await db();
  const tx = d.transaction('queue', 'readwrite');
  const { queue } = openQueue(await tx.store.get(QUEUE_KEY), userId, now);
  const next = change(queue);
  await tx.store.put(next, QUEUE_KEY);
  await tx.done;
  return next;
}

/** What waits on the phone, read at an instant given in milliseconds (the page's clock). */
export const summaryAt = (queue: OfflineQueue, ms: number): QueueSummary => queueSummary(queue, new Date(ms));

/** Keeps a checked record on the phone (the shared `enqueue`, at this instant); throws if storage fails. */
export function keepRecord(userId: string, kind: QueueEntryKind, raw: unknown): Promise<OfflineQueue> {
  const now = new Date();
  return updateQueue(userId, now, (q) => enqueue(q, kind, raw, now));
}

/**
 * Logout: nothing of the volunteer's stays on the phone — the queue is emptied (the shared
 * `wipeOnLogout`), the database deleted, the cached « Mes visites » page removed. Never throws:
 * logging out must not depend on storage working.
 */
export async function wipeOfflineData(): Promise<void> {
  try {
    if (dbPromise) {
      const d = await dbPromise;
      const stored = await d.get('queue', QUEUE_KEY);
      if (stored) await d.put('queue', wipeOnLogout(stored), QUEUE_KEY);
      d.close();
      dbPromise = null;
    }
    await deleteDB(DB_NAME);
  } catch {
    // Storage unavailable (private mode…): nothing was kept.
  }
  try {
    if ('caches' in globalThis) await caches.delete(PAGES_CACHE);
  } catch {
    // Cache storage unavailable: nothing was cached.
  }
}

/** How many records wait on this phone (whoever queued them), to warn before a logout wipes them. */
export async function waitingCount(): Promise<number> {
  try {
    if (typeof indexedDB.databases === 'function') {
      const existing = await indexedDB.databases();
      if (!existing.some((d) => d.name === DB_NAME)) return 0;
    }
    const stored = await (await db()).get('queue', QUEUE_KEY);
    return stored?.entries.filter((e) => !e.rejected).length ?? 0;
  } catch {
    return 0;
  }
}
