import { can, isRole } from '@ensemblier/shared';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';

/** Features announced on the dashboard, by role (what each role will find in Ensemblier). */
const COMING: { key: string; title: string; text: string; roles: string[] }[] = [
  {
    key: 'orientations',
    title: 'Orientations',
    text: 'Envoyer et recevoir des orientations entre structures, avec leur suivi.',
    roles: ['admin', 'coordinator', 'partner_manager', 'partner_worker'],
  },
  {
    key: 'personnes',
    title: 'Personnes accompagnées',
    text: 'Le dossier partagé des personnes, avec leur consentement.',
    roles: ['admin', 'coordinator', 'partner_manager', 'partner_worker'],
  },
  {
    key: 'annuaire',
    title: 'Annuaire des services',
    text: 'Les services des partenaires du territoire et leurs disponibilités.',
    roles: ['admin', 'coordinator', 'partner_manager', 'partner_worker', 'volunteer'],
  },
  {
    key: 'commissions',
    title: 'Commissions',
    text: 'Les demandes d’aide à instruire, les séances et leurs comptes rendus.',
    roles: ['admin', 'coordinator', 'commission_member'],
  },
  {
    key: 'visites',
    title: 'Visites de convivialité',
    text: 'Les visites à domicile des bénévoles, leur registre et les alertes.',
    roles: ['admin', 'coordinator', 'volunteer'],
  },
];

export const load: PageServerLoad = ({ locals, url }) => {
  const me = requireFull(locals, url);
  const actor = actorOf(me);
  const role = me.activeMembership.role;
  return {
    name: me.user.name,
    role,
    organisationName: me.activeMembership.organisationName,
    totpEnabled: me.user.totpEnabled,
    administration: can(actor, 'admin.access')
      ? role === 'admin'
        ? { href: '/administration/structures', audit: true }
        : { href: `/administration/structures/${me.activeMembership.organisationId}`, audit: false }
      : null,
    coming: isRole(role)
      ? COMING.filter((c) => c.roles.includes(role)).map(({ key, title, text }) => ({ key, title, text }))
      : [],
  };
};
