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

/** Makes every write of one tick part of a single send. */
export function corkPerTick(socket: Socket): Socket {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(uncork);
    }
    return write(...args);
  }) as Socket['write'];
  return socket;
}
