# syntax=docker/dockerfile:1
# AgentCore Runtime runs linux/arm64; build both for local use:
#   docker buildx build --platform linux/arm64,linux/amd64 -t sre-agent .

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

# 3. The runtime: no compilers, no sources, no secrets, a numeric non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=8080 DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=bundle /app/dist ./dist
COPY package.json ./
COPY scenarios ./scenarios
RUN mkdir -p /app/data && chown 1000:1000 /app/data
USER 1000
EXPOSE 8080
CMD ["node", "dist/main.mjs"]
