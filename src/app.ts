import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './auth/passwords.js';
import { authPlugin } from './auth/plugin.js';
import { pgRateLimitStore } from './auth/rateLimitStore.js';
import { authRoutes } from './auth/routes.js';
import { calendarRoutes } from './calendar/routes.js';
import { caseRoutes } from './cases/routes.js';
import { linkRoutes } from './cases/linkRoutes.js';
import { httpServerOptions } from './ops/http.js';
import { notificationRoutes } from './notifications/routes.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { scrubPersonalData } from './domain/identity.js';
import { deadlineRoutes } from './deadlines/routes.js';
import { documentRoutes } from './documents/routes.js';
import { fileRoutes } from './files/routes.js';
import { workloadRoutes } from './workload/routes.js';
import { errorBody, errorHandlerPlugin, loggableError } from './http/errorHandler.js';
import { pagesPlugin, type PagesOptions } from './http/pages.js';
import { securityHeadersPlugin } from './http/securityHeaders.js';
import { serializerCompiler } from './http/serializer.js';
import { smsGatewayFor, type SmsGateway } from './sms/gateway.js';
import { textSender } from './sms/sender.js';
import { organisationRoutes } from './organisations/routes.js';
import { statsRoutes } from './stats/routes.js';
import { userRoutes } from './users/routes.js';

export interface AppDeps {
  config: Config;
  db: Database;
  /** The clock; tests pin it. */
  now?: () => Date;
  passwordPolicy?: PasswordPolicy;
  logger?: FastifyServerOptions['logger'];
  /** Where the built pages are (default: dist/web when it exists). */
  webRoot?: string;
  /** Compress answers for browsers that accept Brotli or gzip (default true; the page-load bench turns it off to compare). */
  compress?: boolean;
  /** How the pages are served (the page-load bench compares with and without the intake frame). */
  pages?: Omit<PagesOptions, 'root'>;
  /** The SMS gateway (SPEC §10); default: the one config.SMS_GATEWAY names, `log` writing to this app's log. */
  sms?: SmsGateway;
}

/** Fields and headers that hold a secret or personal data, wherever a logged object carries them. */
const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'passwordHash', 'token', 'secret', 'idNumber', 'phone', 'authorization', 'cookie'];

/**
 * pino options: no secrets or personal data in any log line (SPEC §7, 个人信息保护法). A request's
 * own lines carry only its method, its address with ID numbers and phones scrubbed out, its id
 * and its status (the serializers below). Anything else logged has every secret field and
 * credential header censored at its top or one level into it (`{ body: { password } }`,
 * `{ headers: { cookie } }`). pino checks a wildcard path against every key of every line and of
 * every request's logger, so the paths stop there: log no object that nests personal data deeper.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]), '["set-cookie"]', '*["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: scrubPersonalData(req.url), reqId: req.id }),
      err: (err: Error) => {
        const e = loggableError(err);
        return { ...e, stack: e.stack ?? '' };
      },
    },
  };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const now = deps.now ?? (() => new Date());
  const passwordPolicy = deps.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;

  const app = Fastify({
    // The HTTP server's limits: headers and request line at most 16 KiB, slow clients cut (src/ops/http.ts).
    ...httpServerOptions(config),
    logger: deps.logger ?? loggerOptions(config.LOG_LEVEL),
    bodyLimit: 1024 * 1024,
    trustProxy: config.TRUST_PROXY,
    // Every log line of a request carries its id under reqId, the id its error answer shows.
    genReqId: () => crypto.randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'reqId' }),
    // Errors Fastify raises before routing (a malformed URL, a too-long one) get the SPEC shape too.
    frameworkErrors: (err, request, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      (reply as unknown as FastifyReply).status(status).send(errorBody(status === 414 ? 'URI_TOO_LONG' : 'VALIDATION_FAILED', err.message, request.id, status === 400 ? [{ field: 'url', message: err.message }] : undefined));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // External plugins.
  await app.register(securityHeadersPlugin, {
    // /docs serves swagger-ui's own scripts and styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Centres often serve it over plain HTTP on their intranet; upgrading would break the pages there.
        upgradeInsecureRequests: null,
      },
    },
  });
  // Brotli or gzip for answers of 1 KB and more when the client asks for it; a client that does not
  // pays two hook calls and a header lookup (no difference measurable: tests/bench/README.md). The
  // built pages' files are compressed once at build (vite.config.ts) and sent as they are. Request
  // bodies are not decompressed: no client of ours sends them so.
  if (deps.compress ?? true) await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024, globalDecompression: false });
  // Throttling only where a route asks for it (sign-in), with counters in the database.
  await app.register(rateLimit, { global: false, store: pgRateLimitStore(db) as never, skipOnError: false });
  // Uploads (SPEC §9): parts are streamed to the route, which writes the file to disk as it comes.
  // One file and a few short fields; a larger file is cut off and refused.
  await app.register(multipart, { limits: { fileSize: config.FILE_MAX_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 2000, fieldNameSize: 50, headerPairs: 50 } });
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
  await app.register(authPlugin, { db, secret: config.JWT_SECRET, expiresIn: config.JWT_EXPIRES_IN, secureCookies: config.NODE_ENV === 'production' });

  // Routes.
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], summary: 'Readiness: the database answers' } }, async (_request, reply) => {
    try {
      await db.execute(sql`select 1`);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send(errorBody('UNAVAILABLE', 'the database does not answer', _request.id));
    }
  });
  // Texts a request queued go out as soon as it commits; the app waits for them before it closes.
  const texts = textSender(db, deps.sms ?? smsGatewayFor(config, app.log.child({ component: 'sms' })), now, app.log);
  app.addHook('onClose', () => texts.settled());
  await app.register(authRoutes, {
    db,
    passwordPolicy,
    loginLimits: { perAccount: config.LOGIN_MAX_PER_ACCOUNT, perAddress: config.LOGIN_MAX_PER_ADDRESS, windowMs: config.LOGIN_WINDOW_SECONDS * 1000 },
    now,
    otpKey: config.OTP_HASH_KEY,
    phoneVerification: config.PHONE_VERIFICATION,
    otpMaxPerAddress: config.OTP_MAX_PER_ADDRESS,
    texts,
  });
  await app.register(organisationRoutes, { db });
  await app.register(userRoutes, { db, passwordPolicy });
  const caseDeps = {
    db,
    now,
    searchKey: { secret: config.SEARCH_HASH_KEY },
    publicBaseUrl: config.PUBLIC_BASE_URL,
    otpKey: config.OTP_HASH_KEY,
    phoneVerification: config.PHONE_VERIFICATION,
    sendTexts: () => texts.send(),
  };
  await app.register(caseRoutes, caseDeps);
  await app.register(linkRoutes, { ...caseDeps, passwordPolicy });
  await app.register(notificationRoutes, { db, now });
  await app.register(fileRoutes, { db, now, maxBytes: config.FILE_MAX_BYTES });
  await app.register(documentRoutes, { db, now, publicBaseUrl: config.PUBLIC_BASE_URL });
  await app.register(deadlineRoutes, { db, now });
  await app.register(workloadRoutes, { db, now });
  await app.register(calendarRoutes, { db, now });
  await app.register(statsRoutes, { db, now });
  await app.register(pagesPlugin, { ...deps.pages, root: deps.webRoot });

  await app.ready();
  return app;
}
