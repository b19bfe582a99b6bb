/**
 * What durability costs PGlite per commit, apart from HTTP and the app: single-row commits on a
 * directory opened as PGlite opens it by default (fsync off, no fsync reaching the disk) and as
 * openDatabase opens it (src/db/client.ts), alternating, in rounds; prints each round and the
 * medians. Complements `npm run bench` (tests/bench/README.md, "PGlite durability").
 *
 *   npx tsx tests/ops/pglite-commit-cost.ts [--commits 500] [--rounds 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../src/db/client.js';

const { values } = parseArgs({ options: { commits: { type: 'string', default: '500' }, rounds: { type: 'string', default: '5' } } });
const commits = Number(values.commits);
const rounds = Number(values.rounds);
const temp = mkdtempSync(join(tmpdir(), 'tiaojie-commit-cost-'));

async function measure(kind: 'default' | 'durable', dir: string): Promise<number> {
  let pg: PGlite;
  let close: () => Promise<void>;
  if (kind === 'default') {
    pg = new PGlite(dir);
    await pg.waitReady;
    close = () => pg.close();
  } else {
    const handle = openDatabase({ pgliteDir: dir });
    await handle.withStartupLock(async () => {});
    pg = handle.db.$client as PGlite;
    close = () => handle.close();
  }
  await pg.query('create table if not exists t (id serial primary key, note text not null)');
  const t0 = performance.now();
  for (let i = 0; i < commits; i++) await pg.query('insert into t (note) values ($1)', [`第${i}条`]);
  const perSecond = commits / ((performance.now() - t0) / 1000);
  await close();
  return perSecond;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = { default: [] as number[], durable: [] as number[] };
try {
  for (let r = 1; r <= rounds; r++) {
    for (const kind of r % 2 ? (['default', 'durable'] as const) : (['durable', 'default'] as const)) {
      const perSecond = await measure(kind, join(temp, kind));
      result[kind].push(perSecond);
      console.log(`round ${r} ${kind.padEnd(8)} ${perSecond.toFixed(0).padStart(6)} commits/s`);
    }
  }
  const d = median(result.default);
  const s = median(result.durable);
  console.log(`median over ${rounds} rounds of ${commits} commits: default ${d.toFixed(0)}/s (${(1000 / d).toFixed(2)} ms each), durable ${s.toFixed(0)}/s (${(1000 / s).toFixed(2)} ms each); durable/default ${(s / d).toFixed(2)}`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
