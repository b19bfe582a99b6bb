import { DEFAULT_PASSWORD_POLICY } from './auth/passwords.js';
import { buildApp, loggerOptions } from './app.js';
import { ensureAdmin } from './bootstrap.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { seedDemo } from '../seeds/demo.js';

const started = performance.now();
const config = loadConfig(process.env);
const handle = openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });

await handle.withStartupLock(async () => {
  await runMigrations(handle);
  const empty = await ensureAdmin(handle.db, { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD, policy: DEFAULT_PASSWORD_POLICY });
  if (empty && config.SEED_DEMO) await seedDemo(handle.db);
});

const app = await buildApp({ config, db: handle.db, logger: loggerOptions(config.LOG_LEVEL) });
await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(
  { database: handle.driver, readyMs: Math.round(performance.now() - started) },
  `Tiaojie ready on http://${config.HOST}:${config.PORT} (docs at /docs)`,
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app
      .close()
      .then(() => handle.close())
      .then(() => process.exit(0))
      .catch((err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  });
}
