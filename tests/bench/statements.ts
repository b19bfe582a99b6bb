/**
 * Lists the SQL statements our server runs for one request of each benchmark workload, with
 * counts, by running the app in-process over a postgres.js client whose `debug` hook sees every
 * statement (BEGIN and COMMIT included). Writes into the database (one filed case, accepted and
 * settled), so point it at a benchmark database:
 *
 *   npx tsx tests/bench/statements.ts --database-url postgres://postgres@127.0.0.1:5432/tiaojie_bench_20k [--json]
 *
 * The bare baseline's statements are listed in tests/bench/README.md.
 */
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import * as schema from '../../src/db/schema/index.js';
import { acceptBody, fileBody, LIST_FILTER, LIST_LIMIT, pickTargets, settleBody, BULK_PASSWORD, DEADLINE_LIMIT, type Query } from './lib/common.js';

export interface CapturedStatement {
  sql: string;
  count: number;
}

/** Collapses whitespace and long VALUES lists so statements of the same shape read as one. */
export function normaliseStatement(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\(\$\d+(, \$\d+)*\)(, \(\$\d+(, \$\d+)*\))+/g, (m) => `${m.slice(0, m.indexOf(')') + 1)}, …`)
    .replace(/\$\d+(, \$\d+){3,}/g, '$…')
    .trim();
}

async function main() {
  const { values } = parseArgs({
    options: { 'database-url': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  if (!url) throw new Error('--database-url (or DATABASE_URL) is required');

  let capture: string[] | null = null;
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    debug: (_conn: number, query: string) => {
      capture?.push(query);
    },
  });
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  const q: Query = async (text, params = []) => [...(await raw.unsafe(text, params as never[]))] as never;
  const db = drizzle(client, { schema }) as unknown as Database;
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    REMINDER_INTERVAL_SECONDS: '0',
    LOGIN_MAX_PER_ACCOUNT: '100000',
    LOGIN_MAX_PER_ADDRESS: '100000',
  });
  const app = await buildApp({ config, db, logger: false });

  try {
    const targets = await pickTargets(q, 1, 5, 5);
    const org = targets.orgs[0];
    const signIn = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password: BULK_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`sign-in as ${username}: ${res.statusCode} ${res.body}`);
      return { authorization: `Bearer ${res.json().token as string}` };
    };
    const staff = await signIn(org.username);
    const supervisor = await signIn(targets.supervisor);

    const run = async (name: string, req: () => Promise<{ statusCode: number; body: string }>, expected: number) => {
      // Once untraced, so one-time work (type look-ups, prepared statement descriptions) is not counted.
      await req();
      capture = [];
      const res = await req();
      const seen = capture;
      capture = null;
      if (res.statusCode !== expected) throw new Error(`${name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return { name, statements: seen };
    };

    const results: { name: string; statements: string[] }[] = [];
    let n = 900_000_000 + Math.floor(Math.random() * 1000) * 1000;
    const file = () => app.inject({ method: 'POST', url: '/cases', headers: staff, payload: fileBody(n++, org) });
    results.push(await run('file (POST /cases)', file, 201));

    // accept and settle: a fresh case each, filed untraced.
    const fresh = async () => {
      const res = await file();
      if (res.statusCode !== 201) throw new Error(`file: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    };
    const acceptCases = [await fresh(), await fresh()];
    let i = 0;
    results.push(
      await run('action accept (POST /cases/:id/actions)', () => app.inject({ method: 'POST', url: `/cases/${acceptCases[i++]}/actions`, headers: staff, payload: acceptBody(1) }), 200),
    );
    const settleCases = acceptCases;
    let j = 0;
    results.push(
      await run('action settle (POST /cases/:id/actions)', () => app.inject({ method: 'POST', url: `/cases/${settleCases[j]}/actions`, headers: staff, payload: settleBody(2, j++) }), 200),
    );
    results.push(await run('detail (GET /cases/:id)', () => app.inject({ method: 'GET', url: `/cases/${org.detailIds[0]}`, headers: staff }), 200));
    const cursor = org.cursors[0];
    if (!cursor) throw new Error(`organisation ${org.id} has no page of open cases`);
    results.push(await run('list (GET /cases?…&cursor=)', () => app.inject({ method: 'GET', url: `/cases?${LIST_FILTER}&limit=${LIST_LIMIT}&cursor=${cursor}`, headers: staff }), 200));
    results.push(await run('deadline board (GET /deadlines)', () => app.inject({ method: 'GET', url: `/deadlines?limit=${DEADLINE_LIMIT}`, headers: staff }), 200));
    results.push(
      await run(
        'statistics (GET /stats/closure)',
        () => app.inject({ method: 'GET', url: `/stats/closure?from=${targets.year}-01-01&to=${targets.year}-12-31&groupBy=org`, headers: supervisor }),
        200,
      ),
    );

    const out = results.map((r) => {
      const counts = new Map<string, number>();
      for (const s of r.statements.map(normaliseStatement)) counts.set(s, (counts.get(s) ?? 0) + 1);
      return { workload: r.name, total: r.statements.length, statements: [...counts].map(([sql, count]) => ({ sql, count })) };
    });
    if (values.json) console.log(JSON.stringify(out, null, 2));
    else {
      for (const w of out) {
        console.log(`\n## ${w.workload}: ${w.total} statements`);
        for (const s of w.statements) console.log(`${String(s.count).padStart(3)} × ${s.sql.length > 400 ? `${s.sql.slice(0, 400)} …` : s.sql}`);
      }
    }
  } finally {
    await app.close();
    await client.end({ timeout: 5 });
    await raw.end({ timeout: 5 });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
