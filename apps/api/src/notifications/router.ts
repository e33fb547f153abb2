import {
  listNotificationsInput,
  markNotificationsReadInput,
  notificationPrefInput,
  type NotificationKind,
  type NotificationPref,
} from '@ensemblier/shared';
import { authedProcedure, router } from '../trpc/init.ts';

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/**
 * The user's own notifications, newest first (notification_user_idx). Notifications carry no
 * person data (emitters write organisation names and a link only), so reading them is not audited.
 */
const list = authedProcedure.input(listNotificationsInput).query(async ({ ctx, input }) => {
  const offset = (input.page - 1) * input.pageSize;
  const rows = await ctx.tx<NotificationRow[]>`
    SELECT id, kind, title, body, link, created_at, read_at FROM notification
    WHERE user_id = ${ctx.user.id} ${input.unreadOnly ? ctx.tx`AND read_at IS NULL` : ctx.tx``}
    ORDER BY created_at DESC, id DESC
    LIMIT ${input.pageSize} OFFSET ${offset}`;
  const [counts] = await ctx.tx<{ total: number; unread: number }[]>`
    SELECT (SELECT count(*) FROM notification WHERE user_id = ${ctx.user.id})::int AS total,
      (SELECT count(*) FROM notification WHERE user_id = ${ctx.user.id} AND read_at IS NULL)::int AS unread`;
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: r.created_at,
      readAt: r.read_at,
    })),
    total: input.unreadOnly ? counts!.unread : counts!.total,
    unread: counts!.unread,
    page: input.page,
    pageSize: input.pageSize,
  };
});

/** The bell's badge: an index-only count on the partial index notification_unread_idx. */
const unreadCount = authedProcedure.query(async ({ ctx }) => {
  const [row] = await ctx.tx<{ count: number }[]>`
    SELECT count(*)::int AS count FROM notification WHERE user_id = ${ctx.user.id} AND read_at IS NULL`;
  return { count: row!.count };
});

/** Marks the user's own notifications read (others' ids are ignored). */
const markRead = authedProcedure.input(markNotificationsReadInput).mutation(async ({ ctx, input }) => {
  const now = ctx.clock.now();
  const rows = input.all
    ? await ctx.tx<{ id: string }[]>`
        UPDATE notification SET read_at = ${now} WHERE user_id = ${ctx.user.id} AND read_at IS NULL RETURNING id`
    : input.ids.length === 0
      ? []
      : await ctx.tx<{ id: string }[]>`
        UPDATE notification SET read_at = ${now}
        WHERE user_id = ${ctx.user.id} AND id = ANY(${[...new Set(input.ids)]}::uuid[]) AND read_at IS NULL
        RETURNING id`;
  await ctx.audit({
    action: 'notification.read',
    objectType: 'notification',
    objectId: rows.length === 1 ? rows[0]!.id : null,
    details: { all: input.all, updated: rows.length },
  });
  return { updated: rows.length };
});

const preference = authedProcedure.query(async ({ ctx }) => {
  const [row] = await ctx.tx<{ pref: NotificationPref }[]>`
    SELECT notification_pref AS pref FROM app_user WHERE id = ${ctx.user.id}`;
  return { pref: row!.pref };
});

const setPreference = authedProcedure.input(notificationPrefInput).mutation(async ({ ctx, input }) => {
  const [row] = await ctx.tx<{ before: NotificationPref }[]>`
    SELECT notification_pref AS before FROM app_user WHERE id = ${ctx.user.id} FOR UPDATE`;
  await ctx.tx`UPDATE app_user SET notification_pref = ${input.pref} WHERE id = ${ctx.user.id}`;
  await ctx.audit({
    action: 'notification.preference',
    objectType: 'user',
    objectId: ctx.user.id,
    details: { before: row!.before, after: input.pref },
  });
  return { pref: input.pref };
});

/** The bell: the user's notifications and their mail preference. */
export const notificationsRouter = router({
  list,
  unreadCount,
  markRead,
  preference,
  setPreference,
});
