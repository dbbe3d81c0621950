# The app as one container image (used by docker-compose.yml; not needed to run it on a machine).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm i -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile && TURBO_TELEMETRY_DISABLED=1 pnpm build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json DATA_DIR=/home/node/data SEED_SAMPLES=false
COPY --from=build /app /app
EXPOSE 3000
USER node
CMD ["node", "apps/server/dist/main.js"]
