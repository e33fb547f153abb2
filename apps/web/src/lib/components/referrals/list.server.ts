// The four referral lists (Reçues, Envoyées, À router, Tout le réseau) load the same way.
import { error, redirect } from '@sveltejs/kit';
import { can, thematiquesByCategory, type ReferralView } from '@ensemblier/shared';
import type { ApiClient, Output } from '#lib/server/api.ts';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import { listQuery, readListFilters } from './referrals.ts';

const PAGE_SIZE = 25;

type ListOutput = Output<ApiClient['referrals']['list']['query']>;

/** Loads one list for its page, from the filters in the URL. */
export async function loadReferralList(locals: App.Locals, url: URL, view: ReferralView) {
  const me = requireFull(locals, url);
  const actor = actorOf(me);
  if (
    (view === 'a_router' && !can(actor, 'referral.route')) ||
    (view === 'reseau' && !can(actor, 'referral.network'))
  ) {
    error(403, 'Cette liste est réservée aux coordinateurs du CCAS.');
  }
  const filters = readListFilters(url.searchParams);
  const page = pageParam(url);
  const parsed = listQuery(filters);
  let filterErrors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
  let result: ListOutput | null = null;
  if (parsed.ok) {
    try {
      result = await locals.api.referrals.list.query({ view, ...parsed.query, page, pageSize: PAGE_SIZE });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      if (info.code === 'FORBIDDEN') error(403, info.message);
      if (info.code !== 'BAD_REQUEST') error(info.httpStatus >= 400 ? info.httpStatus : 500, info.message);
      const map: Record<string, string> = {
        sentFrom: 'du',
        sentTo: 'au',
        waitingDays: 'attente',
        partnerId: 'partenaire',
      };
      filterErrors = {};
      for (const [key, message] of Object.entries(info.fieldErrors)) filterErrors[map[key] ?? 'etat'] ??= message;
      if (Object.keys(filterErrors).length === 0) filterErrors.etat = info.message;
    }
  }
  const items = (result?.items ?? []).map((r) => ({
    referralId: r.referralId,
    taskId: r.taskId,
    personName: r.personName,
    thematiques: r.thematiques,
    urgency: r.urgency,
    state: r.state,
    senderOrganisation: { id: r.senderOrganisation.id, name: r.senderOrganisation.name },
    recipientOrganisation: { id: r.recipientOrganisation.id, name: r.recipientOrganisation.name },
    serviceName: r.serviceName,
    toRoute: r.toRoute,
    sentAt: r.sentAt as unknown as string | null,
    waitingDays: r.waitingDays,
    updatedAt: r.updatedAt as unknown as string,
  }));
  const total = result?.total ?? 0;
  return {
    view,
    filters,
    filterErrors,
    items,
    total,
    totalCapped: result?.totalCapped ?? false,
    page,
    totalPages: totalPages(total, PAGE_SIZE),
    partners: await partnerOptions(locals.api, actor.organisationId),
    categories: thematiquesByCategory().map((g) => ({ value: g.category, label: g.label })),
  };
}

/** The partner filter's choices: the territory's active organisations, the user's own left out. */
async function partnerOptions(api: ApiClient, ownOrganisationId: string) {
  try {
    const organisations = await api.directory.organisation.list.query();
    return organisations.filter((o) => o.id !== ownOrganisationId).map((o) => ({ value: o.id, label: o.name }));
  } catch {
    return [];
  }
}
