# syntax=docker/dockerfile:1
# Build: compile the server and bundle the pages, with the dev dependencies.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json vite.config.ts ./
COPY src ./src
COPY seeds ./seeds
# vite.config.ts renders the QR page's frame and stamps the build with these.
COPY scripts ./scripts
# The server into dist/src, the browser pages into dist/web (served by src/http/pages.ts).
RUN npm run build && npm run build:web

# Production dependencies only (argon2 ships prebuilt binaries for glibc x64/arm64).
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim AS runtime
# The V8 heap cap the server ships with (package.json config.nodeOptions), sized against the peak
# memory under load recorded in tests/bench/README.md. Two malloc arenas instead of glibc's eight
# per core: the password hashing (argon2, 64 MiB each, on libuv's threads) otherwise leaves each
# thread's arena holding memory it no longer uses (20 uploads of 10 MB at once: peak RSS 240 MB
# instead of 291 MB, tests/bench/uploads.ts).
ENV NODE_OPTIONS=--max-old-space-size=192 \
    MALLOC_ARENA_MAX=2 \
    NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PGLITE_DIR=/data/pglite
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY drizzle ./drizzle
RUN mkdir -p /data && chown node:node /data
# Never run as root; the embedded database lives on a volume the node user owns.
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# NODE_ENV=production requires JWT_SECRET, SEARCH_HASH_KEY and a non-default ADMIN_PASSWORD (the server refuses to start otherwise).
# How far the old generation grows between full collections (package.json config.nodeFlags): Node
# refuses this V8 flag in NODE_OPTIONS, so it is given on the command line.
CMD ["node", "--heap-growing-percent=100", "dist/src/server.js"]
