import type { Config } from "./config";
import { createDataSource } from "./db/data-source";
import { migrate } from "./db/migrate";
import { underStartupLock } from "./db/startup-lock";
import { ReadReplicas } from "./db/replicas";
import { CountryDirectory } from "./country/country-directory";
import { CountryMatcher } from "./ingest/extract/country-matcher";
import type { AppServices } from "./context";
import { createLogger, type AppLogger } from "./common/logger";
import { createContentVersion } from "./cache/content-version-factory";
import { PlannerStatistics } from "./db/planner-statistics";
import { EmbeddedNotifications, PgNotifications } from "./live/notifications";

/** The application's long-lived parts, opened and migrated, ready for the server or the CLI. */
export interface App extends AppServices {
  close(): Promise<void>;
}

/**
 * Opens the database (PGlite or PostgreSQL), runs the migrations and loads reference data.
 * `command` (`serve`, `ingest`…) names this process to others sharing an embedded database.
 */
export async function openApp(config: Config, log: AppLogger = createLogger(config.logLevel), command = "newsgraph"): Promise<App> {
  const { dataSource: ds, kind, markReady, close, embedded } = await createDataSource(config, log, command);
  let replicas: ReadReplicas | null = null;
  try {
    await ds.initialize();
    const { applied } = await underStartupLock(ds, kind, log, () => migrate(ds));
    if (applied.length) log.info({ applied }, "migrations applied");
    const countries = await CountryDirectory.load(ds);
    markReady();
    replicas = await ReadReplicas.open(config.replicaUrls, log);
    const contentVersion = await createContentVersion(config, log);
    const notifications = embedded ? new EmbeddedNotifications(embedded) : new PgNotifications(config.databaseUrl!, log);
    return {
      ds,
      kind,
      config,
      log,
      countries,
      matcher: new CountryMatcher(countries.all),
      contentVersion,
      notifications,
      replicas,
      statistics: new PlannerStatistics(ds, log),
      close: async () => {
        await replicas?.close();
        await notifications.close();
        await contentVersion.close();
        await close();
      },
    };
  } catch (error) {
    await replicas?.close();
    await close();
    throw error;
  }
}
