import { PGlite } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import type { Database } from './client.js';

/**
 * LISTEN on `channel`, whichever driver `db` runs on; resolves to a function that stops listening.
 * `onListen` is called each time listening (re)starts: postgres.js listens on a connection of its
 * own and, when that connection is lost, opens another and listens again, and whatever was notified
 * in between never arrives. Embedded PGlite has no connection to lose: it is called once.
 */
export async function listen(
  db: Database,
  channel: string,
  onNotify: (payload: string) => void,
  onListen: () => void,
): Promise<() => Promise<void>> {
  // drizzle's db.$client is the driver's own client; Database leaves it out of its type so that
  // services cannot tell the drivers apart.
  const client = (db as Database & { $client: PGlite | Sql }).$client;
  if (client instanceof PGlite) {
    const stop = await client.listen(channel, onNotify);
    onListen();
    return () => stop();
  }
  const { unlisten } = await client.listen(channel, onNotify, onListen);
  return unlisten;
}
