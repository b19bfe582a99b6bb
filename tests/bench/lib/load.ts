/**
 * One timed load: autocannon over loopback with a warm-up first, every response's latency kept
 * (autocannon's own summary has no p95), 2xx counted apart from everything else.
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  port: number;
  connections: number;
  /** Seconds. */
  duration: number;
  /** Seconds of the same load before, not counted. */
  warmup: number;
  /** Built per run, so per-request state (pools, counters) carries across warm-up and run. */
  requests: autocannon.Request[];
  /** Called right before the timed part starts (after the warm-up). */
  onTimed?: () => void;
  /** Called every 100 ms during the timed part (e.g. to stop early when a pool runs dry). */
  onTick?: (stop: () => void) => void;
  timeoutS?: number;
}

export interface LoadResult {
  /** 2xx responses per second of the timed part. */
  rps: number;
  ok: number;
  /** Responses that were not 2xx. */
  non2xx: number;
  /** Connection errors and timeouts (autocannon's `errors`, timeouts included). */
  socketErrors: number;
  timeouts: number;
  /** non2xx + socketErrors. */
  errors: number;
  statusCounts: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  seconds: number;
  stoppedEarly: boolean;
}

function percentile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function once(opts: LoadOptions, seconds: number, record: boolean): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statusCounts: Record<string, number> = {};
    let ok = 0;
    let stoppedEarly = false;
    const started = performance.now();
    let ticker: NodeJS.Timeout | null = null;
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${opts.port}`,
        connections: opts.connections,
        pipelining: 1,
        duration: seconds,
        timeout: opts.timeoutS ?? 30,
        requests: opts.requests,
      },
      (err, result) => {
        if (ticker) clearInterval(ticker);
        if (err) return reject(err);
        const elapsed = (performance.now() - started) / 1000;
        const sorted = Float64Array.from(latencies).sort();
        const non2xx = Object.entries(statusCounts).reduce((s, [code, n]) => (code.startsWith('2') ? s : s + n), 0);
        resolve({
          rps: ok / Math.max(elapsed, 1e-9),
          ok,
          non2xx,
          socketErrors: result.errors,
          timeouts: result.timeouts,
          errors: non2xx + result.errors,
          statusCounts,
          p50: percentile(sorted, 0.5),
          p95: percentile(sorted, 0.95),
          p99: percentile(sorted, 0.99),
          mean: sorted.length ? latencies.reduce((s, x) => s + x, 0) / sorted.length : NaN,
          max: sorted.length ? sorted[sorted.length - 1] : NaN,
          seconds: elapsed,
          stoppedEarly,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) ok++;
      if (record) latencies.push(responseTime);
    });
    if (opts.onTick) {
      ticker = setInterval(
        () =>
          opts.onTick!(() => {
            stoppedEarly = true;
            instance.stop();
          }),
        100,
      );
    }
  });
}

/** Warm-up (discarded), then the timed run. Returns the timed run and the warm-up's counts. */
export async function runLoad(opts: LoadOptions): Promise<{ result: LoadResult; warmup: LoadResult | null }> {
  const warmup = opts.warmup > 0 ? await once(opts, opts.warmup, false) : null;
  opts.onTimed?.();
  const result = await once(opts, opts.duration, true);
  return { result, warmup };
}

/** Sends exactly `amount` requests as fast as `connections` allow (used to prepare pools). */
export function runAmount(port: number, connections: number, amount: number, requests: autocannon.Request[]): Promise<{ ok: number; other: number }> {
  return new Promise((resolve, reject) => {
    let ok = 0;
    let other = 0;
    const instance = autocannon(
      { url: `http://127.0.0.1:${port}`, connections: Math.min(connections, amount), pipelining: 1, amount, timeout: 60, requests },
      (err) => (err ? reject(err) : resolve({ ok, other })),
    );
    instance.on('response', (_c: unknown, statusCode: number) => {
      if (statusCode >= 200 && statusCode < 300) ok++;
      else other++;
    });
  });
}
