import { Hono } from 'hono';
import { trpcServer } from '@hono/trpc-server';
import type { Sql } from '@ensemblier/db';
import { readSessionToken } from '../auth/cookie.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { retentionSweepTask } from '../archives/retention.task.ts';
import { appRouter } from '../router.ts';
import type { RequestContext } from '../trpc/context.ts';
import { sameOriginJsonMutations, securityHeaders } from './security.ts';

export interface AppDeps {
  sql: Sql;
  config: Config;
  clock: Clock;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

function clientIp(
  c: { req: { header: (n: string) => string | undefined } },
  config: Config,
  socketIp: string | undefined,
): string {
  const forwarded = config.trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return forwarded || socketIp || 'unknown';
}

export function createApp(deps: AppDeps) {
  const log =
    deps.log ?? ((message, details) => console.error(JSON.stringify({ level: 'error', message, ...details })));
  const app = new Hono<{ Bindings: { incoming?: { socket?: { remoteAddress?: string } } } }>();

  app.use('*', securityHeaders(deps.config));

  app.get('/healthz', async (c) => {
    try {
      await deps.sql`SELECT 1`;
      return c.json({ status: 'ok' });
    } catch {
      return c.json({ status: 'error', message: 'Base de données injoignable.' }, 503);
    }
  });

  if (deps.config.devOutbox) {
    app.get('/api/dev/outbox', async (c) => {
      const rows =
        await deps.sql`SELECT id, received_at, to_address, subject, text_body FROM dev_mail ORDER BY id DESC LIMIT 50`;
      return c.json({
        mails: rows.map((r) => ({
          id: Number(r.id),
          receivedAt: r.received_at,
          to: r.to_address,
          subject: r.subject,
          text: r.text_body,
        })),
      });
    });
  }

  if (!deps.config.isProduction) {
    // Development and e2e only: the retention job at a chosen instant, for the given files only
    // (a file is archived after 24 months without activity: an e2e cannot wait for it).
    app.post('/api/dev/retention-sweep', async (c) => {
      // JSON only: a cross-site form cannot send it.
      if (!c.req.header('content-type')?.startsWith('application/json'))
        return c.json({ error: { message: 'JSON attendu.' } }, 415);
      const body = (await c.req.json().catch(() => null)) as { now?: unknown; personIds?: unknown } | null;
      const now = typeof body?.now === 'string' ? new Date(body.now) : null;
      const ids = Array.isArray(body?.personIds)
        ? body.personIds.filter((x): x is string => typeof x === 'string')
        : [];
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
      if (!now || Number.isNaN(now.getTime()) || ids.length === 0 || !ids.every((id) => uuid.test(id)))
        return c.json({ error: { message: 'Indiquez now (ISO) et personIds.' } }, 400);
      return c.json(await retentionSweepTask(deps.sql, now, deps.config.filesDir, { personIds: ids }));
    });
  }

  app.use('/api/trpc/*', sameOriginJsonMutations(deps.config));
  app.use(
    '/api/trpc/*',
    trpcServer({
      endpoint: '/api/trpc',
      router: appRouter,
      createContext: (opts, c) =>
        ({
          sql: deps.sql,
          config: deps.config,
          clock: deps.clock,
          log,
          requestId: c.req.header('x-request-id')?.slice(0, 64) || crypto.randomUUID(),
          ip: clientIp(c, deps.config, c.env?.incoming?.socket?.remoteAddress),
          userAgent: c.req.header('user-agent') ?? '',
          sessionToken: readSessionToken(c.req.header('cookie'), deps.config),
          resHeaders: opts.resHeaders,
        }) satisfies RequestContext as RequestContext & Record<string, unknown>,
      onError: ({ error, ctx }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          log('trpc error', { requestId: ctx?.requestId, error: String(error.cause?.stack ?? error.stack) });
      },
    }),
  );

  app.notFound((c) => c.json({ error: { message: 'Adresse inconnue.' } }, 404));
  app.onError((error, c) => {
    log('unhandled', { error: String(error.stack ?? error) });
    return c.json({ error: { message: 'Une erreur inattendue est survenue.' } }, 500);
  });
  return app;
}
