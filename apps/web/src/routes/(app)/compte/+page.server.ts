import { redirect } from '@sveltejs/kit';
import { NOTIFICATION_PREFS, type NotificationPref } from '@ensemblier/shared';
import { formError, formFailure, readForm } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const DONE: Record<string, string> = {
  preference: 'Votre choix de courriels est enregistré.',
};

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  // The preference never stops the page: if the API cannot answer, the section says so.
  const notificationPref: NotificationPref | null = await locals.api.notifications.preference
    .query()
    .then((r) => r.pref)
    .catch(() => null);
  const done = url.searchParams.get('fait');
  return {
    user: { name: me.user.name, email: me.user.email, totpEnabled: me.user.totpEnabled },
    activeMembershipId: me.activeMembership.id,
    memberships: me.memberships,
    notificationPref,
    done: done ? (DONE[done] ?? null) : null,
  };
};

export const actions: Actions = {
  preference: async ({ locals, request, url }) => {
    const { values } = await readForm(request, ['pref']);
    if (!(NOTIFICATION_PREFS as readonly string[]).includes(values.pref ?? '')) {
      return formError(400, values, { pref: 'Choisissez comment être prévenu.' }, { kind: 'preference' });
    }
    try {
      await locals.api.notifications.setPreference.mutate({ pref: values.pref as NotificationPref });
    } catch (err) {
      return formFailure(err, values, { kind: 'preference', fields: ['pref'], url });
    }
    redirect(303, '/compte?fait=preference#notifications');
  },
};
