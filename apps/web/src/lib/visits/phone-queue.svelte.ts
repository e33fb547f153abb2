import type { OfflineQueue, QueueEntryKind } from '@ensemblier/shared';
import { invalidateAll } from '$app/navigation';
import { plural } from '#lib/format.ts';
import { keepRecord, loadQueue, summaryAt } from './offline-store.ts';
import { syncQueue } from './sync.ts';

export interface QueueNotice {
  tone: 'success' | 'info' | 'warning';
  text: string;
}

/**
 * The phone's queue as a page sees it (issue 7): what waits, the connection, the last message,
 * and the actions — keep a record, send now. Used by « Mes visites » and by a caller's list in a
 * campaign; shown by `QueuePanel.svelte`. Browser only: `start()` runs in `onMount`.
 */
export class PhoneQueue {
  /** The queue could be opened: records are kept on the phone (else forms post to the server). */
  ready = $state(false);
  online = $state(true);
  queue = $state<OfflineQueue | null>(null);
  notice = $state<QueueNotice | null>(null);
  syncing = $state(false);
  /** The instant (ms) the summary is read at: moved on by the timer and after each change. */
  clock = $state(Date.now());
  summary = $derived(this.queue ? summaryAt(this.queue, this.clock) : null);
  /** Persons with a record waiting to be sent. */
  waitingFor = $derived((this.queue?.entries ?? []).map((e) => e.payload.personId));

  readonly #userId: string;

  constructor(userId: string) {
    this.#userId = userId;
  }

  /** Opens the queue, sends what waits, and follows the connection; returns the cleanup. */
  start(): () => void {
    this.online = navigator.onLine;
    let stopped = false;
    void (async () => {
      try {
        const opened = await loadQueue(this.#userId);
        if (stopped) return;
        this.queue = opened.queue;
        const n = opened.expired.length;
        if (n > 0)
          this.notice = {
            tone: 'warning',
            text: `${plural(n, 'saisie', 'saisies')} en attente depuis plus de 72 heures ${n > 1 ? 'ont été effacées' : 'a été effacée'} de ce téléphone sans être ${n > 1 ? 'envoyées' : 'envoyée'}. Prévenez votre coordinateur.`,
          };
        this.ready = true;
        if (navigator.onLine) await this.sync(true);
      } catch {
        // No IndexedDB (private browsing…): the forms post to the server instead.
        this.ready = false;
      }
    })();
    const goOnline = () => {
      this.online = true;
      void this.sync(true);
    };
    const goOffline = () => (this.online = false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    const timer = setInterval(() => {
      this.clock = Date.now();
      if (navigator.onLine) void this.sync(false);
    }, 30_000);
    return () => {
      stopped = true;
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearInterval(timer);
    };
  }

  /** Sends everything pending (`all`), or only the retries that are due. */
  async sync(all: boolean): Promise<void> {
    if (!this.queue || this.syncing) return;
    this.syncing = true;
    try {
      const result = await syncQueue(this.#userId, { all });
      if (result) {
        this.queue = result.queue;
        this.clock = Date.now();
        if (result.sent > 0) {
          this.notice = {
            tone: 'success',
            text: `${plural(result.sent, 'saisie envoyée', 'saisies envoyées')} à votre coordinateur.`,
          };
          if (navigator.onLine) await invalidateAll().catch(() => undefined);
        } else if (result.rejected > 0) {
          this.notice = { tone: 'warning', text: 'Une saisie a été refusée : prévenez votre coordinateur.' };
        }
      } else {
        this.queue = (await loadQueue(this.#userId)).queue;
      }
    } finally {
      this.syncing = false;
    }
  }

  /** Keeps a checked record on the phone (throws if storage fails), then sends it when it can. */
  async add(kind: QueueEntryKind, raw: unknown): Promise<void> {
    this.queue = await keepRecord(this.#userId, kind, raw);
    this.clock = Date.now();
    this.notice = {
      tone: 'info',
      text: navigator.onLine
        ? 'Saisie enregistrée sur ce téléphone, envoi en cours…'
        : 'Saisie enregistrée sur ce téléphone. Elle sera envoyée au retour de la connexion.',
    };
    // Sent in the background: the form closes as soon as the record is safe on the phone.
    if (navigator.onLine) void this.sync(true);
  }
}
