# Entraide in a container: `docker build -t entraide .` then see deploy/compose.yaml.
#
# The build stage bundles the TypeScript into dist/ with esbuild (bin/build.js,
# docs/decisions/0011-run-a-bundle-built-with-esbuild.md); the image holds dist/
# and the production node_modules (the native addons and the drivers the bundle
# loads by name), not the sources.

# --- Build: install the dependencies (better-sqlite3 is a native addon), bundle ---
FROM node:22-bookworm-slim AS build

# Compilers for native addons, used when no prebuilt binary fits. sharp (pictures,
# docs/decisions/0023-pictures.md) needs none: npm ci fetches its prebuilt libvips for
# linux-x64 or arm64 glibc, as this Debian image is (an Alpine image would get the musl
# build, @img/sharp-linuxmusl-*, as long as npm ci runs on Alpine too).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY federation ./federation
COPY migrations ./migrations
COPY web ./web
RUN node bin/build.js \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# --- Runtime ---
FROM node:22-bookworm-slim

# GLIBC_TUNABLES: malloc gives the memory freed after start-up back (bin/build.js, RUNTIME_ENV).
ENV NODE_ENV=production \
    GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072:glibc.malloc.mmap_threshold=131072 \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=8080

WORKDIR /app
# The application stays owned by root: the server only writes under /data.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./

RUN mkdir -p /data && chown node:node /data
VOLUME /data

# uid 1000, created by the official image.
USER node

EXPOSE 8080

# The slim image has no curl: ask Node itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Migrate, then replace the shell with the server (exec), so that the server
# itself receives `docker stop`'s SIGTERM and shuts down gracefully: it stops
# accepting connections, finishes requests and the queue work in progress,
# and closes the database within SHUTDOWN_TIMEOUT_MS.
CMD ["sh", "-c", "node dist/cli.js migrate && exec node dist/cli.js serve"]
