import { error, fail, redirect } from '@sveltejs/kit';
import { can, CAMPAIGN_TYPES, parisDate, parisInstant, parisTime, type CampaignType } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

/** « Lancer une campagne »: coordinators only. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (!can(actorOf(me), 'register.manage')) error(404, 'Cette page n’existe pas.');
  try {
    const callers = await locals.api.visits.campaigns.callers.query();
    const now = new Date();
    return {
      callers,
      initial: {
        type: 'canicule',
        title: '',
        startDate: parisDate(now),
        startTime: parisTime(now),
        delay: '4',
        callers: '',
      } as Record<string, string>,
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'FORBIDDEN') error(404, 'Cette page n’existe pas.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

const FIELDS = ['type', 'title', 'startDate', 'startTime', 'delay'] as const;
/** API field → form field. */
const FIELD_OF: Record<string, string> = {
  type: 'type',
  title: 'title',
  startsAt: 'startDate',
  escalationDelayHours: 'delay',
  callerUserIds: 'callers',
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const data = await request.formData();
    const values: Record<string, string> = Object.fromEntries(
      FIELDS.map((f) => [f, typeof data.get(f) === 'string' ? String(data.get(f)).trim() : '']),
    );
    const callerUserIds = data.getAll('callers').filter((v): v is string => typeof v === 'string');
    values.callers = callerUserIds.join(',');
    const startsAt = parisInstant(values.startDate!, values.startTime!);
    if (!startsAt)
      return fail(400, {
        values,
        errors: { startDate: 'Indiquez la date et l’heure de début (JJ/MM/AAAA et HH:MM).' },
      });
    let created;
    try {
      created = await locals.api.visits.campaigns.create.mutate({
        type: ((CAMPAIGN_TYPES as readonly string[]).includes(values.type!) ? values.type : '') as CampaignType,
        title: values.title || null,
        startsAt,
        escalationDelayHours: values.delay === '' ? Number.NaN : Number(values.delay),
        callerUserIds,
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      const errors: Record<string, string> = {};
      const extra: string[] = [];
      for (const [key, message] of Object.entries(info.fieldErrors)) {
        const field = FIELD_OF[key.split('.')[0]!];
        if (field) errors[field] ??= message;
        else extra.push(message);
      }
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
        values,
        errors,
        message: extra.length > 0 ? extra.join(' ') : Object.keys(errors).length > 0 ? undefined : info.message,
      });
    }
    redirect(303, `/visites/campagnes/${created.campaignId}?fait=lancee`);
  },
};
