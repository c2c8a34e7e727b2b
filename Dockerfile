# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, ship only production ones, run as a non-root user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Toolchain for native modules (better-sqlite3) when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# npm workspaces: the SDK and the web console declare their own dependencies.
COPY libs/sdk/package.json ./libs/sdk/package.json
COPY console/package.json ./console/package.json
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY libs ./libs
COPY migrations ./migrations
COPY bench ./bench
COPY test/fixtures ./test/fixtures
COPY console ./console
COPY scripts/build-console.mjs ./scripts/build-console.mjs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=8000
WORKDIR /app
RUN groupadd --system --gid 10001 agentic && useradd --system --uid 10001 --gid agentic --home /app agentic \
    && mkdir -p /data && chown agentic:agentic /data
COPY --from=build --chown=agentic:agentic /app/package.json ./package.json
COPY --from=build --chown=agentic:agentic /app/node_modules ./node_modules
COPY --from=build --chown=agentic:agentic /app/dist ./dist
COPY --from=build --chown=agentic:agentic /app/console/dist ./console/dist
USER agentic
VOLUME ["/data"]
# gateway 8000, agents 8002, orchestrator 8003, rag 8004, tools 8005, sqltool 8006, workflow-engine 8007, observability 8008
EXPOSE 8000 8002 8003 8004 8005 8006 8007 8008
# The slim image has no curl: ask node itself. /health is 200 only when every module and the database answer.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
