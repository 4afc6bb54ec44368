import { loadConfig } from "./config";
import { openApp } from "./app";
import { createServer } from "./server";
import { loadDemoIfEmpty } from "./demo/load-demo";
import { createLogger } from "./common/logger";
import { underStartupLock } from "./db/startup-lock";

/** `newsgraph serve`: opens the database, loads demo data on an empty one, listens, stops cleanly on SIGTERM. */
export async function serve(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const app = await openApp(config, log, "serve");
  if (config.demoData) {
    // Under the startup lock: of servers starting together on an empty database, one loads it.
    const loaded = await underStartupLock(app.ds, app.kind, log, () => loadDemoIfEmpty(app));
    if (loaded) log.info({ stories: loaded }, "demo stories loaded");
  }
  const server = await createServer(app);
  const url = await server.listen(config.port, config.host);
  log.info({ url, database: app.kind, ms: Date.now() - started }, `Newsgraph ready at ${url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.drain();
    if (config.drainDelaySeconds > 0) {
      // /readyz says 503 first, so load balancers stop sending requests before the port closes.
      log.info({ signal, seconds: config.drainDelaySeconds }, "draining: /readyz answers 503, requests are still served");
      await new Promise((r) => setTimeout(r, config.drainDelaySeconds * 1000));
    }
    log.info({ signal }, "shutting down: finishing in-flight requests");
    await server.stop();
    log.info("http server drained");
    await app.close();
    log.info("database closed; bye");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
