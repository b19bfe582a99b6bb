import pino from 'pino';
import { DEFAULT_PASSWORD_POLICY } from './auth/passwords.js';
import { buildApp, loggerOptions } from './app.js';
import { ensureAdmin, hasNoOrganisations } from './bootstrap.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { syncOfficialCalendars } from './calendar/service.js';
import { backfillSearchHashes } from './cases/searchWrites.js';
import { refreshClockWording } from './clocks/wording.js';
import { LogNotifier, WebhookNotifier } from './reminders/notifiers.js';
import { startReminderLoop } from './reminders/service.js';
import { smsGatewayFor } from './sms/gateway.js';

const started = performance.now();
const config = loadConfig(process.env);
// Start-up says what it is doing, in the same JSON lines as the server's log.
const rootLog = pino(loggerOptions(config.LOG_LEVEL) as pino.LoggerOptions);
const log = rootLog.child({ component: 'startup' });
/** Runs one step of start-up between two log lines, the second with how long it took. */
async function step<T>(doing: string, done: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  log.info(doing);
  const result = await fn();
  log.info({ ms: Math.round(performance.now() - t) }, done);
  return result;
}

const handle = openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: config.DATABASE_POOL_SIZE });
log.info({ database: handle.driver, ...(handle.driver === 'pglite' ? { dir: config.PGLITE_DIR } : {}) }, 'opening the database');

log.info('taking the start-up lock (it waits while another process starts on the same database)');
await handle.withStartupLock(async () => {
  await step('migrating the database', 'database migrated', () => runMigrations(handle));
  await step('loading the official holiday calendars', 'holiday calendars loaded', () => syncOfficialCalendars(handle.db));
  await ensureAdmin(handle.db, { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD, policy: DEFAULT_PASSWORD_POLICY });
  // Demo data goes into a database that has no organisations yet (SPEC §8: an empty database).
  if (!config.SEED_DEMO) log.info('demo data off (SEED_DEMO=false)');
  else if (!(await hasNoOrganisations(handle.db))) log.info('demo data: the database already has organisations, nothing to seed');
  else {
    // The demo seed is a large module with its own fixtures: a start without demo data never loads it.
    const { seedDemo } = await import('../seeds/demo.js');
    // One line per tenth of the cases, so a first start of half a minute is never silent.
    let shown = -1;
    await step('seeding the demo data (first start on an empty database)', 'demo data seeded', () =>
      seedDemo(handle.db, {
        onProgress: (done, total) => {
          const tenth = Math.floor((done * 10) / total);
          if (done > 0 && tenth === shown) return;
          shown = tenth;
          log.info({ done, total }, `seeding the demo data: ${done}/${total} cases`);
        },
      }),
    );
  }
});

// Cases recorded before search, or without the key (the demo data), get the keyed hashes of their
// phones and ID numbers before the server answers, so that a search by phone misses none. Outside
// the start-up lock: several processes share the work (each batch takes rows no other holds).
await step('hashing phones and ID numbers for search', 'phones and ID numbers hashed for search', async () => {
  let shown = 0;
  const done = await backfillSearchHashes(handle.db, { secret: config.SEARCH_HASH_KEY }, {
    onBatch: (n) => {
      if (n - shown < 100_000) return;
      shown = n;
      log.info({ cases: n }, `hashing phones and ID numbers for search: ${n} cases`);
    },
  });
  log.info({ cases: done }, done ? `hashed the phones and ID numbers of ${done} cases` : 'no case was waiting to be hashed');
});

// The one SMS gateway (SPEC §10): phone codes go out through it at once, everything else by the sweep.
const sms = smsGatewayFor(config, rootLog.child({ component: 'sms' }));
if (config.SMS_GATEWAY === 'log' && config.NODE_ENV === 'production') {
  log.warn('SMS_GATEWAY=log: text messages, phone codes included, are written to the log and reach no phone; set SMS_GATEWAY=webhook and SMS_WEBHOOK_URL');
}
if (config.REMINDER_INTERVAL_SECONDS === 0) log.warn('REMINDER_INTERVAL_SECONDS=0: no sweep, so text messages that failed are never sent again');

log.info('starting the HTTP server');
const app = await buildApp({ config, db: handle.db, logger: loggerOptions(config.LOG_LEVEL), sms });
await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(
  { database: handle.driver, readyMs: Math.round(performance.now() - started) },
  `Tiaojie ready on http://${config.HOST}:${config.PORT} (docs at /docs)`,
);

const notifier =
  config.NOTIFIER === 'webhook' ? new WebhookNotifier(config.NOTIFIER_WEBHOOK_URL!) : new LogNotifier(app.log.child({ component: 'reminders' }));
const stopReminders =
  config.REMINDER_INTERVAL_SECONDS > 0
    ? startReminderLoop({
        db: handle.db,
        notifier,
        sms,
        intervalMs: config.REMINDER_INTERVAL_SECONDS * 1000,
        now: () => new Date(),
        onError: (err) => app.log.error({ err }, 'reminder sweep failed'),
      })
    : async () => {};

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stopReminders()
      .then(() => app.close())
      .then(() => handle.close())
      .then(() => process.exit(0))
      .catch((err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  });
}

// Clock explanations stored by an earlier version are rewritten in the current wording. Finding
// out whether any are left is a scan of every clock, so it runs while the server serves: each
// rewrite applies only if the explanation is still the one it read (src/clocks/wording.ts).
void refreshClockWording(handle.db).then(
  ({ clocks }) => {
    if (clocks > 0) app.log.info({ clocks }, 'rewrote clock explanations in the current wording');
  },
  (err) => {
    if (!closing) app.log.error({ err }, 'rewording stored clock explanations failed');
  },
);
