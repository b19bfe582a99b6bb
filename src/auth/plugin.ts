import fastifyJwt from '@fastify/jwt';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client.js';
import { users } from '../db/schema/index.js';
import type { Role } from '../domain/model.js';
import { forbidden, unauthenticated } from '../http/errors.js';
import type { Caller } from './caller.js';

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
  }
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: { db: Database; secret: string; expiresIn: string }) => {
    await app.register(fastifyJwt, { secret: opts.secret, sign: { expiresIn: opts.expiresIn } });

    app.decorateRequest('caller', null as unknown as Caller);

    app.decorate('issueToken', (user: { id: string; tokenVersion: number }) =>
      app.jwt.sign({ sub: user.id, tv: user.tokenVersion }),
    );

    const authenticate = async (request: FastifyRequest) => {
      if (!request.headers.authorization) throw unauthenticated();
      let claims: TokenClaims;
      try {
        claims = await request.jwtVerify<TokenClaims>();
      } catch {
        throw unauthenticated('your session is not valid or has expired; sign in again');
      }
      if (typeof claims.sub !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(claims.sub) || !Number.isInteger(claims.tv)) {
        throw unauthenticated('your session is not valid; sign in again');
      }
      const [user] = await opts.db
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
        .where(eq(users.id, claims.sub))
        .limit(1);
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
