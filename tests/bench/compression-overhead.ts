/**
 * What registering compression costs a client that does not ask for it, and what compressing
 * costs a browser's request: the same server with and without @fastify/compress, on one
 * in-memory database with the demo data, loaded by autocannon in turns.
 *
 *   npx tsx tests/bench/compression-overhead.ts [--duration 8] [--rounds 3] [--connections 8]
 *                                               [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * With --database-url the data go into a new database on that server (dropped at the end), where
 * the case detail is not limited by PGlite's one connection; without, into PGlite in memory.
 *
 * The two servers run in a child process (this script with --serve); autocannon runs here, so the
 * load generator does not share the servers' event loop. Workloads: GET /healthz (the framework
 * alone: where a hook's cost shows most), GET /cases/:id of a demo case as its mediator (the
 * hottest read, 3 to 4 KB of JSON) without Accept-Encoding, and the same with
 * `Accept-Encoding: gzip, deflate, br` as a browser sends it (compressed only where compression is on).
 * Prints requests per second and mean latency, median over the rounds, servers alternating.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { buildApp } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { syncOfficialCalendars } from '../../src/calendar/service.js';
import { testConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { DEMO_PASSWORD, seedDemo } from '../../seeds/demo.js';
import { TEST_PASSWORD_POLICY } from '../support/app.js';

const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '8' },
    'database-url': { type: 'string' },
  },
});

interface Ready {
  ports: Record<'plain' | 'compressed', number>;
  token: string;
  caseId: string;
}

async function serve() {
  const handle = args['database-url'] ? openDatabase({ url: args['database-url'], poolSize: 10 }) : openDatabase({ pgliteDir: 'memory://' });
  await runMigrations(handle);
  await syncOfficialCalendars(handle.db);
  await ensureAdmin(handle.db, { username: 'admin', password: 'admin-password-1', policy: TEST_PASSWORD_POLICY });
  await seedDemo(handle.db, { passwordPolicy: TEST_PASSWORD_POLICY });
  const ports = {} as Ready['ports'];
  for (const [name, compress] of [['plain', false], ['compressed', true]] as const) {
    const app = await buildApp({ config: testConfig(), db: handle.db, logger: false, passwordPolicy: TEST_PASSWORD_POLICY, compress });
    await app.listen({ port: 0, host: '127.0.0.1' });
    ports[name] = (app.server.address() as { port: number }).port;
  }
  const base = `http://127.0.0.1:${ports.plain}`;
  const { token } = (await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'mediator.union', password: DEMO_PASSWORD }) })).json()) as { token: string };
  const list = (await (await fetch(`${base}/cases?limit=1&status=open`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: string }[] };
  process.send!({ ports, token, caseId: list.items[0].id } satisfies Ready);
  // Ends with its parent.
  process.on('disconnect', () => process.exit(0));
}

function load(port: number, path: string, headers: Record<string, string>): Promise<{ rps: number; latency: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `http://127.0.0.1:${port}`, connections: Number(args.connections), duration: Number(args.duration), requests: [{ method: 'GET', path, headers }] },
      (err, r) => (err ? reject(err) : resolve({ rps: r.requests.average, latency: r.latency.average, bytes: r.throughput.average / Math.max(1, r.requests.average) })),
    );
  });
}

async function main() {
  let scratch: { admin: string; name: string } | null = null;
  const serveArgs = ['--serve'];
  if (args['database-url']) {
    const name = `tiaojie_compress_${randomBytes(4).toString('hex')}`;
    const sql = postgres(args['database-url'], { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database ${name}`);
    await sql.end();
    const url = new URL(args['database-url']);
    url.pathname = `/${name}`;
    scratch = { admin: args['database-url'], name };
    serveArgs.push('--database-url', url.toString());
  }
  const child: ChildProcess = fork(new URL(import.meta.url).pathname, serveArgs, { stdio: 'inherit', execArgv: process.execArgv });
  const [ready] = (await once(child, 'message')) as [Ready];
  const auth = { authorization: `Bearer ${ready.token}` };
  const workloads = [
    { name: 'GET /healthz', path: '/healthz', headers: {} },
    { name: 'GET /cases/:id', path: `/cases/${ready.caseId}`, headers: auth },
    { name: 'GET /cases/:id, br accepted', path: `/cases/${ready.caseId}`, headers: { ...auth, 'accept-encoding': 'gzip, deflate, br' } },
  ];
  const results = new Map<string, { rps: number; latency: number; bytes: number }[]>();
  try {
    for (const w of workloads) {
      // Warm both servers up, uncounted.
      for (const s of ['plain', 'compressed'] as const) await new Promise((r) => autocannon({ url: `http://127.0.0.1:${ready.ports[s]}`, connections: 4, duration: 2, requests: [{ method: 'GET', path: w.path, headers: w.headers }] }, r));
      for (let round = 0; round < Number(args.rounds); round++) {
        const order = round % 2 ? (['compressed', 'plain'] as const) : (['plain', 'compressed'] as const);
        for (const s of order) {
          const r = await load(ready.ports[s], w.path, w.headers);
          const key = `${w.name}\t${s}`;
          results.set(key, [...(results.get(key) ?? []), r]);
          console.log(`  ${w.name.padEnd(28)} ${s.padEnd(10)} ${r.rps.toFixed(0)} req/s, ${r.latency.toFixed(2)} ms, ${r.bytes.toFixed(0)} B/answer`);
        }
      }
    }
  } finally {
    child.disconnect();
    if (scratch) {
      await once(child, 'exit');
      const sql = postgres(scratch.admin, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists ${scratch.name}`);
      await sql.end();
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\nmedian of ${args.rounds} rounds of ${args.duration} s, ${args.connections} connections`);
  console.log('| workload | without compression | with compression | with/without |');
  console.log('|---|---|---|---|');
  for (const w of workloads) {
    const plain = results.get(`${w.name}\tplain`)!;
    const comp = results.get(`${w.name}\tcompressed`)!;
    const p = median(plain.map((r) => r.rps));
    const c = median(comp.map((r) => r.rps));
    const bytes = (xs: typeof plain) => median(xs.map((r) => r.bytes)).toFixed(0);
    console.log(`| ${w.name} | ${p.toFixed(0)} req/s (${bytes(plain)} B) | ${c.toFixed(0)} req/s (${bytes(comp)} B) | ${(c / p).toFixed(3)} |`);
  }
}

if (args.serve) await serve();
else await main();
