/**
 * Each request's logger (request.log), made only when the request logs something.
 *
 * Fastify gives every request a pino child bound to its request id; making one costs a few
 * microseconds and an object graph for the collector, on every request, while at the levels a
 * deployment runs (info: one line in, one out; warn: nothing unless something failed) most
 * requests log little or nothing. This stands in for the child and makes it on the first line
 * written at an enabled level, with the same bindings, so every line still carries its reqId.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type LogFn = (...args: unknown[]) => void;
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = Parameters<FastifyBaseLogger['child']>[1];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** pino's levels; a logger at `silent` (or one Fastify made up when logging is off) writes nothing. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const enabled = (logger: FastifyBaseLogger, level: Level) => LEVELS[level] >= (LEVELS[logger.level] ?? Infinity);

export class LazyRequestLogger {
  #child: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  /** The real child, made once. */
  logger(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  isLevelEnabled(level: Level): boolean {
    return enabled(this.#child ?? this.parent, level);
  }

  #write(level: Level, args: unknown[]): void {
    // Once made, the child decides (its level may have been changed); until then the parent's level.
    if (this.#child) (this.#child[level] as LogFn)(...args);
    else if (enabled(this.parent, level)) (this.logger()[level] as LogFn)(...args);
  }

  fatal(...args: unknown[]) {
    this.#write('fatal', args);
  }
  error(...args: unknown[]) {
    this.#write('error', args);
  }
  warn(...args: unknown[]) {
    this.#write('warn', args);
  }
  info(...args: unknown[]) {
    this.#write('info', args);
  }
  debug(...args: unknown[]) {
    this.#write('debug', args);
  }
  trace(...args: unknown[]) {
    this.#write('trace', args);
  }
  silent() {}
}

/** For Fastify's `childLoggerFactory`. */
export const lazyChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) =>
  new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
