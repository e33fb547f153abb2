// What the application shell shows beside the bell and the "Orientations" entry (pure, tested).
/** Counters of `referrals.counts()` the navigation uses (`aRouter` is null for non-coordinators). */
export interface ReferralCounts {
  recues: number;
  aRouter: number | null;
}

/** What waits for the user under "Orientations": received referrals to answer, plus "à router" for the CCAS. */
export function referralsWaiting(counts: ReferralCounts | null | undefined): number {
  if (!counts) return 0;
  const n = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  return n(counts.recues) + n(counts.aRouter);
}

/** The spoken counter after "Orientations": « 3 en attente ». */
export function waitingLabel(count: number): string {
  return `${count} en attente`;
}

/** Accessible name of the bell: « Notifications », « Notifications, 1 non lue », « Notifications, 2 non lues ». */
export function bellLabel(unread: number): string {
  if (!unread || unread <= 0) return 'Notifications';
  return `Notifications, ${unread} ${unread > 1 ? 'non lues' : 'non lue'}`;
}

/** The visible badge: 1…99, then "99+". */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/**
 * Where opening a notification leads: `/notifications/<id>` marks it read, then goes to its
 * object (`vers`, a same-site path only). Without a link, the notification list.
 */
export function openHref(notification: { id: string; link: string | null | undefined }): string {
  const target = safeTarget(notification.link);
  const base = `/notifications/${encodeURIComponent(notification.id)}`;
  return target ? `${base}?vers=${encodeURIComponent(target)}` : base;
}

/** A same-site path (never another origin), or null. */
export function safeTarget(link: string | null | undefined): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) return null;
  return link;
}

/** A notification as the bell's panel shows it (`/notifications/dernieres`). */
export interface RecentNotification {
  id: string;
  title: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}
