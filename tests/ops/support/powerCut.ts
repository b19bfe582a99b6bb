/**
 * A model of a power cut for one data directory, kept beside it in a shadow copy: what the disk
 * would hold if the machine lost power now. Installed in the process that writes (PGlite writes
 * through Emscripten's NODEFS, which calls node:fs's synchronous functions on the module object,
 * so replacing them there sees every write). A file's contents reach the shadow only when the
 * file is fsync'ed: a write() not yet synced is lost, as the kernel's page cache is on a power
 * cut. Creating, renaming, truncating and removing files are applied to the shadow at once (as if
 * the file system's journal had them already): the model drops unsynced data, the loss a
 * database's WAL has to guard against, and is kind about metadata.
 *
 * Start the shadow as a copy of a cleanly closed directory; after the writer is killed, open the
 * shadow to see what a power cut at that moment would have left.
 */
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

type Fs = typeof import('node:fs');
type Pending = { position: number; bytes: Buffer };

export function installPowerCutModel(dataDir: string, shadowDir: string): { syncs: () => number } {
  const fs = createRequire(import.meta.url)('node:fs') as Fs;
  const real = {
    openSync: fs.openSync,
    writeSync: fs.writeSync,
    fsyncSync: fs.fsyncSync,
    fdatasyncSync: fs.fdatasyncSync,
    ftruncateSync: fs.ftruncateSync,
    truncateSync: fs.truncateSync,
    renameSync: fs.renameSync,
    unlinkSync: fs.unlinkSync,
    mkdirSync: fs.mkdirSync,
    rmdirSync: fs.rmdirSync,
    readlinkSync: fs.readlinkSync,
    closeSync: fs.closeSync,
    existsSync: fs.existsSync,
    statSync: fs.statSync,
  };
  const root = fs.realpathSync(dataDir);
  const pending = new Map<string, Pending[]>();
  let syncs = 0;

  /** The shadow path of a path in the data directory, or null for anything else (stdout, …). */
  const shadowOf = (path: string | undefined): string | null => {
    if (!path) return null;
    const rel = relative(root, resolve(path));
    return rel.startsWith('..') || resolve(path) === resolve(shadowDir) ? null : join(shadowDir, rel);
  };
  const pathOfFd = (fd: number) => {
    try {
      return real.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return undefined;
    }
  };
  const flush = (path: string) => {
    const writes = pending.get(path);
    const target = shadowOf(path);
    pending.delete(path);
    if (!writes?.length || !target) return;
    const fd = real.openSync(target, real.existsSync(target) ? 'r+' : 'w+');
    try {
      for (const w of writes) real.writeSync(fd, w.bytes, 0, w.bytes.length, w.position);
    } finally {
      real.closeSync(fd);
    }
  };

  const f = fs as unknown as Record<string, unknown>;
  f.openSync = (path: string, flags: number | string, mode?: number) => {
    const fd = real.openSync(path, flags, mode);
    const target = shadowOf(path);
    if (target && typeof flags === 'number') {
      const { O_CREAT, O_TRUNC } = fs.constants;
      const isDir = real.statSync(path).isDirectory();
      if (!isDir && (flags & O_CREAT) && !real.existsSync(target)) real.closeSync(real.openSync(target, 'w'));
      if (!isDir && (flags & O_TRUNC)) {
        real.truncateSync(target, 0);
        pending.delete(resolve(path));
      }
    }
    return fd;
  };
  f.writeSync = (fd: number, buffer: NodeJS.ArrayBufferView, offset?: number, length?: number, position?: number | null) => {
    const path = fd > 2 ? pathOfFd(fd) : undefined;
    if (path && shadowOf(path)) {
      if (typeof position !== 'number') throw new Error(`power-cut model: a write without a position to ${path}`);
      const view = Buffer.from(buffer.buffer, buffer.byteOffset + (offset ?? 0), length ?? buffer.byteLength - (offset ?? 0));
      const list = pending.get(path) ?? [];
      list.push({ position, bytes: Buffer.from(view) });
      pending.set(path, list);
    }
    return (real.writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length, position);
  };
  const sync = (fd: number) => {
    const path = pathOfFd(fd);
    if (path && shadowOf(path)) {
      syncs++;
      flush(path);
    }
  };
  f.fsyncSync = (fd: number) => {
    real.fsyncSync(fd);
    sync(fd);
  };
  f.fdatasyncSync = (fd: number) => {
    real.fdatasyncSync(fd);
    sync(fd);
  };
  f.ftruncateSync = (fd: number, len = 0) => {
    real.ftruncateSync(fd, len);
    const path = pathOfFd(fd);
    const target = shadowOf(path);
    if (target && real.existsSync(target)) real.truncateSync(target, len);
  };
  f.truncateSync = (path: string, len = 0) => {
    real.truncateSync(path, len);
    const target = shadowOf(path);
    if (target && real.existsSync(target)) real.truncateSync(target, len);
  };
  f.renameSync = (from: string, to: string) => {
    real.renameSync(from, to);
    const [a, b] = [shadowOf(from), shadowOf(to)];
    if (a && b && real.existsSync(a)) real.renameSync(a, b);
    const moved = pending.get(resolve(from));
    pending.delete(resolve(from));
    if (moved) pending.set(resolve(to), moved);
  };
  f.unlinkSync = (path: string) => {
    real.unlinkSync(path);
    const target = shadowOf(path);
    if (target && real.existsSync(target)) real.unlinkSync(target);
    pending.delete(resolve(path));
  };
  f.mkdirSync = (path: string, options?: unknown) => {
    const made = (real.mkdirSync as (...a: unknown[]) => unknown)(path, options);
    const target = shadowOf(path);
    if (target && !real.existsSync(target)) real.mkdirSync(target, { recursive: true });
    return made;
  };
  f.rmdirSync = (path: string) => {
    real.rmdirSync(path);
    const target = shadowOf(path);
    if (target && real.existsSync(target)) real.rmdirSync(target);
  };
  return { syncs: () => syncs };
}
