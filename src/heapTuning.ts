/**
 * How far V8 lets the old generation grow past what the last full collection kept before it
 * collects again. Imported first by src/server.ts.
 *
 * The server ships with a 192 MB heap cap (package.json config.nodeOptions, the Dockerfile), and
 * for any cap of 256 MB or less V8 grows the old generation by only 1.3× between full
 * collections: under load, with about 30 MB live, that was a mark-compact every half second
 * (44 in a 20 s detail run against 8 without the cap), and 10–12% of a case detail's CPU. Twice
 * what was kept (growing by 100%) stays well inside the cap: measured at 1 M cases, 32
 * connections (tests/bench/README.md), detail CPU per request 327–336 → 295–304 µs, peak RSS
 * 213 → 233 MB. Node does not take this flag in NODE_OPTIONS, so it is set here; a
 * `--heap-growing-percent` given on the command line wins.
 */
import { setFlagsFromString } from 'node:v8';

const HEAP_GROWING_PERCENT = 100;

if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
