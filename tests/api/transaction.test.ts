/**
 * The case paths' write transaction (src/db/transaction.ts): BEGIN travels with the first
 * statement and COMMIT right behind the writes sent without waiting for their answers. Nothing
 * about atomicity may change with that: these pin it on both databases (on PGlite it is PGlite's
 * own transaction; on PostgreSQL a reserved postgres.js connection).
 */
import { createServer, connect, type AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { Statement } from '../../src/db/prepared.js';
import { writeTransaction, type WriteTx } from '../../src/db/transaction.js';
import { freshDatabase } from '../support/db.js';

let h: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  h = await freshDatabase({ migrate: false });
  await h.db.execute(sql`create table tx_probe (id int primary key, note text not null)`);
});
afterAll(() => h.close());

const insert = new Statement('tx_probe_insert', () => sql`insert into tx_probe (id, note) values (${sql.placeholder('id')}::int, ${sql.placeholder('note')}::text)`);
const divideByZero = new Statement('tx_probe_fail', () => sql`select 1 / 0`);
const orphan = new Statement('tx_probe_orphan', () => sql`insert into tx_child values (1, 999)`);
/** Sends a statement inside the transaction without waiting for its answer. */
const send = (tx: WriteTx, s: Statement, values?: Record<string, unknown>) => {
  const { text, params } = s.bind(values);
  tx.send(text, params);
};
const ids = async () => (await queryRows<{ id: number }>(h.db, sql`select id from tx_probe order by id`)).map((r) => r.id);
const clear = () => h.db.execute(sql`delete from tx_probe`);
/** The database's own message (drizzle wraps a failed statement's error as its cause). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'committed',
    (e: Error & { cause?: Error }) => `${e.message} / ${e.cause?.message ?? ''}`,
  );

describe('writeTransaction', () => {
  it('commits everything sent, in the order sent, and returns what fn returned', async () => {
    await clear();
    const out = await writeTransaction(h.db, async (tx) => {
      const [{ n }] = await new Statement<{ n: number }>('tx_probe_answer', () => sql`select 41 + 1 as n`).run(tx);
      for (let i = 1; i <= 20; i++) send(tx, insert, { id: i, note: `row ${i}` });
      return n;
    });
    expect(out).toBe(42);
    expect(await ids()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('keeps nothing when a pipelined write fails, even one sent before good ones, and throws that failure', async () => {
    await clear();
    await h.db.execute(sql`insert into tx_probe values (5, 'already here')`);
    const attempt = writeTransaction(h.db, async (tx) => {
      send(tx, insert, { id: 1, note: 'a' });
      send(tx, insert, { id: 5, note: 'duplicate' });
      send(tx, insert, { id: 6, note: 'b' });
      return 'acknowledged';
    });
    expect(await failure(attempt)).toMatch(/duplicate key|unique/i);
    expect(await ids()).toEqual([5]);
  });

  it('rolls back what was sent when fn throws after sending', async () => {
    await clear();
    const attempt = writeTransaction(h.db, async (tx) => {
      send(tx, insert, { id: 1, note: 'a' });
      await insert.run(tx, { id: 2, note: 'b' });
      throw new Error('refused after writing');
    });
    await expect(attempt).rejects.toThrow('refused after writing');
    expect(await ids()).toEqual([]);
  });

  it('fails the transaction when COMMIT itself fails (a deferred constraint) and keeps nothing', async () => {
    await clear();
    await h.db.execute(sql`create table if not exists tx_parent (id int primary key)`);
    await h.db.execute(
      sql`create table if not exists tx_child (id int primary key, parent int references tx_parent (id) deferrable initially deferred)`,
    );
    const attempt = writeTransaction(h.db, async (tx) => {
      send(tx, orphan);
      send(tx, insert, { id: 7, note: 'with the child' });
      return 'acknowledged';
    });
    expect(await failure(attempt)).toMatch(/foreign key/i);
    expect(await ids()).toEqual([]);
    expect(await queryRows(h.db, sql`select * from tx_child`)).toEqual([]);
  });

  it('leaves no connection inside a transaction after failures: later work on every connection commits on its own', async () => {
    await clear();
    // More failing transactions at once than the pool has connections, so every connection sees one.
    await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        writeTransaction(h.db, async (tx) => {
          send(tx, insert, { id: 1000 + i, note: 'x' });
          send(tx, divideByZero);
          return i;
        }),
      ),
    );
    await Promise.all(Array.from({ length: 30 }, (_, i) => insert.run(h.db, { id: 2000 + i, note: 'autocommit' })));
    const rows = await ids();
    expect(rows).toEqual(Array.from({ length: 30 }, (_, i) => 2000 + i));
    const open = await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from pg_stat_activity where state like 'idle in transaction%' and datname = current_database()`).catch(() => [{ n: 0 }]);
    expect(open[0].n).toBe(0);
  });

  it('keeps the order when the connection is backed up: many large writes, the last failing, keep nothing', async () => {
    await clear();
    // 300 writes of 4 KiB: more than a socket buffers at once, so the driver queues some of them
    // (and COMMIT behind them) until the socket drains.
    const attempt = writeTransaction(h.db, async (tx) => {
      for (let i = 1; i <= 300; i++) send(tx, insert, { id: i, note: 'x'.repeat(4096) });
      send(tx, insert, { id: 300, note: 'duplicate, last' });
      return 'acknowledged';
    });
    expect(await failure(attempt)).toMatch(/duplicate key|unique/i);
    expect(await ids()).toEqual([]);
    await writeTransaction(h.db, async (tx) => {
      for (let i = 1; i <= 300; i++) send(tx, insert, { id: i, note: 'x'.repeat(4096) });
      return 'acknowledged';
    });
    expect(await ids()).toHaveLength(300);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('sends COMMIT in the same socket write as the small statements before it (PostgreSQL)', async () => {
    await clear();
    // A TCP relay in front of PostgreSQL counts what the client writes after its first read.
    let writes = 0;
    const target = new URL(process.env.TEST_DATABASE_URL!);
    const relay = createServer((client) => {
      const server = connect(Number(target.port || 5432), target.hostname);
      client.on('data', (chunk) => {
        writes++;
        server.write(chunk);
      });
      server.on('data', (chunk) => client.write(chunk));
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = new URL(h.url!);
    url.hostname = '127.0.0.1';
    url.port = String((relay.address() as AddressInfo).port);
    const relayed = openDatabase({ url: url.toString(), poolSize: 1 });
    let during = -1;
    try {
      await writeTransaction(relayed.db, async (tx) => {
        // Run once first, so that the statement is prepared on this connection (preparing waits for an answer).
        await insert.run(tx, { id: 1, note: 'small' });
        writes = 0;
        // postgres.js gathers messages issued in one turn until they reach 1 KiB (a larger one goes
        // out at once), so COMMIT shares their write only if it is issued in that same turn.
        for (let i = 2; i <= 4; i++) send(tx, insert, { id: i, note: 'small' });
        return null;
      });
      during = writes;
    } finally {
      await relayed.close();
      relay.close();
    }
    expect(during).toBe(1);
    expect(await ids()).toEqual([1, 2, 3, 4]);
  });

  it('keeps concurrent transactions apart: each one commits exactly its own rows', async () => {
    await clear();
    await Promise.all(
      Array.from({ length: 24 }, (_, t) =>
        writeTransaction(h.db, async (tx) => {
          for (let i = 0; i < 5; i++) send(tx, insert, { id: t * 100 + i, note: `t${t}` });
          return t;
        }),
      ),
    );
    const rows = await queryRows<{ note: string; n: number }>(h.db, sql`select note, count(*)::int as n from tx_probe group by note`);
    expect(rows).toHaveLength(24);
    expect(rows.every((r) => r.n === 5)).toBe(true);
  });
});
