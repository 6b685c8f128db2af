# One image for the server and the workers (docker-compose.yml picks the command). Node 20, pnpm as pinned in
# package.json, a frozen lockfile, and only production dependencies in the final stage.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY workers/package.json workers/
COPY client/package.json client/
COPY tools/package.json tools/
COPY tests/package.json tests/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build && pnpm --filter @benchline/server deploy --legacy --prod /out/server && pnpm --filter @benchline/workers deploy --legacy --prod /out/workers

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /out/server ./server
COPY --from=build /out/workers ./workers
COPY --from=build /app/client/dist ./client/dist
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=64", "server/dist/server.js"]
