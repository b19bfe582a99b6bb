import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './auth/passwords.js';
import { authPlugin } from './auth/plugin.js';
import { authRoutes } from './auth/routes.js';
import { calendarRoutes } from './calendar/routes.js';
import { caseRoutes } from './cases/routes.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { scrubPersonalData } from './domain/identity.js';
import { deadlineRoutes } from './deadlines/routes.js';
import { errorHandlerPlugin } from './http/errorHandler.js';
import { organisationRoutes } from './organisations/routes.js';
import { userRoutes } from './users/routes.js';

export interface AppDeps {
  config: Config;
  db: Database;
  /** The clock; tests pin it. */
  now?: () => Date;
  passwordPolicy?: PasswordPolicy;
  logger?: FastifyServerOptions['logger'];
}

/** pino options: no secrets or personal data in any log line (SPEC §7, 个人信息保护法). */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.idNumber', '*.phone'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: scrubPersonalData(req.url), reqId: req.id }),
    },
  };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const now = deps.now ?? (() => new Date());
  const passwordPolicy = deps.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;

  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config.LOG_LEVEL),
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { allErrors: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // External plugins.
  await app.register(helmet, {
    // /docs serves swagger-ui's own scripts and styles.
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Tiaojie 调解 API', version: '0.1.0', description: 'Labour-dispute mediation case tracker (SPEC.md)' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // App plugins.
  await app.register(errorHandlerPlugin);
  await app.register(authPlugin, { db, secret: config.JWT_SECRET, expiresIn: config.JWT_EXPIRES_IN });

  // Routes.
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], summary: 'Readiness: the database answers' } }, async (_request, reply) => {
    try {
      await db.execute(sql`select 1`);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'database unavailable' });
    }
  });
  await app.register(authRoutes, { db, passwordPolicy });
  await app.register(organisationRoutes, { db });
  await app.register(userRoutes, { db, passwordPolicy });
  await app.register(caseRoutes, { db, now });
  await app.register(deadlineRoutes, { db, now });
  await app.register(calendarRoutes, { db, now });

  await app.ready();
  return app;
}
