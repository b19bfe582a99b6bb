import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client.js';
import { Statement } from '../db/prepared.js';
import { users } from '../db/schema/index.js';
import type { Role } from '../domain/model.js';
import { forbidden, unauthenticated } from '../http/errors.js';
import type { Caller } from './caller.js';

/** Every authenticated request runs this: a named prepared statement (one round trip, planned once). */
const userLookup = new Statement<{ id: string; role: Role; orgId: string | null; regionCode: string | null; name: string; disabled: boolean; tokenVersion: number }>(
  'auth_user',
  () => sql`select ${users.id} as "id", ${users.role} as "role", ${users.orgId} as "orgId", ${users.regionCode} as "regionCode", ${users.name} as "name",
                   ${users.disabled} as "disabled", ${users.tokenVersion} as "tokenVersion"
            from ${users} where ${users.id} = ${sql.placeholder('id')}::uuid`,
);

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
  }
  interface FastifyInstance {
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

    const authenticate = async (request: FastifyRequest) => {
      const viaCookie = !request.headers.authorization && Boolean(request.cookies?.[SESSION_COOKIE]);
      if (!request.headers.authorization && !viaCookie) throw unauthenticated();
      if (viaCookie && UNSAFE.has(request.method) && request.headers[CSRF_HEADER] !== '1') {
        throw forbidden(`a request signed in by cookie must send the ${CSRF_HEADER} header`);
      }
      let claims: TokenClaims;
      try {
        // The Authorization header wins; otherwise @fastify/jwt reads the session cookie.
        claims = await request.jwtVerify<TokenClaims>(viaCookie ? { onlyCookie: true } : undefined);
      } catch {
        throw unauthenticated('your session is not valid or has expired; sign in again');
      }
      if (typeof claims.sub !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(claims.sub) || !Number.isInteger(claims.tv)) {
        throw unauthenticated('your session is not valid; sign in again');
      }
      const [user] = await userLookup.run(opts.db, { id: claims.sub });
      if (!user || user.disabled || user.tokenVersion !== claims.tv) {
        throw unauthenticated('your session is no longer valid; sign in again');
      }
      request.caller = { userId: user.id, role: user.role, orgId: user.orgId, regionCode: user.regionCode, name: user.name };
    };

    app.decorate('authenticate', authenticate);
    app.decorate('requireRole', (...roles: Role[]) => async (request: FastifyRequest) => {
      await authenticate(request);
      if (!roles.includes(request.caller.role)) throw forbidden();
    });
  },
  { name: 'auth' },
);
