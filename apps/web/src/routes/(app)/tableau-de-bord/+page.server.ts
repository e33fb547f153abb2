import { can } from '@ensemblier/shared';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { PageServerLoad } from './$types';

/** What each menu entry is for, said on the dashboard (only the entries the role has in its menu). */
const FEATURES: Record<string, string> = {
  persons: 'Le dossier partagé des personnes accompagnées, avec leur consentement et leur groupe de suivi.',
  tasks: 'Les tâches qui vous sont confiées sur les dossiers des personnes.',
  referrals: 'Envoyer et recevoir des orientations entre structures, et suivre leur réponse.',
  directory: 'Les services des partenaires du territoire et leurs disponibilités.',
  commissions: 'Les demandes d’aide à instruire, les séances, les décisions et leurs courriers.',
  register: 'Le registre des personnes vulnérables (plan canicule et grand froid) et son export pour la préfecture.',
  visits:
    'Les visites et les appels à faire cette semaine, même sans connexion ; pour le CCAS, les programmes, les campagnes et les alertes.',
  archives: 'Les dossiers archivés et les éliminations à décider.',
};

export const load: PageServerLoad = async ({ locals, url, parent }) => {
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
    // The entries of the user's menu (the layout's: it knows who is given visits).
    features: (await parent()).nav
      .filter((entry) => FEATURES[entry.key])
      .map((entry) => ({ key: entry.key, href: entry.href, title: entry.label, text: FEATURES[entry.key]! })),
  };
};
