import { initTRPC, TRPCError } from '@trpc/server';
import { withTerritory } from '@ensemblier/db';
import { ERROR_MESSAGES, fieldErrors, isRole, validationIssues, type FieldErrors } from '@ensemblier/shared';
import { writeAudit } from '../audit/audit.ts';
import { hashToken } from '../auth/crypto.ts';
import { clearSessionCookie } from '../auth/cookie.ts';
import { activeMemberships } from '../auth/memberships.ts';
import { sessionStage } from '../auth/session.ts';
import type { AuditEntry, RequestContext, SessionStage, TenantContext } from './context.ts';

export interface ErrorData {
  code: string;
  httpStatus: number;
  fieldErrors?: FieldErrors;
  requestId?: string;
}

/** A business-rule failure on one field, shown next to it like a validation error. */
class FieldValidationError extends Error {
  constructor(readonly issues: { path: string[]; message: string }[]) {
    super(issues[0]?.message);
  }
}

const t = initTRPC.context<RequestContext>().create({
  errorFormatter({ shape, error, ctx }) {
    const zod = validationIssues(error.cause);
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    if (internal)
      ctx?.log('internal error', { requestId: ctx.requestId, error: String(error.cause?.stack ?? error.stack) });
    const message = zod
      ? error.cause instanceof FieldValidationError
        ? error.cause.message
        : ERROR_MESSAGES.BAD_REQUEST
      : internal
        ? ERROR_MESSAGES.INTERNAL_SERVER_ERROR
        : error.message ||
          ERROR_MESSAGES[error.code as keyof typeof ERROR_MESSAGES] ||
          ERROR_MESSAGES.INTERNAL_SERVER_ERROR;
    const data: ErrorData = { code: shape.data.code, httpStatus: shape.data.httpStatus, requestId: ctx?.requestId };
    if (zod) data.fieldErrors = fieldErrors(zod);
    // No stack, no path, no SQL: only what a form needs.
    return { message, code: shape.code, data };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;

/** Thrown inside the transaction so that a failed procedure rolls everything back. */
class Rollback extends Error {}

export function notFound(): never {
  throw new TRPCError({ code: 'NOT_FOUND', message: ERROR_MESSAGES.NOT_FOUND });
}
export function forbidden(): never {
  throw new TRPCError({ code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN });
}
export function unauthorized(message: string = ERROR_MESSAGES.UNAUTHORIZED): never {
  throw new TRPCError({ code: 'UNAUTHORIZED', message });
}
export function conflict(message: string = ERROR_MESSAGES.CONFLICT): never {
  throw new TRPCError({ code: 'CONFLICT', message });
}
/** A field error from a business rule (shown next to the field, like a zod error). */
export function fieldError(field: string, message: string): never {
  throw new TRPCError({ code: 'BAD_REQUEST', message, cause: new FieldValidationError([{ path: [field], message }]) });
}

interface SessionRow {
  id: string;
  user_id: string;
  active_membership_id: string | null;
  created_at: Date;
  last_active_at: Date;
  expires_at: Date;
  second_factor_verified: boolean;
  user_name: string;
  user_email: string;
  user_status: string;
  totp_enabled: boolean;
}

/**
 * Session → user → active membership → one transaction with the territory set, for the
 * whole procedure; the procedure's writes, audit rows and enqueued jobs commit together.
 */
const tenantTransaction = t.middleware(async ({ ctx, next, type }) => {
  if (!ctx.sessionToken) unauthorized();
  const sessionId = hashToken(ctx.sessionToken);
  const [route] = await ctx.sql<
    { territory_id: string }[]
  >`SELECT territory_id FROM auth_route WHERE kind = 'session' AND key = ${sessionId}`;
  if (!route) {
    clearSessionCookie(ctx);
    unauthorized();
  }
  const now = ctx.clock.now();
  const territoryId = route.territory_id;
  let outcome: Awaited<ReturnType<typeof next>> | undefined;
  let expired = false;
  try {
    await withTerritory(ctx.sql, territoryId, async (tx) => {
      const [s] = await tx<SessionRow[]>`
        SELECT s.id, s.user_id, s.active_membership_id, s.created_at, s.last_active_at, s.expires_at,
          s.second_factor_verified, u.name AS user_name, u.email AS user_email, u.status AS user_status,
          u.totp_enabled_at IS NOT NULL AS totp_enabled
        FROM user_session s JOIN app_user u ON u.territory_id = s.territory_id AND u.id = s.user_id
        WHERE s.id = ${sessionId}`;
      if (!s) {
        expired = true;
        return;
      }
      const idle = now.getTime() - s.last_active_at.getTime() > ctx.config.session.idleMs;
      if (idle || now >= s.expires_at || s.user_status !== 'active') {
        await tx`DELETE FROM user_session WHERE id = ${sessionId}`;
        expired = true;
        return;
      }
      const memberships = await activeMemberships(tx, s.user_id);
      const m = memberships.find((x) => x.id === s.active_membership_id) ?? memberships[0];
      if (!m) {
        await tx`DELETE FROM user_session WHERE id = ${sessionId}`;
        expired = true;
        return;
      }
      if (!isRole(m.role)) throw new Error(`unknown role ${m.role}`);
      const stage = sessionStage({
        totpEnabled: s.totp_enabled,
        verified: s.second_factor_verified,
        roles: memberships.map((x) => x.role),
        config: ctx.config,
      });
      // Sliding inactivity window; written at most once a minute.
      if (now.getTime() - s.last_active_at.getTime() > 60_000 || m.id !== s.active_membership_id) {
        await tx`UPDATE user_session SET last_active_at = ${now}, active_membership_id = ${m.id} WHERE id = ${sessionId}`;
      }
      let audited = 0;
      const who = {
        territoryId,
        requestId: ctx.requestId,
        userId: s.user_id,
        organisationId: m.organisationId,
        role: m.role,
      };
      const tenantCtx: TenantContext = {
        ...ctx,
        tx,
        territoryId,
        session: { id: sessionId, userId: s.user_id, territoryId, stage, createdAt: s.created_at },
        user: { id: s.user_id, name: s.user_name, email: s.user_email, totpEnabled: s.totp_enabled },
        membership: { id: m.id, role: m.role, organisationId: m.organisationId, organisationName: m.organisationName },
        memberships,
        actor: { userId: s.user_id, role: m.role, organisationId: m.organisationId },
        audit: async (entry: AuditEntry) => {
          audited++;
          await writeAudit(tx, { ...who, at: ctx.clock.now() }, entry);
        },
      };
      outcome = await next({ ctx: tenantCtx });
      if (!outcome.ok) throw new Rollback();
      if (type === 'mutation' && audited === 0) {
        throw new Error('A mutation must write its audit row (ctx.audit) in its transaction.');
      }
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (expired) {
    clearSessionCookie(ctx);
    unauthorized();
  }
  return outcome!;
});

type Stage = SessionStage;
const requireStage = (allowed: readonly Stage[]) =>
  t.middleware(({ ctx, next }) => {
    const c = ctx as unknown as TenantContext;
    if (!allowed.includes(c.session.stage)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message:
          c.session.stage === 'second_factor'
            ? 'Saisissez d’abord votre code de vérification.'
            : 'Activez d’abord la double authentification.',
      });
    }
    return next({ ctx: c });
  });

/** Any valid session, even one still waiting for its second factor. */
export const sessionProcedure = t.procedure
  .use(tenantTransaction)
  .use(requireStage(['full', 'second_factor', 'enrolment']));
/** A valid session awaiting second-factor enrolment (or complete). */
export const enrolmentProcedure = t.procedure.use(tenantTransaction).use(requireStage(['full', 'enrolment']));
/** A fully authenticated session. */
export const authedProcedure = t.procedure.use(tenantTransaction).use(requireStage(['full']));
