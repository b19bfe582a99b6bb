import { describe, expect, it } from 'vitest';
import { Callers, LEASE_MS, type CallerSource, type UserRow } from '../../src/auth/callers.js';

const ID = '01950000-0000-7000-8000-000000000001';
const OTHER = '01950000-0000-7000-8000-000000000002';

/**
 * A users table and a channel in memory: notifications are delivered when the test says so
 * (deliver), in the order they were sent, to every process listening, as PostgreSQL delivers
 * them; the clock moves when the test moves it.
 */
function fixture() {
  const rows = new Map<string, UserRow>([
    [ID, { id: ID, role: 'mediator', orgId: 'org-1', regionCode: null, name: '调解员', disabled: false, tokenVersion: 0 }],
    [OTHER, { id: OTHER, role: 'worker', orgId: null, regionCode: null, name: '张三', disabled: false, tokenVersion: 3 }],
  ]);
  let time = 1_000;
  let reads = 0;
  let pending: string[] = [];
  const listeners: { notify: (payload: string) => void; listening: () => void }[] = [];
  /** A read can be held open, to change the row while it is in flight. */
  let hold: Promise<void> | null = null;
  /** One server process on this database. */
  const process = () =>
    new Callers(
      {
        async userById(id) {
          reads++;
          const row = rows.get(id);
          const copy = row && { ...row };
          if (hold) await hold;
          return copy;
        },
        async listen(notify, listening) {
          listeners.push({ notify, listening });
          listening();
          return async () => {};
        },
        async notify(payload) {
          pending.push(payload);
        },
      } satisfies CallerSource,
      () => time,
    );
  return {
    callers: process(),
    process,
    rows,
    get reads() {
      return reads;
    },
    advance(ms: number) {
      time += ms;
    },
    /** Delivers everything sent so far. */
    deliver() {
      const now = pending;
      pending = [];
      for (const p of now) for (const l of listeners) l.notify(p);
    },
    /** Delivers nothing sent so far: the connection that was to carry it was lost. */
    lose() {
      pending = [];
    },
    /** The first process's connection was lost and replaced. */
    relisten: () => listeners[0].listening(),
    /** A change committed by someone else: the row, and its announcement on the channel. */
    change(id: string, patch: Partial<UserRow>) {
      rows.set(id, { ...rows.get(id)!, ...patch });
      pending.push(id);
    },
    /** What the trigger announces when the users table is truncated. */
    truncate() {
      rows.clear();
      pending.push('');
    },
    holdReads() {
      let release = () => {};
      hold = new Promise((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
  };
}

async function live() {
  const f = fixture();
  await f.callers.start();
  f.deliver(); // the first ping comes back
  return f;
}

describe('Callers', () => {
  it('reads the user for every request until a ping has come back, then remembers', async () => {
    const f = fixture();
    await f.callers.start();
    await f.callers.callerOf({ sub: ID, tv: 0 });
    await f.callers.callerOf({ sub: ID, tv: 0 });
    expect(f.reads).toBe(2);
    f.deliver();
    await f.callers.callerOf({ sub: ID, tv: 0 });
    const caller = await f.callers.callerOf({ sub: ID, tv: 0 });
    expect(f.reads).toBe(3);
    expect(caller).toEqual({ userId: ID, role: 'mediator', orgId: 'org-1', regionCode: null, name: '调解员' });
    expect(Object.isFrozen(caller)).toBe(true);
  });

  it('refuses a disabled user, an older token version and a user that is gone, and remembers none of them', async () => {
    const f = await live();
    f.rows.set(ID, { ...f.rows.get(ID)!, disabled: true });
    for (let i = 0; i < 2; i++) await expect(f.callers.callerOf({ sub: ID, tv: 0 })).rejects.toMatchObject({ statusCode: 401 });
    for (let i = 0; i < 2; i++) await expect(f.callers.callerOf({ sub: OTHER, tv: 2 })).rejects.toMatchObject({ statusCode: 401 });
    for (let i = 0; i < 2; i++) await expect(f.callers.callerOf({ sub: '01950000-0000-7000-8000-0000000000ff', tv: 0 })).rejects.toMatchObject({ statusCode: 401 });
    expect(f.reads).toBe(6);
  });

  it('a remembered check is for one token version: a newer token reads the row again', async () => {
    const f = await live();
    await f.callers.callerOf({ sub: OTHER, tv: 3 });
    f.rows.set(OTHER, { ...f.rows.get(OTHER)!, tokenVersion: 4 });
    await expect(f.callers.callerOf({ sub: OTHER, tv: 4 })).resolves.toMatchObject({ userId: OTHER });
    expect(f.reads).toBe(2);
  });

  it('forgets a user when their change arrives on the channel, and only that user', async () => {
    const f = await live();
    await f.callers.callerOf({ sub: ID, tv: 0 });
    await f.callers.callerOf({ sub: OTHER, tv: 3 });
    f.change(ID, { tokenVersion: 1 });
    // Not arrived yet: the remembered check still answers (this is the second the guarantee allows).
    await expect(f.callers.callerOf({ sub: ID, tv: 0 })).resolves.toMatchObject({ userId: ID });
    f.deliver();
    await expect(f.callers.callerOf({ sub: ID, tv: 0 })).rejects.toMatchObject({ statusCode: 401 });
    await f.callers.callerOf({ sub: OTHER, tv: 3 });
    expect(f.reads).toBe(3);
  });

  it('a new scope is answered from the row as it is now', async () => {
    const f = await live();
    await f.callers.callerOf({ sub: ID, tv: 0 });
    f.change(ID, { role: 'supervisor', orgId: null, regionCode: '45' });
    f.deliver();
    await expect(f.callers.callerOf({ sub: ID, tv: 0 })).resolves.toMatchObject({ role: 'supervisor', orgId: null, regionCode: '45' });
  });

  it('does not remember a row read before a change that arrived while it was being read', async () => {
    const f = await live();
    const release = f.holdReads();
    const reading = f.callers.callerOf({ sub: ID, tv: 0 });
    // The read's snapshot predates the change; the change arrives before the read returns.
    f.change(ID, { disabled: true });
    f.deliver();
    release();
    await expect(reading).resolves.toMatchObject({ userId: ID });
    await expect(f.callers.callerOf({ sub: ID, tv: 0 })).rejects.toMatchObject({ statusCode: 401 });
  });

  it('an empty announcement (the table emptied) forgets everyone', async () => {
    const f = await live();
    await f.callers.callerOf({ sub: ID, tv: 0 });
    await f.callers.callerOf({ sub: OTHER, tv: 3 });
    f.truncate();
    await f.callers.callerOf({ sub: ID, tv: 0 }); // still remembered until it arrives
    f.deliver();
    await expect(f.callers.callerOf({ sub: ID, tv: 0 })).rejects.toMatchObject({ statusCode: 401 });
    await expect(f.callers.callerOf({ sub: OTHER, tv: 3 })).rejects.toMatchObject({ statusCode: 401 });
  });

  describe('while the channel cannot be shown to work', () => {
    it('stops remembering once no ping has come back for LEASE_MS, drops everything, and starts again when one does', async () => {
      const f = await live();
      await f.callers.callerOf({ sub: ID, tv: 0 });
      await f.callers.callerOf({ sub: OTHER, tv: 3 });
      // Busy: a request past half the lease sends a ping, and it comes back.
      f.advance(LEASE_MS * 0.6);
      await f.callers.callerOf({ sub: ID, tv: 0 });
      f.deliver();
      f.advance(LEASE_MS * 0.6);
      await f.callers.callerOf({ sub: ID, tv: 0 });
      expect(f.reads).toBe(2);
      // The connection dies without a word: the change and the pings are lost.
      f.change(ID, { disabled: true });
      f.lose();
      f.advance(LEASE_MS);
      await expect(f.callers.callerOf({ sub: ID, tv: 0 })).rejects.toMatchObject({ statusCode: 401 });
      await f.callers.callerOf({ sub: OTHER, tv: 3 });
      await f.callers.callerOf({ sub: OTHER, tv: 3 });
      expect(f.reads).toBe(5);
      // It works again: the next ping comes back. What was remembered before was dropped, and
      // checks are remembered again from now on.
      f.deliver();
      await f.callers.callerOf({ sub: OTHER, tv: 3 });
      await f.callers.callerOf({ sub: OTHER, tv: 3 });
      expect(f.reads).toBe(6);
    });

    it('a remembered check is used no later than LEASE_MS after the newest ping that came back was sent', async () => {
      const f = await live();
      await f.callers.callerOf({ sub: ID, tv: 0 });
      f.advance(LEASE_MS - 1);
      await f.callers.callerOf({ sub: ID, tv: 0 });
      expect(f.reads).toBe(1);
      f.lose(); // the ping that request sent
      f.advance(1);
      await f.callers.callerOf({ sub: ID, tv: 0 });
      expect(f.reads).toBe(2);
    });

    it('listening anew (a lost connection replaced) forgets everything', async () => {
      const f = await live();
      await f.callers.callerOf({ sub: ID, tv: 0 });
      f.change(ID, { tokenVersion: 1 });
      f.lose();
      f.relisten();
      f.deliver();
      await expect(f.callers.callerOf({ sub: ID, tv: 0 })).rejects.toMatchObject({ statusCode: 401 });
    });

    it("another process's pings do not vouch for this one's connection", async () => {
      const f = fixture();
      await f.callers.start();
      f.lose(); // this process's own first ping
      // Another process on the same database: its ping reaches this one too.
      await f.process().start();
      f.deliver();
      await f.callers.callerOf({ sub: ID, tv: 0 });
      await f.callers.callerOf({ sub: ID, tv: 0 });
      expect(f.reads).toBe(2);
    });
  });

  it('caughtUp resolves once a ping sent after the change has come back (or the channel was listened to anew)', async () => {
    const f = await live();
    let done = false;
    const waiting = f.callers.caughtUp().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    f.deliver();
    await waiting;
    const again = f.callers.caughtUp();
    f.lose();
    f.relisten();
    await again;
  });
});
