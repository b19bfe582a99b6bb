import { createHmac } from 'node:crypto';
import { z } from 'zod';

const DEV_SECRET = 'tiaojie-development-secret-change-me';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.string().url().optional(),
    PGLITE_DIR: z.string().default('./data/pglite'),
    /** Connections each process keeps to PostgreSQL (postgres.js pipelines further queries onto busy ones). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    JWT_SECRET: z.string().min(16).default(DEV_SECRET),
    /** The key of the hashes by which a search finds a worker's phone or ID number (src/cases/searchHash.ts). */
    SEARCH_HASH_KEY: z.string().min(32).optional(),
    JWT_EXPIRES_IN: z.string().default('12h'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ADMIN_USERNAME: z.string().min(1).default('admin'),
    ADMIN_PASSWORD: z.string().min(1).default('admin'),
    SEED_DEMO: boolish.default(true),
    /** Behind a load balancer: take the client address from X-Forwarded-For (for sign-in throttling and logs). */
    TRUST_PROXY: boolish.default(false),
    /** How often each process sweeps for due reminders; 0 turns the sweep off. */
    REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
    NOTIFIER: z.enum(['log', 'webhook']).default('log'),
    /** Sign-in attempts allowed per account, and per client address, in each window. */
    LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    LOGIN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    NOTIFIER_WEBHOOK_URL: z.string().url().optional(),
    /** Where texts to people go (SPEC §10): the log (phone masked) or a webhook receiving { to, text, purpose, idempotencyKey }. */
    SMS_GATEWAY: z.enum(['log', 'webhook']).default('log'),
    SMS_WEBHOOK_URL: z.string().url().optional(),
    /** Whether registration needs a phone code (SPEC §10); default `required` in production, `off` elsewhere. */
    PHONE_VERIFICATION: z.enum(['required', 'off']).optional(),
    /** Phone codes one client address may ask for in an hour (each phone has its own limits besides). */
    OTP_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
    /** Where the public reaches this server (e.g. https://tiaojie.example.gov.cn): the QR code on a document then holds a whole address. */
    PUBLIC_BASE_URL: z.string().url().optional(),
    /** The largest file an upload may carry (SPEC §9), in bytes. */
    FILE_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(20 * 1024 * 1024),
    /** Slow clients are cut (src/ops/http.ts): the request line and headers must have arrived within this many ms, */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
    /** the whole request, body included, within this (an upload of FILE_MAX_BYTES over a slow line included), */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(300_000),
    /** and a connection that sends and receives nothing for this long is closed. */
    HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(90_000),
  })
  .superRefine((c, ctx) => {
    if (c.HTTP_HEADERS_TIMEOUT_MS > c.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['HTTP_HEADERS_TIMEOUT_MS'], message: 'must not be longer than HTTP_REQUEST_TIMEOUT_MS' });
    }
    if (c.NOTIFIER === 'webhook' && !c.NOTIFIER_WEBHOOK_URL) {
      ctx.addIssue({ code: 'custom', path: ['NOTIFIER_WEBHOOK_URL'], message: 'is required with NOTIFIER=webhook' });
    }
    if (c.SMS_GATEWAY === 'webhook' && !c.SMS_WEBHOOK_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMS_WEBHOOK_URL'], message: 'is required with SMS_GATEWAY=webhook' });
    }
    if (c.NODE_ENV !== 'production') return;
    if (c.JWT_SECRET === DEV_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'JWT_SECRET must be set in production' });
    }
    if (!c.SEARCH_HASH_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SEARCH_HASH_KEY'], message: 'SEARCH_HASH_KEY must be set in production' });
    }
    if (c.ADMIN_PASSWORD === 'admin') {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'the default administrator password is refused in production' });
    }
  })
  .transform((c) => ({
    ...c,
    // Development and tests: a key of its own derived from JWT_SECRET, so that the two never coincide.
    SEARCH_HASH_KEY: c.SEARCH_HASH_KEY ?? createHmac('sha256', c.JWT_SECRET).update('tiaojie search hash key').digest('hex'),
    // Phone codes live five minutes, so their key may follow JWT_SECRET everywhere: changing the
    // secret only voids the codes sent in the last five minutes.
    OTP_HASH_KEY: createHmac('sha256', c.JWT_SECRET).update('tiaojie phone code key').digest('hex'),
    PHONE_VERIFICATION: c.PHONE_VERIFICATION ?? (c.NODE_ENV === 'production' ? 'required' : 'off'),
  }));

export type Config = z.infer<typeof schema>;

/** Parses an environment once; only server.ts passes process.env here. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return result.data;
}

/** A configuration for tests and tools: development defaults plus overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Test files sign in many users (and ask for many codes) from one address; the throttling tests set their own limits.
  return {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', LOGIN_MAX_PER_ACCOUNT: '100000', LOGIN_MAX_PER_ADDRESS: '100000', OTP_MAX_PER_ADDRESS: '100000' }),
    ...overrides,
  };
}
