import { error, redirect } from '@sveltejs/kit';
import { apiError, formFailure, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;
/** The filter in the URL: `?non-lues=1`. */
const UNREAD_PARAM = 'non-lues';

/** Messages after an action (the action redirects back with `?fait=…`). */
const DONE: Record<string, string> = {
  lue: 'La notification est marquée comme lue.',
  toutes: 'Toutes vos notifications sont marquées comme lues.',
};

export const load: PageServerLoad = async ({ locals, url }) => {
  requireFull(locals, url);
  const unreadOnly = url.searchParams.get(UNREAD_PARAM) === '1';
  const page = pageParam(url);
  let result;
  try {
    result = await locals.api.notifications.list.query({ unreadOnly, page, pageSize: PAGE_SIZE });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const pages = totalPages(result.total, PAGE_SIZE);
  if (page > pages && result.items.length === 0 && page > 1) {
    // After marking items read on the last page of "unread only": show the last page left.
    const next = new URL(url);
    if (pages > 1) next.searchParams.set('page', String(pages));
    else next.searchParams.delete('page');
    redirect(303, next.pathname + next.search);
  }
  const done = url.searchParams.get('fait');
  return {
    unreadOnly,
    items: result.items.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body ?? '',
      link: n.link ?? null,
      createdAt: n.createdAt as unknown as string,
      readAt: (n.readAt as unknown as string | null) ?? null,
    })),
    total: result.total,
    unread: result.unread,
    page,
    totalPages: pages,
    done: done ? (DONE[done] ?? null) : null,
  };
};

/** Back to the list as it was (filter and page kept), with a message. */
function back(data: FormData, done: string): string {
  const params = new URLSearchParams();
  if (data.get(UNREAD_PARAM) === '1') params.set(UNREAD_PARAM, '1');
  const page = Number(data.get('page'));
  if (Number.isInteger(page) && page > 1) params.set('page', String(page));
  params.set('fait', done);
  return `/notifications?${params}`;
}

export const actions: Actions = {
  read: async ({ locals, request, url }) => {
    const data = await request.formData();
    const id = String(data.get('id') ?? '');
    try {
      await locals.api.notifications.markRead.mutate({ ids: [id], all: false });
    } catch (err) {
      return formFailure(err, {}, { kind: 'read', fields: [], url });
    }
    redirect(303, back(data, 'lue'));
  },

  readAll: async ({ locals, request, url }) => {
    const data = await request.formData();
    try {
      await locals.api.notifications.markRead.mutate({ ids: [], all: true });
    } catch (err) {
      return formFailure(err, {}, { kind: 'readAll', fields: [], url });
    }
    // On the "unread only" view everything just disappeared: page 1.
    data.delete('page');
    redirect(303, back(data, 'toutes'));
  },
};
