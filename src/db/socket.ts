import { connect, type Socket } from 'node:net';

/** What postgres.js passes to its `socket` option: its parsed connection options. */
interface ParsedConnectionOptions {
  host: string[];
  port: number[];
  path?: string | false;
  connect_timeout?: number | null;
}

/**
 * A connection to PostgreSQL whose writes made in the same turn of the event loop leave as one
 * send. postgres.js writes a statement of 1 KiB or more to its socket at once, so an action's
 * pipelined statements (the proceeding update, the event, the case, the rollups, commit) went out
 * as one send syscall each; on a loopback connection every send also runs PostgreSQL's side of
 * the delivery, and on these machines that made the sends the largest single cost of a write
 * request (`scripts/query-count.ts` counts them per request; tests/bench/README.md has the
 * profile). Corking the socket on the first write and uncorking it once the current tick and its
 * promise jobs have run sends everything the request queued meanwhile in one `writev`; nothing
 * waits longer than that tick, and the order of bytes is unchanged.
 *
 * Used for TCP and Unix-socket connections without TLS (a TLS connection wraps its own socket).
 */
export function coalescingSocket(): (options: ParsedConnectionOptions) => Promise<Socket> {
  let next = 0;
  return (options) =>
    new Promise<Socket>((resolve, reject) => {
      const i = next++ % Math.max(1, options.host.length);
      const socket = options.path ? connect(options.path) : connect(options.port[i] ?? options.port[0], options.host[i] ?? options.host[0]);
      const timeoutMs = options.connect_timeout ? options.connect_timeout * 1000 : 0;
      const timer = timeoutMs
        ? setTimeout(() => {
            socket.destroy();
            reject(Object.assign(new Error(`could not connect to PostgreSQL within ${options.connect_timeout} s`), { code: 'CONNECT_TIMEOUT' }));
          }, timeoutMs)
        : null;
      socket.once('error', (error) => {
        if (timer) clearTimeout(timer);
        reject(error);
      });
      socket.once('connect', () => {
        if (timer) clearTimeout(timer);
        resolve(corkPerTick(socket));
      });
    });
}

/**
 * postgres.js gathers messages under this size and writes them from a setImmediate of its own;
 * a statement that brings the gathered bytes to this size or more is written at once.
 */
const DRIVER_CHUNK = 1024;

/**
 * Makes every write of one tick part of a single send.
 *
 * A write of DRIVER_CHUNK bytes or more was made at once, from a promise job, and postgres.js may
 * still gather smaller messages queued after it (a transaction's COMMIT) and write them from its
 * own setImmediate, which runs after one scheduled now: such a send waits one more turn, so that
 * they leave together. A smaller write came from that setImmediate, with nothing left behind it.
 */
export function corkPerTick(socket: Socket): Socket {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const uncorkAfterDriver = () => setImmediate(uncork);
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      const data = args[0] as { length: number };
      setImmediate(data.length >= DRIVER_CHUNK ? uncorkAfterDriver : uncork);
    }
    return write(...args);
  }) as Socket['write'];
  return socket;
}
