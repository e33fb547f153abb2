import { applySyncAnswer, dueForSync, pending, type OfflineQueue, type QueueEntry } from '@ensemblier/shared';
import { loadQueue, updateQueue } from './offline-store.ts';

/**
 * Sends what waits on the phone (issue 7). Each entry goes, oldest first, to its tRPC procedure
 * through the web's `/api` proxy with the session cookie — the same record with the same client
 * id on every try, so a retried or doubled sync never creates a second row (the server answers a
 * known client id with the stored record). The answer is applied with the shared model
 * (`applySyncAnswer`): accepted → removed; refused for good → kept to be shown; network or
 * server trouble, or an expired session → retried later.
 *
 * One sync at a time across the volunteer's tabs (Web Locks when the browser has them).
 */

const PROCEDURE: Record<QueueEntry['kind'], string> = {
  visit: 'visits.log',
  campaign_call: 'visits.campaigns.logCall',
};

export interface SendAnswer {
  /** null: accepted. Otherwise a tRPC error code, or 'NETWORK'. */
  code: string | null;
  message: string;
}

/** The message of an entry held back by an expired session (the panel then offers to log in again). */
export const SESSION_EXPIRED_MESSAGE = 'Votre session a expiré : reconnectez-vous, la saisie sera envoyée ensuite.';

const MESSAGES: Record<string, string> = {
  NETWORK: 'Pas de connexion : nouvel essai automatique.',
  UNAUTHORIZED: SESSION_EXPIRED_MESSAGE,
  NOT_FOUND: 'Cette personne ne vous est plus confiée : prévenez votre coordinateur.',
  CONFLICT: 'Cette saisie a été refusée : prévenez votre coordinateur.',
};

/** One entry to the server. Never throws: every failure becomes an answer. */
export async function sendEntry(entry: QueueEntry, fetchImpl: typeof fetch = fetch): Promise<SendAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(`/api/trpc/${PROCEDURE[entry.kind]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry.payload),
      credentials: 'same-origin',
    });
  } catch {
    return { code: 'NETWORK', message: MESSAGES.NETWORK! };
  }
  type Body = { result?: unknown; error?: { message?: string; data?: { code?: string } } };
  let body: Body | null;
  try {
    body = (await response.json()) as Body;
  } catch {
    body = null;
  }
  if (response.ok && body?.result !== undefined) return { code: null, message: '' };
  const code = body?.error?.data?.code ?? (response.status >= 500 || response.status === 0 ? 'NETWORK' : 'BAD_REQUEST');
  const message =
    MESSAGES[code] ??
    (code === 'BAD_REQUEST' && body?.error?.message && !body.error.message.startsWith('[')
      ? `Refusée : ${body.error.message}`
      : response.status >= 500
        ? 'Le service ne répond pas : nouvel essai automatique.'
        : 'Cette saisie a été refusée : prévenez votre coordinateur.');
  return { code, message };
}

export interface SyncResult {
  queue: OfflineQueue;
  sent: number;
  failed: number;
  rejected: number;
}

/**
 * Sends the queue: every pending entry (`all`, on « back online » or the volunteer's « Envoyer
 * maintenant »), or only those whose retry time has come (the periodic timer).
 */
export async function syncQueue(userId: string, options: { all: boolean } = { all: true }): Promise<SyncResult | null> {
  const run = async (): Promise<SyncResult> => {
    let { queue } = await loadQueue(userId);
    const toSend = options.all ? pending(queue, new Date()) : dueForSync(queue, new Date());
    let sent = 0;
    let failed = 0;
    let rejected = 0;
    for (const entry of toSend) {
      const answer = await sendEntry(entry);
      queue = await updateQueue(userId, new Date(), (q) =>
        applySyncAnswer(q, entry.clientId, answer.code, new Date(), answer.message),
      );
      if (answer.code === null) sent += 1;
      else if (queue.entries.find((e) => e.clientId === entry.clientId)?.rejected) rejected += 1;
      else failed += 1;
      // Offline: the next entries would fail the same way.
      if (answer.code === 'NETWORK') break;
    }
    return { queue, sent, failed, rejected };
  };
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request('ensemblier-visites-sync', { ifAvailable: true }, (lock) => (lock ? run() : null));
  return run();
}
