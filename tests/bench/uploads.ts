/**
 * Uploads under load (issue "The case file"): N concurrent uploads of SIZE_MB each to one server
 * process, then the same files downloaded concurrently. Prints the wall time, throughput, the
 * per-request p50/p95 and the server's peak resident memory (sampled, and the kernel's high-water
 * mark), against the server's memory at rest.
 *
 *   npx tsx tests/bench/uploads.ts                 # PostgreSQL at 127.0.0.1:5432 (a database of its own)
 *   npx tsx tests/bench/uploads.ts --pglite        # the embedded database, in a temporary directory
 *   UPLOADS=20 SIZE_MB=10 ROUNDS=3 npx tsx tests/bench/uploads.ts
 *
 * Each file is different random bytes behind a PDF header, so the store keeps every one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { validCreditCode, validIdNumber } from '../support/ids.js';
import { installCleanup, memoryOf, RssSampler, runCommand, startServer } from './lib/procs.js';

const UPLOADS = Number(process.env.UPLOADS ?? 20);
const SIZE_MB = Number(process.env.SIZE_MB ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PGLITE = process.argv.includes('--pglite');
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'tiaojie_bench_uploads';
const ROOT = join(import.meta.dirname, '../..');

installCleanup();

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const median = (xs: number[]) => pct(xs, 50);

async function main() {
  await runCommand('npm', ['run', '--silent', 'build'], process.env, ROOT);
  let databaseUrl: string | undefined;
  let pgliteDir: string | undefined;
  if (PGLITE) {
    pgliteDir = mkdtempSync(join(tmpdir(), 'tiaojie-bench-uploads-'));
  } else {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${DB_NAME}`);
    await admin.unsafe(`create database ${DB_NAME}`);
    await admin.end();
    const u = new URL(ADMIN_URL);
    u.pathname = `/${DB_NAME}`;
    databaseUrl = u.toString();
  }
  const server = await startServer({
    name: 'tiaojie',
    // The node flags `npm start` uses (package.json config), on the compiled server (`npm run build`,
    // as the Dockerfile runs it): tsx's in-process compiler would add its own memory to the figure.
    args: ['--max-old-space-size=192', '--heap-growing-percent=100', join(ROOT, 'dist/src/server.js')],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      // As `npm start` and the Dockerfile run it (override with MALLOC_ARENA_MAX= to compare).
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
      JWT_SECRET: 'bench-secret-bench-secret-bench',
      SEARCH_HASH_KEY: randomBytes(32).toString('hex'),
      ADMIN_PASSWORD: 'bench-admin-password',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      REMINDER_INTERVAL_SECONDS: '0',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: pgliteDir }),
    },
    logPath: join(tmpdir(), 'tiaojie-bench-uploads.log'),
  });
  const base = `http://127.0.0.1:${server.port}`;
  const json = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  const admin = (await json('POST', '/auth/login', null, { username: 'admin', password: 'bench-admin-password' })).token;
  const org = await json('POST', '/organizations', admin, { name: '基准测试调解中心', kind: 'union', regionCode: '451023' });
  await json('POST', '/users', admin, { username: 'bench_med', password: 'bench-password-1', role: 'mediator', name: '基准调解员', orgId: org.id });
  const token = (await json('POST', '/auth/login', null, { username: 'bench_med', password: 'bench-password-1' })).token;
  const filed = await json('POST', '/cases', token, {
    orgId: org.id,
    categories: ['wages'],
    summary: '基准测试',
    incidentDate: '2025-01-10',
    applicants: [{ name: '李四', idNumber: validIdNumber(), phone: '13812345678', claims: [{ category: 'wages', description: '工资', amountFen: 100 }] }],
    respondent: { name: '某公司', creditCode: validCreditCode() },
  });

  const bytes = SIZE_MB * 1024 * 1024;
  const rest = memoryOf(server.pid)!;
  console.log(`${PGLITE ? 'PGlite' : 'PostgreSQL'}: ${UPLOADS} concurrent uploads of ${SIZE_MB} MB, ${ROUNDS} rounds; server at rest ${(rest.rssKb / 1024).toFixed(0)} MB RSS`);
  const up: { wall: number; mbps: number; p50: number; p95: number; peak: number }[] = [];
  const down: { wall: number; mbps: number; p50: number; p95: number; peak: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const files = Array.from({ length: UPLOADS }, () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(bytes - 9)]));
    const sampler = new RssSampler(server.pid, 20).start();
    const t0 = performance.now();
    const times: number[] = [];
    const ids = await Promise.all(
      files.map(async (file, i) => {
        const form = new FormData();
        form.append('kind', 'evidence');
        form.append('file', new Blob([file], { type: 'application/pdf' }), `证据${round}-${i}.pdf`);
        const s = performance.now();
        const res = await fetch(`${base}/cases/${filed.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
        const body = await res.json();
        times.push(performance.now() - s);
        if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
        return body.id as string;
      }),
    );
    const wall = performance.now() - t0;
    up.push({ wall, mbps: (UPLOADS * SIZE_MB) / (wall / 1000), p50: median(times), p95: pct(times, 95), peak: sampler.stop() / 1024 });

    const dsampler = new RssSampler(server.pid, 20).start();
    const d0 = performance.now();
    const dtimes: number[] = [];
    await Promise.all(
      ids.map(async (id, i) => {
        const s = performance.now();
        const res = await fetch(`${base}/cases/${filed.id}/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
        const got = Buffer.from(await res.arrayBuffer());
        dtimes.push(performance.now() - s);
        if (res.status !== 200 || !got.equals(files[i])) throw new Error(`download ${id}: ${res.status}, ${got.length} bytes`);
      }),
    );
    const dwall = performance.now() - d0;
    down.push({ wall: dwall, mbps: (UPLOADS * SIZE_MB) / (dwall / 1000), p50: median(dtimes), p95: pct(dtimes, 95), peak: dsampler.stop() / 1024 });
    console.log(
      `round ${round}: upload ${(wall / 1000).toFixed(2)} s (${up.at(-1)!.mbps.toFixed(1)} MB/s, p50 ${(up.at(-1)!.p50 / 1000).toFixed(2)} s, p95 ${(up.at(-1)!.p95 / 1000).toFixed(2)} s, peak RSS ${up.at(-1)!.peak.toFixed(0)} MB); ` +
        `download ${(dwall / 1000).toFixed(2)} s (${down.at(-1)!.mbps.toFixed(1)} MB/s, peak RSS ${down.at(-1)!.peak.toFixed(0)} MB)`,
    );
  }
  const hwm = memoryOf(server.pid)!.hwmKb / 1024;
  const m = (xs: { [k: string]: number }[], k: string) => median(xs.map((x) => x[k]));
  console.log(`\nmedian of ${ROUNDS} rounds:`);
  console.log(`  upload:   ${m(up, 'mbps').toFixed(1)} MB/s, per upload p50 ${(m(up, 'p50') / 1000).toFixed(2)} s p95 ${(m(up, 'p95') / 1000).toFixed(2)} s, peak RSS ${m(up, 'peak').toFixed(0)} MB`);
  console.log(`  download: ${m(down, 'mbps').toFixed(1)} MB/s, per download p50 ${(m(down, 'p50') / 1000).toFixed(2)} s p95 ${(m(down, 'p95') / 1000).toFixed(2)} s, peak RSS ${m(down, 'peak').toFixed(0)} MB`);
  console.log(`  server RSS at rest ${(rest.rssKb / 1024).toFixed(0)} MB; high-water mark over the whole run ${hwm.toFixed(0)} MB (limit in the issue: 300 MB)`);
  await server.stop();
  if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  else {
    const admin2 = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin2.unsafe(`drop database if exists ${DB_NAME}`);
    await admin2.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
