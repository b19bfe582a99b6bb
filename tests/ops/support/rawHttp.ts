/**
 * HTTP over a bare TCP socket (node:net), for what app.inject cannot send: headers larger than
 * the parser takes, a request that is not HTTP, a client that sends slowly or never finishes.
 */
import { connect } from 'node:net';

export interface RawAnswer {
  /** The status of the answer, or null if the server closed without one. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** From the first byte sent (or the connection, if nothing is sent) to the server's close. */
  closedAfterMs: number;
  /** Bytes the client had sent when the server closed. */
  sent: number;
}

/**
 * Connects to 127.0.0.1:port, sends `first` at once and then each of `drip` every `everyMs`
 * (until the list ends or the server closes), and waits for the server to close, at most `maxMs`.
 */
export function rawRequest(port: number, first: string | Buffer, opts: { drip?: string[]; everyMs?: number; maxMs?: number } = {}): Promise<RawAnswer> {
  const { drip = [], everyMs = 1000, maxMs = 20_000 } = opts;
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    let sent = 0;
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open past ${maxMs} ms`));
    }, maxMs);
    const send = (data: string | Buffer) => {
      if (socket.destroyed || !socket.writable) return;
      socket.write(data);
      sent += Buffer.byteLength(data);
    };
    socket.on('connect', () => {
      started = performance.now();
      send(first);
      let i = 0;
      const next = () => {
        if (i >= drip.length) return;
        timer = setTimeout(() => {
          send(drip[i++]);
          next();
        }, everyMs);
      };
      next();
    });
    socket.on('data', (d) => chunks.push(d));
    // A reset after the answer (the server destroys the socket) is a close like any other.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(giveUp);
      clearTimeout(timer);
      const closedAfterMs = performance.now() - started;
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const lines = head.split('\r\n');
      const m = /^HTTP\/1\.1 (\d{3}) /.exec(lines[0] ?? '');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: m ? Number(m[1]) : null, headers, body: rest.join('\r\n\r\n'), closedAfterMs, sent });
    });
  });
}
