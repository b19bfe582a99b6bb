/**
 * Summarises a V8 CPU profile of a benchmark server (`BENCH_SERVER_FLAGS="… --cpu-prof
 * --cpu-prof-dir=DIR"`, or `BENCH_BASELINE_FLAGS` for the baselines): busy time by kind of work
 * (send syscalls, GC, driver, Fastify, serialization, zod, our code, …) and the functions with the
 * most self time, optionally per request. Comparing ours with the bare server's from the same
 * run shows where the difference is, which a single profile cannot.
 *
 *   npx tsx tests/bench/profile-summary.ts DIR/CPU.….cpuprofile [--requests N] [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { requests: { type: 'string' }, top: { type: 'string', default: '25' } } });
if (positionals.length !== 1) {
  console.error('usage: npx tsx tests/bench/profile-summary.ts FILE.cpuprofile [--requests N] [--top 25]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as Profile;
const requests = values.requests ? Number(values.requests) : 0;
const top = Number(values.top);

const SYSCALLS = new Set(['writeBuffer', 'writev', 'writeUtf8String', 'writeLatin1String']);
/** What kind of work a function's self time is. */
function kindOf({ functionName: f, url: u }: ProfileNode['callFrame']): string {
  if (f === '(idle)') return 'idle';
  if (f === '(garbage collector)') return 'garbage collection';
  if (SYSCALLS.has(f)) return 'socket sends (syscalls)';
  if (u.includes('/postgres/')) return 'postgres.js';
  if (u.includes('fast-json-stringify') || (u === '' && /^anonymous\d+$/.test(f))) return 'fast-json-stringify';
  if (/\/(fastify|find-my-way|avvio|light-my-request|@fastify)\//.test(u)) return 'Fastify and its plugins';
  if (/\/(zod|fastify-type-provider-zod)\//.test(u)) return 'zod';
  if (u.includes('drizzle-orm')) return 'drizzle';
  if (u.includes('/pino')) return 'pino';
  if (u.includes('fast-jwt')) return 'fast-jwt';
  if (!u.includes('node_modules') && /\/(src|tests)\//.test(u)) return 'project code';
  if (u.includes('_http_')) return 'node http';
  if (u.includes('internal/modules') || /compileSourceTextModule|readFileUtf8|wrapSafe|internalModuleStat/.test(f)) return 'module loading (start-up)';
  if (u.startsWith('node:') || u === '') return 'node and V8 built-ins';
  return u.replace(/.*node_modules\//, '').split('/')[0];
}
const label = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) => {
  const where = url.includes('node_modules/') ? url.replace(/.*node_modules\//, '') : url.replace(/^.*\/(src|tests)\//, '$1/');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
};

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const kinds = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of self) {
  const frame = byId.get(id)!.callFrame;
  const kind = kindOf(frame);
  kinds.set(kind, (kinds.get(kind) ?? 0) + us);
  if (kind !== 'idle') functions.set(label(frame), (functions.get(label(frame)) ?? 0) + us);
}
const busy = [...kinds].filter(([k]) => k !== 'idle').reduce((s, [, us]) => s + us, 0);
const row = (us: number, name: string) =>
  `${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / busy).toFixed(1).padStart(5)}%${requests ? `${(us / requests).toFixed(0).padStart(6)} µs/req` : ''}  ${name}`;
console.log(`busy ${(busy / 1e6).toFixed(2)} s of ${((busy + (kinds.get('idle') ?? 0)) / 1e6).toFixed(2)} s${requests ? `, ${requests} requests` : ''}\n\nby kind of work`);
for (const [kind, us] of [...kinds].filter(([k, us]) => k !== 'idle' && us >= busy / 1000).sort((a, b) => b[1] - a[1])) console.log(row(us, kind));
console.log(`\nfunctions by self time (top ${top})`);
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(row(us, name));
