import './heapTuning.js';
import { DEFAULT_PASSWORD_POLICY } from './auth/passwords.js';
import { buildApp, loggerOptions } from './app.js';
import { ensureAdmin, hasNoOrganisations } from './bootstrap.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { seedDemo } from '../seeds/demo.js';
import { syncOfficialCalendars } from './calendar/service.js';
import { LogNotifier, WebhookNotifier } from './reminders/notifiers.js';
import { startReminderLoop } from './reminders/service.js';

const started = performance.now();
const config = loadConfig(process.env);
const handle = openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: config.DATABASE_POOL_SIZE });

await handle.withStartupLock(async () => {
  await runMigrations(handle);
  await syncOfficialCalendars(handle.db);
  await ensureAdmin(handle.db, { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD, policy: DEFAULT_PASSWORD_POLICY });
  // Demo data goes into a database that has no organisations yet (SPEC §8: an empty database).
  if (config.SEED_DEMO && (await hasNoOrganisations(handle.db))) await seedDemo(handle.db);
});

const app = await buildApp({ config, db: handle.db, logger: loggerOptions(config.LOG_LEVEL) });
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
