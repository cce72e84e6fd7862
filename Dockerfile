# syntax=docker/dockerfile:1
# AgentCore Runtime runs linux/arm64 (port 8080, numeric USER). Build both platforms:
#   docker buildx build --platform linux/arm64,linux/amd64 -t sre-agent .
# `npm run image:check` performs the same steps outside Docker (production install, bundle, start, /ping).
#
# Pinning the base image: every FROM below uses node:20-bookworm-slim. For reproducible builds, pin it
# by digest (one multi-platform index digest covers arm64 and amd64):
#   docker buildx imagetools inspect node:20-bookworm-slim --format '{{json .Manifest.Digest}}'
# then write, in all three stages:
#   FROM node:20-bookworm-slim@sha256:<digest>
# and update the digest deliberately (for Node security releases), not implicitly on every build.

# 1. The bundle is plain JavaScript: build it once on the build machine's own platform.
FROM --platform=$BUILDPLATFORM node:20-bookworm-slim AS bundle
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# 2. Production dependencies for the target platform (native addons compile here).
FROM node:20-bookworm-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The runtime: no compilers, no sources, no dev dependencies, no secrets, a numeric non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=8080 DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=bundle /app/dist ./dist
COPY package.json ./
# The runtime finds scenarios/ by walking up from dist/ (src/bootstrap/scenario-paths.ts).
COPY scenarios ./scenarios
RUN mkdir -p /app/data && chown 1000:1000 /app/data
USER 1000
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s CMD ["node","-e","fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.mjs"]
