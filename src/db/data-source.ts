import "reflect-metadata";
import { DataSource, type DataSourceOptions } from "typeorm";
import type { Config } from "../config";
import { ENTITIES } from "./entities";
import { MIGRATIONS } from "../../migrations";
import { CountingLogger } from "./statement-counter";
import type { AppLogger } from "../common/logger";
import type { ListeningDatabase } from "../live/notifications";
import { openEmbedded } from "./embedded/embedded";
import { SOCKET_PORT } from "./embedded/socket-server";

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

/** TypeORM options for a PostgreSQL server at `url` (the primary, or a read replica). */
export function postgresOptions(url: string, logger: CountingLogger, applicationName: string): DataSourceOptions {
  return {
    ...common,
    url,
    logger,
    poolSize: 10,
    extra: {
      // Fail fast while the database is down instead of queueing requests forever.
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
      statement_timeout: 15000,
      application_name: applicationName,
      // No JIT compilation: our statements are short, and a plan whose estimate crosses
      // jit_above_cost (the link lookups of a bulk ingest, a ranked search) spent 10-200 ms
      // compiling before running for a few. A per-session setting, nothing global.
      options: "-c jit=off",
    },
  };
}

/** A data source not yet initialized, with what its database needs around it. */
export interface OpenedDataSource {
  dataSource: DataSource;
  kind: DatabaseKind;
  /** Migrations are done: the embedded database of `serve` now takes other processes' connections. */
  markReady: () => void;
  close: () => Promise<void>;
  /** The embedded database's NOTIFYs, heard in this process (PostgreSQL: absent, use LISTEN). */
  embedded?: ListeningDatabase;
}

/**
 * Creates (but does not initialize) the data source: PostgreSQL when DATABASE_URL is set,
 * otherwise the embedded PGlite database in DATA_DIR, owned by one process (see
 * src/db/embedded/). `command` names this process in the data folder's lock.
 */
export async function createDataSource(config: Config, log: AppLogger, command = "newsgraph"): Promise<OpenedDataSource> {
  const logger = new CountingLogger(log);
  if (config.databaseUrl) {
    const dataSource = new DataSource(postgresOptions(config.databaseUrl, logger, "newsgraph"));
    return {
      dataSource,
      kind: "postgres",
      markReady: () => {},
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
      },
    };
  }

  // One PGlite per data folder (a second one would write to a copy of it): the owning process
  // serves it on a Unix socket, and every process, the owner included, connects with pg.
  const embedded = await openEmbedded(config.dataDir, command, log, { idleTransactionMs: config.embeddedIdleTransactionSeconds * 1000 });
  const dataSource = new DataSource({
    ...common,
    logger,
    host: embedded.socketDir,
    port: SOCKET_PORT,
    username: "postgres",
    database: "postgres",
    // PGlite runs one statement at a time whatever the pool; one connection, kept open, keeps
    // this process's prepared statements.
    poolSize: 1,
    extra: { application_name: `newsgraph ${command}`, idleTimeoutMillis: 0 },
  });
  return {
    dataSource,
    kind: "pglite",
    markReady: embedded.markReady,
    embedded: embedded.notifications,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded.close();
    },
  };
}
