# Newsgraph server image. docker-compose.yml runs two of these behind nginx.
FROM node:20-slim

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. Scripts wait for the
# sources: `npm run build` below compiles the server and bundles the dashboard.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts

COPY . .
# Compile to dist/ (bin/newsgraph.cjs runs dist/ when present) and bundle the dashboard into
# dist/dashboard/, then drop build-only packages.
RUN npm run build && npm prune --omit=dev \
 && mkdir -p /app/data && chown node:node /app/data

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DEMO_DATA=true \
    PORT=4000

USER node
EXPOSE 4000
CMD ["node", "bin/newsgraph.cjs", "serve"]
