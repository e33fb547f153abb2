import { error, redirect } from '@sveltejs/kit';
import { can, ROLES, type Role } from '@ensemblier/shared';
import { apiError, formError, formFailure, loginUrl, readForm } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import { ORGANISATION_FIELDS, organisationInput } from '#lib/server/organisations.ts';
import { pageParam, totalPages } from '#lib/server/paging.ts';
import type { Actions, PageServerLoad } from './$types';

const MEMBERS_PAGE_SIZE = 25;

/** Messages after an action (the action redirects here with `?fait=…`). */
const DONE: Record<string, string> = {
  creee: 'La structure a été créée. Vous pouvez maintenant inviter ses membres.',
  modifiee: 'Les informations de la structure ont été enregistrées.',
  desactivee: 'La structure a été désactivée. Ses membres ne peuvent plus se connecter en son nom.',
  reactivee: 'La structure a été réactivée. Ses membres peuvent de nouveau se connecter en son nom.',
  invitation: 'Invitation envoyée. La personne a reçu un courriel pour créer son compte ; le lien est valable 7 jours.',
  ajout: 'La personne a été ajoutée à la structure. Elle se connecte avec son compte existant.',
  role: 'Le rôle a été modifié. Il s’applique dès la prochaine page qu’ouvre la personne.',
  retire: 'La personne a été retirée de la structure. Ses sessions ont été fermées.',
};

function notFoundOrForbidden(err: unknown, url: URL): never {
  const info = apiError(err);
  if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
  if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') {
    error(404, 'Cette structure n’existe pas ou vous n’y avez pas accès.');
  }
  if (info.code === 'FORBIDDEN') error(403, 'Vous n’avez pas accès à cette structure.');
  error(500, info.message);
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const me = requireFull(locals, url);
  const actor = actorOf(me);
  let organisation;
  try {
    organisation = await locals.api.admin.organisations.get.query({ id: params.id });
  } catch (err) {
    notFoundOrForbidden(err, url);
  }
  const canListMembers = can(actor, 'member.list', { organisationId: organisation.id });
  const page = pageParam(url);
  let members = null;
  if (canListMembers) {
    try {
      const result = await locals.api.admin.members.list.query({
        organisationId: organisation.id,
        page,
        pageSize: MEMBERS_PAGE_SIZE,
      });
      members = {
        items: result.items.map((m) => ({
          membershipId: m.membershipId,
          name: m.name,
          email: m.email,
          role: m.role,
          invited: m.userStatus === 'invited',
          isSelf: m.isSelf,
          canChangeRole:
            organisation.permissions.changeRole &&
            !m.isSelf &&
            can(actor, 'member.changeRole', { organisationId: organisation.id, role: m.role }),
          canRemove:
            organisation.permissions.removeMember &&
            !m.isSelf &&
            can(actor, 'member.deactivate', { organisationId: organisation.id, role: m.role }),
        })),
        total: result.total,
        page,
        totalPages: totalPages(result.total, MEMBERS_PAGE_SIZE),
      };
    } catch (err) {
      notFoundOrForbidden(err, url);
    }
  }
  const roleOptions = ROLES.filter((role) => can(actor, 'member.invite', { organisationId: organisation.id, role }));
  const done = url.searchParams.get('fait');
  return {
    organisation: {
      id: organisation.id,
      name: organisation.name,
      type: organisation.type,
      status: organisation.status,
      email: organisation.email,
      phone: organisation.phone,
      communeInsee: organisation.communeInsee,
      version: organisation.version,
      memberCount: organisation.memberCount,
      updatedAt: organisation.updatedAt as unknown as string,
    },
    permissions: organisation.permissions,
    isOwnOrganisation: organisation.id === actor.organisationId,
    members,
    roleOptions,
    editing: url.searchParams.get('modifier'),
    editingDetails: url.searchParams.get('edition') === 'informations',
    removing: url.searchParams.get('retirer'),
    confirmDeactivation: url.searchParams.get('confirmer') === 'desactivation',
    done: done ? (DONE[done] ?? null) : null,
  };
};

const back = (id: string, done: string) => `/administration/structures/${id}?fait=${done}`;

export const actions: Actions = {
  update: async ({ locals, request, params, url }) => {
    const { values, data } = await readForm(request, ORGANISATION_FIELDS);
    const version = Number(data.get('version'));
    try {
      await locals.api.admin.organisations.update.mutate({ id: params.id, version, ...organisationInput(values) });
    } catch (err) {
      return formFailure(err, values, { kind: 'update', fields: ORGANISATION_FIELDS, url });
    }
    redirect(303, back(params.id, 'modifiee'));
  },

  deactivate: async ({ locals, params, url }) => {
    try {
      await locals.api.admin.organisations.deactivate.mutate({ id: params.id });
    } catch (err) {
      return formFailure(err, {}, { kind: 'status', fields: [], url });
    }
    redirect(303, back(params.id, 'desactivee'));
  },

  reactivate: async ({ locals, params, url }) => {
    try {
      await locals.api.admin.organisations.reactivate.mutate({ id: params.id });
    } catch (err) {
      return formFailure(err, {}, { kind: 'status', fields: [], url });
    }
    redirect(303, back(params.id, 'reactivee'));
  },

  invite: async ({ locals, request, params, url }) => {
    const fields = ['name', 'email', 'role'] as const;
    const { values } = await readForm(request, fields);
    let invited: boolean;
    try {
      ({ invited } = await locals.api.admin.members.invite.mutate({
        organisationId: params.id,
        name: values.name ?? '',
        email: values.email ?? '',
        role: (values.role ?? '') as Role,
      }));
    } catch (err) {
      return formFailure(err, values, { kind: 'invite', fields, url });
    }
    redirect(303, back(params.id, invited ? 'invitation' : 'ajout'));
  },

  changeRole: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, ['membershipId', 'role']);
    if (!values.membershipId) {
      return formError(400, values, {}, { kind: 'role', message: 'Choisissez la personne.' });
    }
    try {
      await locals.api.admin.members.changeRole.mutate({
        membershipId: values.membershipId,
        role: (values.role ?? '') as Role,
      });
    } catch (err) {
      return formFailure(err, values, { kind: 'role', fields: ['role'], url });
    }
    redirect(303, back(params.id, 'role'));
  },

  remove: async ({ locals, request, params, url }) => {
    const { values } = await readForm(request, ['membershipId']);
    try {
      await locals.api.admin.members.remove.mutate({ membershipId: values.membershipId ?? '' });
    } catch (err) {
      return formFailure(err, values, { kind: 'remove', fields: [], url });
    }
    redirect(303, back(params.id, 'retire'));
  },
};
