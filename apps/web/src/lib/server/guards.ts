import { redirect } from '@sveltejs/kit';
import type { Actor, Role } from '@ensemblier/shared';
import type { Me } from './api.ts';
import { loginUrl } from './forms.ts';

export type ActiveMembership = NonNullable<Me['activeMembership']>;
export type FullMe = Me & { activeMembership: ActiveMembership };

/** First screen of a role after login (docs/ux.md). */
export function homeFor(role: string | null | undefined): string {
  if (role === 'admin') return '/administration';
  // The archivist's whole work is in the archives (archived files, eliminations to decide).
  if (role === 'archivist') return '/archives';
  return '/tableau-de-bord';
}

/** A same-site path to go back to, or null: never another origin (`//evil`, `/\evil`, `https:`). */
export function safeRedirect(target: string | null | undefined): string | null {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return null;
  }
  return target;
}

/** Where a signed-in session must go next, given its stage. */
export function stageRedirect(me: Me, redirectTo: string | null): string {
  if (me.stage === 'second_factor') {
    return `/connexion/verification${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ''}`;
  }
  if (me.stage === 'enrolment') return '/compte/securite';
  return safeRedirect(redirectTo) ?? homeFor(me.activeMembership?.role);
}

/** The signed-in, fully authenticated person; anyone else is sent where they need to go. */
export function requireFull(locals: App.Locals, url: URL): FullMe {
  const me = locals.me;
  if (!me || !me.activeMembership) redirect(303, loginUrl(url));
  if (me.stage !== 'full') redirect(303, stageRedirect(me, url.pathname + url.search));
  return me as FullMe;
}

export function actorOf(me: FullMe): Actor {
  return {
    userId: me.user.id,
    role: me.activeMembership.role as Role,
    organisationId: me.activeMembership.organisationId,
  };
}
