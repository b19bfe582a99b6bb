/**
 * Bulk data for benchmarks: `npm run seed:bulk -- --cases 1000000 [--seed 1] [--reset]
 * [--database-url URL] [--batch-size N] [--now ISO] [--trace] [--omit events,clocks]`. Without a URL (flag or DATABASE_URL) it
 * fills PGlite at PGLITE_DIR (default ./data/pglite). Runs the migrations first; prints the time
 * of each phase and the rows of each table.
 *
 * Accounts, all with the password BULK_PASSWORD: staff `bulk.<intake code>.<n>` (e.g.
 * `bulk.9a2f23.1`), supervisors `bulk.sup.<region>` for each province (`bulk.sup.45`) and city
 * (`bulk.sup.4510`) and `bulk.sup.cn` for the whole country, the administrator `bulk.admin`, and
 * one worker per online filing (username = phone number).
 *
 * Phones and ID numbers are hashed for search with the key of the environment (SEARCH_HASH_KEY,
 * or the one derived from JWT_SECRET in development): start the server with the same one.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { hashPassword } from '../src/auth/passwords.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { generateBulk, type BulkOptions, type BulkReport } from './bulk/generate.js';

export { generateBulk, type BulkOptions, type BulkReport } from './bulk/generate.js';

export const BULK_PASSWORD = 'bulk12345';

async function main() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string' },
      reset: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
      now: { type: 'string' },
      trace: { type: 'boolean', default: false },
      omit: { type: 'string' },
    },
  });
  const cases = Number(values.cases);
  const seed = Number(values.seed);
  if (!Number.isInteger(cases) || cases < 0) throw new Error('--cases must be a whole number');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  const pgliteDir = process.env.PGLITE_DIR ?? './data/pglite';
  const handle = openDatabase(url ? { url, poolSize: 2 } : { pgliteDir });
  console.log(`seed:bulk → ${url ? url.replace(/\/\/[^@]*@/, '//…@') : `PGlite ${pgliteDir}`}: ${cases} cases, seed ${seed}${values.reset ? ', reset' : ''}`);
  try {
    const opts: BulkOptions = {
      cases,
      seed,
      reset: values.reset,
      passwordHash: await hashPassword(BULK_PASSWORD),
      // The key the server started with the same environment will have (SEARCH_HASH_KEY, or the one
      // derived from JWT_SECRET in development), so that its search finds these phones and ID numbers.
      searchKey: { secret: loadConfig(process.env).SEARCH_HASH_KEY },
      log: (line) => console.log(line),
      traceSteps: values.trace,
    };
    if (values['batch-size']) opts.batchSize = Number(values['batch-size']);
    if (values.omit) {
      const omit = values.omit.split(',');
      if (omit.some((t) => t !== 'events' && t !== 'clocks')) throw new Error('--omit takes events and/or clocks');
      opts.omit = omit as BulkOptions['omit'];
    }
    if (values.now) opts.now = new Date(values.now);
    printReport(await generateBulk(handle, opts));
  } finally {
    await handle.close();
  }
}

function printReport(r: BulkReport) {
  console.log('\nphase                 seconds');
  for (const p of r.phases) console.log(`${p.phase.padEnd(20)} ${(p.ms / 1000).toFixed(1).padStart(8)}`);
  console.log(`${'total'.padEnd(20)} ${(r.totalMs / 1000).toFixed(1).padStart(8)}`);
  console.log('\ntable                   rows');
  for (const [t, n] of Object.entries(r.counts)) console.log(`${t.padEnd(18)} ${String(n).padStart(11)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
