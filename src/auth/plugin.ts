import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client.js';
import type { Role } from '../domain/model.js';
import { forbidden, unauthenticated } from '../http/errors.js';
import type { Caller, TokenClaims } from './caller.js';
import { callersFor, type Callers } from './callers.js';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims;
    user: TokenClaims;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by authenticate (and requireRole) before the handler runs. */
    caller: Caller;
  }
  interface FastifyInstance {
    /** preHandler: a valid token of an enabled user whose token is not revoked, resolved into request.caller; else 401. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler factory: authenticate, then require one of the roles (403). */
    requireRole: (...roles: Role[]) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Token checks remembered in this process; a route that changes a user forgets them here at once. */
    callers: Callers;
    issueToken: (user: { id: string; tokenVersion: number }) => string;
    /** Sets the browser session cookie (the pages' way of holding the token). */
    setSession: (reply: FastifyReply, token: string) => void;
    clearSession: (reply: FastifyReply) => void;
  }
}

/** The browser pages' session: an httpOnly cookie, so page scripts (and other sites) cannot read the token. */
export const SESSION_COOKIE = 'tiaojie_session';
/** Cookie-authenticated writes must carry this header, which a cross-site form cannot set. */
export const CSRF_HEADER = 'x-tiaojie-request';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The token of an `Authorization: Bearer <token>` header; any other form is 401. */
function bearerToken(header: string): string {
  const parts = header.split(' ');
  if (parts.length !== 2 || parts[0].toLowerCase() !== 'bearer' || !parts[1]) throw unauthenticated('send the token as "Authorization: Bearer <token>"');
  return parts[1];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tokens whose signature and claims have been checked, by their exact text, until they expire.
 * Every request carries a token and a desk sends the same one all day; checking it again (base64,
 * HMAC, JSON, claims, through @fastify/jwt's per-request wrappers) on every request repeats work
 * whose answer cannot change: the same text always verifies the same way, so only its expiry
 * needs checking again. Revocation does not depend on this: whether the token's user still holds it (enabled,
 * same token version) is decided for every request by Callers.
 */
export class VerifiedTokens {
  readonly #byText = new Map<string, { claims: TokenClaims; expiresAt: number }>();

  constructor(
    private readonly verify: (token: string) => TokenClaims & { exp?: number },
    /** A bound on memory: the oldest entries go first (a Map iterates in insertion order). */
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token's claims, or 401 for a token that is forged, expired or not ours. */
  claimsOf(token: string): TokenClaims {
    const held = this.#byText.get(token);
    if (held) {
      if (this.now() < held.expiresAt) return held.claims;
      this.#byText.delete(token);
    }
    let payload: TokenClaims & { exp?: number };
    try {
      payload = this.verify(token);
    } catch {
      throw unauthenticated('your session is not valid or has expired; sign in again');
    }
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub) || !Number.isInteger(payload.tv)) {
      throw unauthenticated('your session is not valid; sign in again');
    }
    const claims: TokenClaims = { sub: payload.sub, tv: payload.tv };
    this.#byText.set(token, { claims, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity });
    if (this.#byText.size > this.max) this.#byText.delete(this.#byText.keys().next().value!);
    return claims;
  }
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: { db: Database; secret: string; expiresIn: string; secureCookies: boolean }) => {
    await app.register(fastifyCookie);
    await app.register(fastifyJwt, {
      secret: opts.secret,
      // The algorithm is pinned both ways: a token signed otherwise (none, RS256 with our secret as a key) is refused.
      sign: { algorithm: 'HS256', expiresIn: opts.expiresIn },
      verify: { algorithms: ['HS256'] },
      cookie: { cookieName: SESSION_COOKIE, signed: false },
    });

    app.decorateRequest('caller', null as unknown as Caller);

    app.decorate('issueToken', (user: { id: string; tokenVersion: number }) =>
      app.jwt.sign({ sub: user.id, tv: user.tokenVersion }),
    );
    app.decorate('setSession', (reply: FastifyReply, token: string) => {
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: opts.secureCookies, path: '/' });
    });
    app.decorate('clearSession', (reply: FastifyReply) => {
      reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: opts.secureCookies, path: '/' });
    });

    const verified = new VerifiedTokens((token) => app.jwt.verify<TokenClaims & { exp?: number }>(token));
    const callers = callersFor(opts.db, (err) => app.log.warn({ err }, 'could not ping the users channel'));
    try {
      await callers.start();
    } catch (err) {
      // postgres.js keeps trying; until it listens, every request reads its user's row.
      app.log.warn({ err }, 'could not listen for changes to users yet; token checks are not remembered until it does');
    }
    app.addHook('onClose', async () => {
      await callers.stop().catch(() => {});
    });
    app.decorate('callers', callers);

    /** The verified token's claims: from the Authorization header, or else the session cookie. */
    const claimsOf = (request: FastifyRequest): TokenClaims => {
      const header = request.headers.authorization;
      const cookie = header ? undefined : request.cookies?.[SESSION_COOKIE];
      if (!header && !cookie) throw unauthenticated();
      if (cookie && UNSAFE.has(request.method) && request.headers[CSRF_HEADER] !== '1') {
        throw forbidden(`a request signed in by cookie must send the ${CSRF_HEADER} header`);
      }
      return verified.claimsOf(header ? bearerToken(header) : cookie!);
    };

    const authHooks = new WeakSet<object>();
    const authenticate = async (request: FastifyRequest) => {
      request.caller = await callers.callerOf(claimsOf(request));
    };
    authHooks.add(authenticate);

    app.decorate('authenticate', authenticate);
    app.decorate('requireRole', (...roles: Role[]) => {
      const hook = async (request: FastifyRequest) => {
        await authenticate(request);
        if (!roles.includes(request.caller.role)) throw forbidden();
      };
      authHooks.add(hook);
      return hook;
    });

    // Who the caller is is decided before the body is parsed or validated, so an anonymous request
    // with a bad body is 401 and learns nothing of the schema: a route's authenticate or
    // requireRole, named in its preHandler, runs at onRequest instead, ahead of its other hooks.
    app.addHook('onRoute', (route) => {
      const pre = [route.preHandler ?? []].flat();
      const auth = pre.filter((h) => authHooks.has(h));
      if (!auth.length) return;
      route.preHandler = pre.filter((h) => !authHooks.has(h));
      route.onRequest = [...auth, ...[route.onRequest ?? []].flat()] as typeof route.onRequest;
    });
  },
  { name: 'auth' },
);
