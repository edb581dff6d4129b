import { randomUUID } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppContext } from './context';
import { errorHandler, notFound } from './http/errors';
import { healthRouter } from './http/health';
import { routeTemplate } from './http/route-template';
import { syncRouter } from './http/sync';
import { terminalsRouter } from './http/terminals';
import { adminRouter } from './http/admin';

export type { AppContext } from './context';

/** Builds the Express app from its parts; tests start it on port 0 without main.ts. */
export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.TRUST_PROXY);
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: ctx.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Bodies are never logged: they hold PIN hashes, tokens and card data.
      serializers: {
        req: (req: { id: unknown; method: unknown; url: unknown }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: unknown }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/livez' || req.url === '/metrics' },
    }),
  );
  app.use((req, res, next) => {
    const end = ctx.metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: req.method, route: routeTemplate(req), status: `${Math.floor(res.statusCode / 100)}xx` }));
    next();
  });

  app.use(healthRouter(ctx));
  app.use('/v1/terminals', terminalsRouter(ctx));
  app.use('/v1/sync', syncRouter(ctx));
  app.use('/v1/admin', adminRouter(ctx));
  app.use(notFound);
  app.use(errorHandler(ctx.logger, ctx.metrics));
  return app;
}
