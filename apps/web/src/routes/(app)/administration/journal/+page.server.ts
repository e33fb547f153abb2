import { error, redirect } from '@sveltejs/kit';
import { can } from '@ensemblier/shared';
import { apiError, formFailure, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 25;
const DENIED = 'Le journal d’audit est réservé aux administrateurs du territoire.';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'audit.read')) error(403, DENIED);
  const filters = {
    action: (url.searchParams.get('action') ?? '').trim().slice(0, 100),
    objectType: (url.searchParams.get('objet') ?? '').trim().slice(0, 100),
    from: (url.searchParams.get('du') ?? '').trim(),
    to: (url.searchParams.get('au') ?? '').trim(),
  };
  const filterErrors: Record<string, string> = {};
  if (filters.from && !DATE.test(filters.from)) filterErrors.from = 'Indiquez une date au format JJ/MM/AAAA.';
  if (filters.to && !DATE.test(filters.to)) filterErrors.to = 'Indiquez une date au format JJ/MM/AAAA.';
  if (!filterErrors.from && !filterErrors.to && filters.from && filters.to && filters.from > filters.to) {
    filterErrors.to = 'La date de fin doit être après la date de début.';
  }
  const page = pageParam(url);
  const empty = { items: [], total: 0 };
  let result: { items: unknown[]; total: number } = empty;
  if (Object.keys(filterErrors).length === 0) {
    try {
      result = await locals.api.admin.audit.list.query({
        action: filters.action || undefined,
        objectType: filters.objectType || undefined,
        from: filters.from || undefined,
        to: filters.to || undefined,
        page,
        pageSize: PAGE_SIZE,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      if (info.code === 'FORBIDDEN') error(403, DENIED);
      if (info.code !== 'BAD_REQUEST') error(500, info.message);
      if (info.fieldErrors.from) filterErrors.from = info.fieldErrors.from;
      if (info.fieldErrors.to) filterErrors.to = info.fieldErrors.to;
      if (!filterErrors.from && !filterErrors.to) filterErrors.action = info.message;
    }
  }
  const items = (result.items as Awaited<ReturnType<typeof locals.api.admin.audit.list.query>>['items']).map((e) => ({
    seq: e.seq,
    at: e.at as unknown as string,
    action: e.action,
    objectType: e.objectType,
    outcome: e.outcome,
    role: e.role,
    userName: e.userName,
    organisationName: e.organisationName,
    objectName: objectName(e.details),
  }));
  return { filters, filterErrors, items, total: result.total, page, totalPages: totalPages(result.total, PAGE_SIZE) };
};

/** A readable name for the object when the event recorded one (never an id). */
function objectName(details: unknown): string | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as Record<string, unknown>;
  if (typeof d.name === 'string') return d.name;
  const after = d.after as Record<string, unknown> | undefined;
  if (after && typeof after.name === 'string') return after.name;
  if (typeof d.label === 'string') return d.label;
  return null;
}

export const actions: Actions = {
  verify: async ({ locals, url }) => {
    try {
      const result = await locals.api.admin.audit.verify.mutate();
      return { verify: result };
    } catch (err) {
      return formFailure(err, {}, { kind: 'verify', fields: [], url });
    }
  },
};
