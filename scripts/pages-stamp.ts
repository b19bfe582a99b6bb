/**
 * Whether dist/web was built from the pages' current sources. `vite build` writes
 * dist/web/build-stamp with a hash of what the build reads (vite.config.ts's plugin, taken when
 * the build starts); `npm start` runs this first (prestart) and rebuilds only when the hash
 * differs or the build is missing:
 *
 *   tsx scripts/pages-stamp.ts            build the pages unless they are current
 *   tsx scripts/pages-stamp.ts --check    exit 1 if they are not current, build nothing
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAMP_FILE = 'build-stamp';

/**
 * What a build of the pages reads: their sources, the domain code they bundle (the identity checks,
 * the holiday notice reader), the build's configuration and scripts, the locked dependencies.
 */
const INPUTS = ['src/web', 'src/domain', 'vite.config.ts', 'scripts/intake-frames.ts', 'package-lock.json'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((f) => files(join(path, f)));
}

/** sha256 over each input file's path and contents, in a fixed order. */
export function sourcesHash(root = ROOT): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => files(join(root, p)))) {
    hash.update(relative(root, file).replaceAll('\\', '/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether the built pages in `outDir` carry the stamp of these sources. */
export function pagesCurrent(outDir = join(ROOT, 'dist/web'), root = ROOT): boolean {
  const stamp = join(outDir, STAMP_FILE);
  if (!existsSync(join(outDir, 'index.html')) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === sourcesHash(root);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  if (pagesCurrent()) {
    console.log(`pages: dist/web is built from the current sources, not rebuilding (checked in ${Math.round(performance.now() - started)} ms)`);
  } else if (process.argv.includes('--check')) {
    console.log('pages: dist/web is missing or older than its sources (npm run build:web)');
    process.exitCode = 1;
  } else {
    console.log('pages: building dist/web (the sources changed since the last build, or there is none)');
    const build = spawnSync('npm', ['run', '--silent', 'build:web', '--', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
    console.log(`pages: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
