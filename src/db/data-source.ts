import "reflect-metadata";
import { DataSource, type DataSourceOptions } from "typeorm";
import type { Config } from "../config";
import { ENTITIES } from "./entities";
import { MIGRATIONS } from "../../migrations";
import { CountingLogger } from "./statement-counter";
import type { AppLogger } from "../common/logger";
import type { ListeningDatabase } from "../live/notifications";

/** Which database a data source talks to. */
export type DatabaseKind = "postgres" | "pglite";

const common = {
  type: "postgres" as const,
  entities: ENTITIES,
  migrations: MIGRATIONS,
  migrationsTableName: "migrations",
  synchronize: false,
  maxQueryExecutionTime: 1000,
  installExtensions: false,
  uuidExtension: "pgcrypto" as const,
};

/**
 * Creates (but does not initialize) the data source: PostgreSQL when DATABASE_URL is set,
 * otherwise the embedded PGlite database in DATA_DIR. PGlite has a single session, so its
 * pool holds one connection and transactions are serialised by the pool.
 */
export async function createDataSource(
  config: Config,
  log?: AppLogger,
): Promise<{ dataSource: DataSource; kind: DatabaseKind; close: () => Promise<void>; embedded?: ListeningDatabase }> {
  const logger = new CountingLogger(log);
  if (config.databaseUrl) {
    const options: DataSourceOptions = {
      ...common,
      url: config.databaseUrl,
      logger,
      poolSize: 10,
      extra: {
        // Fail fast while the database is down instead of queueing requests forever.
        connectionTimeoutMillis: 3000,
        idleTimeoutMillis: 30000,
        statement_timeout: 15000,
        application_name: "newsgraph",
        // No JIT compilation: our statements are short, and a plan whose estimate crosses
        // jit_above_cost (the link lookups of a bulk ingest, a ranked search) spent 10-200 ms
        // compiling before running for a few. A per-session setting, nothing global.
        options: "-c jit=off",
      },
    };
    const dataSource = new DataSource(options);
    return { dataSource, kind: "postgres", close: () => dataSource.destroy() };
  }

  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  const dataDir = config.dataDir === "memory://" ? undefined : config.dataDir;
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const pgConfig = createPgConfig(pglite);
  const dataSource = new DataSource({
    ...common,
    logger,
    poolSize: 1,
    extra: { ...pgConfig },
  });
  return {
    dataSource,
    kind: "pglite",
    embedded: pglite,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await pglite.close();
    },
  };
}
