/**
 * Toast notifications: a tiny store and helpers. Render `<Toaster />` once (in the root layout);
 * call `toast.success('Orientation envoyée.')` anywhere on the client.
 * Server-side calls are ignored (module state would be shared between requests).
 */

export type ToastTone = 'success' | 'info' | 'warning' | 'error';

export interface ToastAction {
  href: string;
  label: string;
}

export interface ToastItem {
  id: number;
  tone: ToastTone;
  message: string;
  action?: ToastAction;
}

export interface ToastOptions {
  action?: ToastAction;
  /** Milliseconds before closing by itself; 0 keeps it until dismissed. Errors and warnings default to 0. */
  duration?: number;
}

const DEFAULT_DURATION = 8000;

class ToastStore {
  items: ToastItem[] = $state([]);
  #nextId = 1;
  #timers = new Map<number, { handle: ReturnType<typeof setTimeout>; remaining: number; started: number }>();

  push(tone: ToastTone, message: string, options: ToastOptions = {}): number {
    if (typeof window === 'undefined') return 0;
    const id = this.#nextId++;
    const item: ToastItem = { id, tone, message };
    if (options.action) item.action = options.action;
    this.items = [...this.items, item];
    const duration = options.duration ?? (tone === 'error' || tone === 'warning' ? 0 : DEFAULT_DURATION);
    if (duration > 0) this.#start(id, duration);
    return id;
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer) clearTimeout(timer.handle);
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    for (const id of [...this.#timers.keys()]) this.dismiss(id);
    this.items = [];
  }

  /** Pause auto-close while the user hovers or focuses the toasts (WCAG 2.2.1). */
  pause(): void {
    const now = Date.now();
    for (const timer of this.#timers.values()) {
      clearTimeout(timer.handle);
      timer.remaining -= now - timer.started;
    }
  }

  resume(): void {
    for (const [id, timer] of this.#timers) {
      this.#start(id, Math.max(timer.remaining, 2000));
    }
  }

  #start(id: number, ms: number): void {
    const handle = setTimeout(() => this.dismiss(id), ms);
    this.#timers.set(id, { handle, remaining: ms, started: Date.now() });
  }
}

export const toasts = new ToastStore();

export const toast = {
  success: (message: string, options?: ToastOptions) => toasts.push('success', message, options),
  info: (message: string, options?: ToastOptions) => toasts.push('info', message, options),
  warning: (message: string, options?: ToastOptions) => toasts.push('warning', message, options),
  error: (message: string, options?: ToastOptions) => toasts.push('error', message, options),
  dismiss: (id: number) => toasts.dismiss(id),
};
