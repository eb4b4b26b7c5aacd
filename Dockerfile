# syntax=docker/dockerfile:1
# Multi-stage build: dependencies and the generated Prisma client in a build stage; the runtime image
# has production dependencies only and runs as a non-root user. Point DATABASE_URL at PostgreSQL
# (see docker-compose.yml); the embedded PostgreSQL is meant for development, not containers.
# Node 24, the active LTS (Node 20 is past its end of life); package.json's engines field names the
# oldest Node the code runs on, and CI runs the suite there.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY src/db/catalog-safe-pool.ts ./src/db/catalog-safe-pool.ts
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run typecheck && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/src ./src
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/specs ./specs
COPY --from=build --chown=node:node /app/graphql ./graphql
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "src/main.ts"]
