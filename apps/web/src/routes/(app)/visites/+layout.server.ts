import { can } from '@ensemblier/shared';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { LayoutServerLoad } from './$types';

/**
 * The « Visites » area (issue 7): everyone with the menu entry has « Mes visites »; the
 * coordinators (register.manage) also have the programmes, the campaigns, the alerts and the
 * statistics; the admin has the statistics.
 */
export const load: LayoutServerLoad = ({ locals, url }) => {
  const me = requireFull(locals, url);
  const actor = actorOf(me);
  const coordinates = can(actor, 'register.manage');
  const tabs = [
    { href: '/visites', label: 'Mes visites' },
    ...(coordinates
      ? [
          { href: '/visites/programmes', label: 'Programmes' },
          { href: '/visites/campagnes', label: 'Campagnes' },
          { href: '/visites/alertes', label: 'Alertes' },
        ]
      : []),
    ...(coordinates || actor.role === 'admin' ? [{ href: '/visites/statistiques', label: 'Statistiques' }] : []),
  ];
  return { visitsTabs: tabs.length > 1 ? tabs : [], userId: me.user.id };
};
