# The service as an image: built in one stage, run from the compiled output by an unprivileged
# user in the next. docker-compose.yml builds and runs it; docs/operations.md explains the rest.
#   docker build -t j2-8243-compensation .

# Node 22 LTS: the dependencies need ^20.19, ^22.13 or >= 24.11 (package.json engines).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: argon2 loads its prebuilt binary at run time; nothing needs compiling.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:22-bookworm-slim AS runtime
# MALLOC_MMAP_THRESHOLD_: glibc's allocator gives blocks of 128 KiB and more back to the system
# when freed. Without it, each password hash (argon2, 19 MiB) left its block resident in the
# thread that ran it: four sign-ins at once kept about 76 MB (docs/operations.md#memory).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    STORAGE_DIR=/var/lib/j2/storage \
    DATA_DIR=/var/lib/j2/data \
    MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
# Files owned by root and read-only to the service; only its data directories are its own.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /var/lib/j2/storage /var/lib/j2/data \
 && chown -R node:node /var/lib/j2 \
 && chmod 700 /var/lib/j2/storage /var/lib/j2/data
USER node
EXPOSE 3000
# Liveness: restarting a process never helps when the database is away, so the image probes
# /health/live; balancers and compose's `healthy` use /health/ready (docker-compose.yml).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (graceful shutdown, src/main.ts); no npm in between.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
