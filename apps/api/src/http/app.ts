import { Hono } from 'hono';
import { trpcServer } from '@hono/trpc-server';
import type { Sql } from '@ensemblier/db';
import { readSessionToken } from '../auth/cookie.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
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
