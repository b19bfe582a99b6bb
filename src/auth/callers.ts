/**
 * Who a verified token belongs to: its user as the users table has them now, confirmed (enabled,
 * same token version) or refused with 401. A desk sends the same token all day, so a confirmed
 * check is remembered in this process per (user, token version), and a request whose check is
 * remembered reads nothing to know its caller.
 *
 * A remembered check must not outlive a change to its user (a new password, a reset, a disabled
 * account, a new role or organisation) by more than a second, on any server process, whoever made
 * the change. The users table announces each such change on USERS_CHANNEL
 * (drizzle/0011_users_changed_notify.sql); every process listens and forgets that user.
 *
 * A notification is lost with the connection that was to deliver it, and a connection can die
 * without a word, so remembering is only trusted while the channel is known to work: the process
 * sends itself pings on the channel, and since PostgreSQL delivers notifications in commit order,
 * a ping it sent at time t coming back proves that every change committed before t has arrived.
 * Remembered checks are used only until LEASE_MS after the newest such t. Past that, everything
 * remembered is dropped and every request reads its user's row until a ping comes back; listening
 * anew (after a lost connection) drops everything too.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { listen } from '../db/listen.js';
import { users } from '../db/schema/index.js';
import { unauthenticated } from '../http/errors.js';
import type { Caller, TokenClaims } from './caller.js';

export const USERS_CHANNEL = 'tiaojie_users';

/** How long after a ping was sent remembered checks may still be used once it has come back. */
export const LEASE_MS = 1000;
/** Below this much lease left, using a remembered check sends a ping (about two a second while busy, none while idle). */
const RENEW_BELOW_MS = LEASE_MS / 2;
/** A bound on memory: the oldest entries go first (a Map iterates in insertion order). */
const MAX_REMEMBERED = 20_000;

/** The columns that decide whether a token holds and who its caller is. */
/** The columns a caller is confirmed from. */
export type UserRow = Pick<typeof users.$inferSelect, 'id' | 'role' | 'orgId' | 'regionCode' | 'name' | 'disabled' | 'tokenVersion'>;

/** What Callers needs from the database; callersFor gives the real one, unit tests a fake. */
export interface CallerSource {
  userById(id: string): Promise<UserRow | undefined>;
  /** Starts listening on USERS_CHANNEL; resolves to a function that stops. */
  listen(onNotify: (payload: string) => void, onListen: () => void): Promise<() => Promise<void>>;
  /** Sends `payload` on USERS_CHANNEL. */
  notify(payload: string): Promise<void>;
}

export class Callers {
  readonly #byUser = new Map<string, { tv: number; caller: Caller }>();
  /** Moves on whenever something is forgotten: a lookup that began before it is not remembered. */
  #generation = 0;
  /** Remembered checks may be used until this time (of `now`). */
  #liveUntil = -Infinity;
  #listening = false;
  #pinging = false;
  #stop: (() => Promise<void>) | null = null;
  /** Tells this process's pings from those of other processes on the same database. */
  readonly #self = randomUUID();
  /** Who waits for a ping to come back (caughtUp), with the time the ping was sent. */
  #waiting: { sentAt: number; resolve: () => void }[] = [];

  constructor(
    private readonly source: CallerSource,
    private readonly now: () => number = () => performance.now(),
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Starts listening. Until it does (and a ping has come back), every request reads its user's row. */
  async start(): Promise<void> {
    this.#stop = await this.source.listen(
      (payload) => this.#notified(payload),
      () => {
        // Listening (again): whatever was announced while it was not is lost, so nothing
        // remembered before is kept, and nobody needs to wait for an earlier ping.
        this.#listening = true;
        this.forgetAll();
        this.#release(Infinity);
        this.#ping();
      },
    );
  }

  async stop(): Promise<void> {
    this.#listening = false;
    this.forgetAll();
    this.#release(Infinity);
    const stop = this.#stop;
    this.#stop = null;
    await stop?.();
  }

  /** The token's caller: remembered, or read and confirmed now; 401 when the user is gone, disabled or the token revoked. */
  async callerOf(claims: TokenClaims): Promise<Caller> {
    const held = this.#live() ? this.#byUser.get(claims.sub) : undefined;
    if (held && held.tv === claims.tv) return held.caller;
    const generation = this.#generation;
    const user = await this.source.userById(claims.sub);
    if (!user || user.disabled || user.tokenVersion !== claims.tv) {
      throw unauthenticated('your session is no longer valid; sign in again');
    }
    const caller: Caller = Object.freeze({ userId: user.id, role: user.role, orgId: user.orgId, regionCode: user.regionCode, name: user.name });
    // Not if anything was forgotten while the row was being read: the row may predate that change.
    if (generation === this.#generation && this.#live()) {
      this.#byUser.delete(user.id);
      this.#byUser.set(user.id, { tv: user.tokenVersion, caller });
      if (this.#byUser.size > MAX_REMEMBERED) this.#byUser.delete(this.#byUser.keys().next().value!);
    }
    return caller;
  }

  /** Forgets one user at once (this process changed them; the other processes hear it on the channel). */
  forget(userId: string): void {
    this.#generation++;
    this.#byUser.delete(userId);
  }

  forgetAll(): void {
    this.#generation++;
    this.#byUser.clear();
  }

  /**
   * Resolves once every change to users committed before the call has reached this process: a ping
   * sent now has come back. Rejects if it cannot be sent.
   */
  async caughtUp(): Promise<void> {
    // Not listening, nothing is remembered.
    if (!this.#listening) return;
    const sentAt = this.now();
    const waiter = { sentAt, resolve: () => {} };
    const back = new Promise<void>((resolve) => {
      waiter.resolve = resolve;
    });
    this.#waiting.push(waiter);
    try {
      await this.source.notify(this.#pingPayload(sentAt));
    } catch (err) {
      this.#waiting = this.#waiting.filter((w) => w !== waiter);
      throw err;
    }
    await back;
  }

  /** Whether remembered checks may be used now; drops them all when the lease has run out. */
  #live(): boolean {
    const left = this.#liveUntil - this.now();
    if (left < RENEW_BELOW_MS) this.#ping();
    if (left > 0) return true;
    if (this.#byUser.size) this.forgetAll();
    return false;
  }

  #ping(): void {
    if (!this.#listening || this.#pinging) return;
    this.#pinging = true;
    this.source
      .notify(this.#pingPayload(this.now()))
      .catch(this.onError)
      .finally(() => {
        this.#pinging = false;
      });
  }

  /** Waiters whose ping was sent no later than `sentAt` are caught up. */
  #release(sentAt: number): void {
    if (!this.#waiting.length) return;
    const done = this.#waiting.filter((w) => w.sentAt <= sentAt);
    this.#waiting = this.#waiting.filter((w) => w.sentAt > sentAt);
    for (const w of done) w.resolve();
  }

  #pingPayload(sentAt: number): string {
    return `ping ${this.#self} ${sentAt}`;
  }

  #notified(payload: string): void {
    if (payload.startsWith('ping ')) {
      const [, from, at] = payload.split(' ');
      if (from !== this.#self) return;
      const sentAt = Number(at);
      this.#liveUntil = Math.max(this.#liveUntil, sentAt + LEASE_MS);
      this.#release(sentAt);
      return;
    }
    // An empty payload: the users table was emptied.
    if (payload === '') this.forgetAll();
    else this.forget(payload);
  }
}

/** Callers on `db`: the user's row by a named prepared statement, the channel by LISTEN/NOTIFY. */
export function callersFor(db: Database, onError?: (err: unknown) => void): Callers {
  const byId = db
    .select({
      id: users.id,
      role: users.role,
      orgId: users.orgId,
      regionCode: users.regionCode,
      name: users.name,
      disabled: users.disabled,
      tokenVersion: users.tokenVersion,
    })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('auth_user_by_id');
  return new Callers(
    {
      userById: async (id) => (await byId.execute({ id }))[0],
      listen: (onNotify, onListen) => listen(db, USERS_CHANNEL, onNotify, onListen),
      notify: async (payload) => {
        await db.execute(sql`select pg_notify(${USERS_CHANNEL}, ${payload})`);
      },
    },
    undefined,
    onError,
  );
}
