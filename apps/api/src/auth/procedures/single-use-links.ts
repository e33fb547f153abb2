import { TRPCError } from '@trpc/server';
import { withTerritory, type TransactionSql } from '@ensemblier/db';
import { requestPasswordResetInput, setPasswordInput, tokenSchema } from '@ensemblier/shared';
import { z } from 'zod';
import { writeAudit } from '../../audit/audit.ts';
import { queueMail } from '../../mail/outbox.ts';
import { passwordResetMail } from '../../mail/templates.ts';
import { publicProcedure } from '../../trpc/init.ts';
import type { RequestContext } from '../../trpc/context.ts';
import { generateToken, hashEmail, hashPassword, hashToken } from '../crypto.ts';
import { securityEvent } from '../security-events.ts';
import { revokeSessions } from '../session.ts';

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
export const RESET_TTL_MS = 3_600_000;
const LINK_INVALID = 'Ce lien n’est plus valable : il a expiré ou a déjà servi. Demandez un nouveau lien.';

type Kind = 'invitation' | 'password_reset';

/** Creates a single-use link token for a user, in the caller's transaction. */
export async function createLinkToken(
  tx: TransactionSql,
  p: { territoryId: string; userId: string; kind: Kind; createdBy: string | null; now: Date },
): Promise<string> {
  const token = generateToken();
  // A new link replaces the user's unused ones of the same kind.
  await tx`DELETE FROM auth_token WHERE user_id = ${p.userId} AND kind = ${p.kind} AND used_at IS NULL`;
  const ttl = p.kind === 'invitation' ? INVITATION_TTL_MS : RESET_TTL_MS;
  await tx`INSERT INTO auth_token (territory_id, id, kind, user_id, created_by, created_at, expires_at)
    VALUES (${p.territoryId}, ${hashToken(token)}, ${p.kind}, ${p.userId}, ${p.createdBy}, ${p.now}, ${new Date(p.now.getTime() + ttl)})`;
  return token;
}

interface LinkRow {
  user_id: string;
  kind: Kind;
  expires_at: Date;
  used_at: Date | null;
  name: string;
  email: string;
  status: string;
}

async function withLink<T>(
  ctx: RequestContext,
  token: string,
  kind: Kind,
  fn: (tx: TransactionSql, link: LinkRow, territoryId: string) => Promise<T>,
): Promise<T> {
  const id = hashToken(token);
  const [route] = await ctx.sql<
    { territory_id: string }[]
  >`SELECT territory_id FROM auth_route WHERE kind = 'token' AND key = ${id}`;
  if (!route) throw new TRPCError({ code: 'NOT_FOUND', message: LINK_INVALID });
  return withTerritory(ctx.sql, route.territory_id, async (tx) => {
    const [link] = await tx<LinkRow[]>`
      SELECT t.user_id, t.kind, t.expires_at, t.used_at, u.name, u.email, u.status
      FROM auth_token t JOIN app_user u ON u.territory_id = t.territory_id AND u.id = t.user_id
      WHERE t.id = ${id} FOR UPDATE OF t`;
    if (
      !link ||
      link.kind !== kind ||
      link.used_at ||
      link.expires_at <= ctx.clock.now() ||
      link.status === 'deactivated'
    ) {
      throw new TRPCError({ code: 'NOT_FOUND', message: LINK_INVALID });
    }
    return fn(tx, link, route.territory_id);
  });
}

/** What the invitation page shows before the person sets a password. */
export const invitationInfo = publicProcedure.input(z.object({ token: tokenSchema })).query(({ ctx, input }) =>
  withLink(ctx, input.token, 'invitation', async (tx, link) => {
    const orgs = await tx<{ name: string }[]>`
      SELECT o.name FROM membership m JOIN organisation o ON o.territory_id = m.territory_id AND o.id = m.organisation_id
      WHERE m.user_id = ${link.user_id} AND m.status = 'active' ORDER BY m.created_at`;
    return { name: link.name, email: link.email, organisations: orgs.map((o) => o.name) };
  }),
);

/** Whether a password-reset link is still valid, before the form is shown. */
export const passwordResetInfo = publicProcedure
  .input(z.object({ token: tokenSchema }))
  .query(({ ctx, input }) =>
    withLink(ctx, input.token, 'password_reset', async (_tx, link) => ({ email: link.email })),
  );

async function setPassword(ctx: RequestContext, input: z.infer<typeof setPasswordInput>, kind: Kind) {
  const passwordHash = await hashPassword(input.password);
  await withLink(ctx, input.token, kind, async (tx, link, territoryId) => {
    const now = ctx.clock.now();
    await tx`UPDATE auth_token SET used_at = ${now} WHERE id = ${hashToken(input.token)}`;
    await tx`UPDATE app_user SET password_hash = ${passwordHash}, status = 'active' WHERE id = ${link.user_id}`;
    await revokeSessions(tx, link.user_id);
    const event = kind === 'invitation' ? 'invitation_accepted' : 'password_reset_done';
    await securityEvent(tx, { territoryId, userId: link.user_id, kind: event, ip: ctx.ip, at: now });
    await writeAudit(
      tx,
      { territoryId, requestId: ctx.requestId, at: now, userId: link.user_id, organisationId: null, role: null },
      { action: `auth.${event}`, objectType: 'user', objectId: link.user_id },
    );
  });
  return { ok: true };
}

export const acceptInvitation = publicProcedure
  .input(setPasswordInput)
  .mutation(({ ctx, input }) => setPassword(ctx, input, 'invitation'));
export const resetPassword = publicProcedure
  .input(setPasswordInput)
  .mutation(({ ctx, input }) => setPassword(ctx, input, 'password_reset'));

/** Always answers the same, whether the address exists or not. */
export const requestPasswordReset = publicProcedure
  .input(requestPasswordResetInput)
  .mutation(async ({ ctx, input }) => {
    const [route] = await ctx.sql<
      { territory_id: string }[]
    >`SELECT territory_id FROM auth_route WHERE kind = 'email' AND key = ${hashEmail(input.email)}`;
    if (route) {
      await withTerritory(ctx.sql, route.territory_id, async (tx) => {
        const [u] = await tx<
          { id: string; name: string }[]
        >`SELECT id, name FROM app_user WHERE email = ${input.email} AND status = 'active'`;
        if (!u) return;
        const now = ctx.clock.now();
        const token = await createLinkToken(tx, {
          territoryId: route.territory_id,
          userId: u.id,
          kind: 'password_reset',
          createdBy: null,
          now,
        });
        const mail = passwordResetMail({ name: u.name, url: `${ctx.config.origin}/mot-de-passe/nouveau/${token}` });
        await queueMail(tx, route.territory_id, { to: input.email, ...mail, dedupeKey: `reset:${hashToken(token)}` });
        await securityEvent(tx, {
          territoryId: route.territory_id,
          userId: u.id,
          kind: 'password_reset_requested',
          ip: ctx.ip,
          at: now,
        });
        await writeAudit(
          tx,
          {
            territoryId: route.territory_id,
            requestId: ctx.requestId,
            at: now,
            userId: u.id,
            organisationId: null,
            role: null,
          },
          { action: 'auth.password_reset_requested', objectType: 'user', objectId: u.id },
        );
      });
    }
    return { ok: true };
  });
