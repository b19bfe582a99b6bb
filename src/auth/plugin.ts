import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, Queryable } from '../db/client.js';
import { Statement } from '../db/prepared.js';
import { users } from '../db/schema/index.js';
import type { Role } from '../domain/model.js';
import { forbidden, unauthenticated } from '../http/errors.js';
import type { Caller } from './caller.js';

/** The columns authentication needs, as a scalar subquery a route's own statement can carry. */
export const authUserSql = (idPlaceholder: string) =>
  sql`(select json_build_object('id', u.id, 'role', u.role, 'orgId', u.org_id, 'regionCode', u.region_code, 'name', u.name,
                                'disabled', u.disabled, 'tokenVersion', u.token_version)
       from ${users} u where u.id = ${sql.placeholder(idPlaceholder)}::uuid)`;

/**
 * The same row as text, for statements that repeat it on every row they return (a page of the
 * list or the board): the driver then hands back a string per row instead of parsing the same
 * JSON object on each, and only the first is parsed (authUserFromText).
 */
export const authUserTextSql = (idPlaceholder: string) => sql`(${authUserSql(idPlaceholder)})::text`;
export const authUserFromText = (text: unknown): AuthUser | null => (typeof text === 'string' ? (JSON.parse(text) as AuthUser) : null);

export interface AuthUser {
  id: string;
  role: Role;
  orgId: string | null;
  regionCode: string | null;
  name: string;
  disabled: boolean;
  tokenVersion: number;
}

/** Every authenticated request runs this (or carries authUserSql in its own statement): a named prepared statement. */
const userLookup = new Statement<{ user: AuthUser | null }>('auth_user', () => sql`select ${authUserSql('id')} as "user"`);

/**
 * Who is asking a service: a caller already loaded, or the claims of a verified token whose user
 * the service's first statement reads and confirms (authUserSql, confirmCaller).
 */
export type Asker = Caller | TokenClaims;
export const isClaims = (who: Asker): who is TokenClaims => 'sub' in who;

/** The caller, if the token's user is still enabled and the token not revoked (SPEC §2); else 401. */
export function confirmCaller(claims: TokenClaims, user: AuthUser | null | undefined): Caller {
  if (!user || user.disabled || user.tokenVersion !== claims.tv) {
    throw unauthenticated('your session is no longer valid; sign in again');
  }
  return { userId: user.id, role: user.role, orgId: user.orgId, regionCode: user.regionCode, name: user.name };
}

/** Looks the token's user up on its own (when no statement of the route could carry it). */
export async function lookUpCaller(db: Queryable, claims: TokenClaims): Promise<Caller> {
  const [row] = await userLookup.run(db, { id: claims.sub });
  return confirmCaller(claims, row?.user);
}

export interface TokenClaims {
  sub: string;
  /** The user's token version when it was issued: bumping it revokes older tokens. */
  tv: number;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims;
    user: TokenClaims;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
    /** The verified token's claims (set by verifyToken and by authenticate). */
    claims: TokenClaims;
  }
  interface FastifyInstance {
    /**
     * preHandler: a valid token only, into request.claims; the route itself must then confirm the
     * user (confirmCaller) with a row read in its own statement (authUserSql), before it answers.
     */
    verifyToken: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler: a valid token of an enabled user, loaded into request.caller. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler factory: authenticate, then require one of the roles. */
    requireRole: (...roles: Role[]) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
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
 * HMAC, JSON, claims, through @fastify/jwt's per-request wrappers) was about 5% of a case
 * detail's CPU. The same text always verifies the same way, so only its expiry needs checking
 * again. Revocation does not depend on this: the user's row (token version, disabled) is read
 * with every request (confirmCaller).
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
      sign: { expiresIn: opts.expiresIn },
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

    app.decorateRequest('claims', null as unknown as TokenClaims);

    const verified = new VerifiedTokens((token) => app.jwt.verify<TokenClaims & { exp?: number }>(token));

    const verifyToken = async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      const cookie = header ? undefined : request.cookies?.[SESSION_COOKIE];
      if (!header && !cookie) throw unauthenticated();
      if (cookie && UNSAFE.has(request.method) && request.headers[CSRF_HEADER] !== '1') {
        throw forbidden(`a request signed in by cookie must send the ${CSRF_HEADER} header`);
      }
      // The Authorization header wins; otherwise the session cookie.
      request.claims = verified.claimsOf(header ? bearerToken(header) : cookie!);
    };

    const authenticate = async (request: FastifyRequest) => {
      await verifyToken(request);
      request.caller = await lookUpCaller(opts.db, request.claims);
    };

    app.decorate('verifyToken', verifyToken);
    app.decorate('authenticate', authenticate);
    app.decorate('requireRole', (...roles: Role[]) => async (request: FastifyRequest) => {
      await authenticate(request);
      if (!roles.includes(request.caller.role)) throw forbidden();
    });
  },
  { name: 'auth' },
);
