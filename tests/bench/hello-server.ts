/**
 * The HTTP ceiling of `npm run bench`: Fastify answering a constant JSON object, no database.
 *
 *   PORT=3100 node --import tsx tests/bench/hello-server.ts
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT ?? 3100), host: '127.0.0.1' });
// Started by run.ts: end with it, even when it is killed outright (it is then no longer our parent).
const parent = process.ppid;
setInterval(() => process.ppid !== parent && process.exit(0), 1000).unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    app.close().finally(() => process.exit(0));
  });
}
