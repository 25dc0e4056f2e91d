# syntax=docker/dockerfile:1
# One image for every hr-radar service (and the migration job); docker-compose.yml picks
# the entry point per service. No build step: Node 24 runs the TypeScript sources directly
# by stripping types.
FROM node:24-slim

WORKDIR /app

# pnpm at the version package.json pins in `packageManager` (what infra/toolchain.sh
# installs too), read from the file so the two can never drift apart. npm rather than
# corepack, because Node stops bundling corepack from v25 on.
COPY package.json ./
RUN npm install --global --no-fund --no-audit \
      "pnpm@$(node -p 'require("./package.json").packageManager.split("@")[1]')"

# Only the workspace manifests first: the dependency layer below is rebuilt when one of
# them changes, not on every source edit. The test project is left out (and out of the
# build context): the image runs services, and its Kafka/Postgres test tooling is heavy.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
# pnpm applies these to third-party packages at install (pnpm-workspace.yaml: patchedDependencies)
COPY patches/ patches/
COPY packages/alerts/package.json packages/alerts/
COPY packages/cli/package.json packages/cli/
COPY packages/connectors/package.json packages/connectors/
COPY packages/db/package.json packages/db/
COPY packages/demo-feed/package.json packages/demo-feed/
COPY packages/events/package.json packages/events/
COPY packages/ingest-runner/package.json packages/ingest-runner/
COPY packages/local-stack/package.json packages/local-stack/
COPY packages/organisations/package.json packages/organisations/
COPY packages/policy/package.json packages/policy/
COPY packages/queries/package.json packages/queries/
COPY packages/rules/package.json packages/rules/
COPY packages/service-kit/package.json packages/service-kit/
COPY packages/trends/package.json packages/trends/
COPY packages/vendor-standins/package.json packages/vendor-standins/
COPY services/analyzer/package.json services/analyzer/
COPY services/api/package.json services/api/
COPY services/connect/package.json services/connect/
COPY services/ingest-headcount/package.json services/ingest-headcount/
COPY services/ingest-tickets/package.json services/ingest-tickets/

# A plain workspace install, not `pnpm deploy`: deploy copies workspace packages into
# node_modules, and Node refuses to strip types from .ts files under node_modules. Here
# node_modules/@hr-radar/* are symlinks, which Node resolves to their real paths under
# packages/ and services/. The store lives in a build cache, not in the image.
RUN --mount=type=cache,id=hr-radar-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod=false --store-dir /pnpm/store

COPY . .

# A 4 MiB young generation for every service: peak memory ~100 MiB lower at the same speed
# (SERVICE_NODE_OPTIONS in packages/service-kit/src/node-options.ts says why; keep the two equal).
ENV NODE_OPTIONS="--max-semi-space-size=4"

# The services only read their sources; they never need to write into /app.
USER node

# No default command: docker-compose.yml names each service's entry point, e.g.
#   node services/ingest-tickets/src/main.ts
