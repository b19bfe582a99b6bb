import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.js';
import { rateLimits } from '../db/schema/index.js';

/** Counts one hit on `key` in a fixed window; returns the hits so far and the ms until the window resets. */
export async function hit(db: Database, key: string, windowMs: number, now = new Date()): Promise<{ current: number; ttl: number }> {
  const expired = new Date(now.getTime() - windowMs).toISOString();
  const [row] = await queryRows<{ hits: number; window_start: string | Date }>(
    db,
    sql`insert into ${rateLimits} (key, window_start, hits) values (${key}, ${now.toISOString()}::timestamptz, 1)
        on conflict (key) do update set
          hits = case when ${rateLimits.windowStart} <= ${expired}::timestamptz then 1 else ${rateLimits.hits} + 1 end,
          window_start = case when ${rateLimits.windowStart} <= ${expired}::timestamptz then excluded.window_start else ${rateLimits.windowStart} end
        returning hits, window_start`,
  );
  const started = new Date(row.window_start).getTime();
  return { current: Number(row.hits), ttl: Math.max(0, started + windowMs - now.getTime()) };
}

/**
 * A store for @fastify/rate-limit that keeps its counters in the database, so the limits hold
 * across every server process (SPEC §8: nothing depends on in-process state).
 */
export function pgRateLimitStore(db: Database) {
  return class PgRateLimitStore {
    constructor(private readonly options: { timeWindow?: number } = {}) {}

    incr(key: string, cb: (err: Error | null, result?: { current: number; ttl: number }) => void, timeWindow?: number): void {
      hit(db, key, timeWindow ?? this.options.timeWindow ?? 60_000).then(
        (r) => cb(null, r),
        (err: Error) => cb(err),
      );
    }

    child(routeOptions: { timeWindow?: number }) {
      return new PgRateLimitStore({ timeWindow: routeOptions.timeWindow });
    }
  };
}
