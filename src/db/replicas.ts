import { DataSource } from "typeorm";
import type { ApolloServerPlugin } from "@apollo/server";
import type { AppLogger } from "../common/logger";
import { createLoaders, type Context } from "../context";
import { CountingLogger } from "./statement-counter";
import { postgresOptions } from "./data-source";

/**
 * PostgreSQL read replicas (DATABASE_REPLICA_URLS), one data source each, taken in turn.
 *
 * Routing is per GraphQL operation rather than per statement (TypeORM's `replication` option
 * routes its own query builder only, while the hot reads go through src/db/read.ts on a
 * data source's pool): a query runs on a replica's data source from start to end; a mutation,
 * whose response shows what it just wrote, runs on the primary for all its reads, and so do
 * subscriptions, API key lookups and startup work.
 */
export class ReadReplicas {
  private turn = 0;

  private constructor(readonly sources: DataSource[]) {}

  /** Connects to every replica (no migrations: they follow the primary). */
  static async open(urls: string[], log: AppLogger): Promise<ReadReplicas | null> {
    if (!urls.length) return null;
    const sources = urls.map((url) => new DataSource(postgresOptions(url, new CountingLogger(log), "newsgraph-read")));
    try {
      await Promise.all(sources.map((s) => s.initialize()));
    } catch (error) {
      await Promise.all(sources.filter((s) => s.isInitialized).map((s) => s.destroy()));
      throw new Error(`cannot reach a read replica of DATABASE_REPLICA_URLS: ${(error as Error).message}`);
    }
    log.info({ replicas: urls.length }, "reading from replicas");
    return new ReadReplicas(sources);
  }

  /** The replica for the next query. */
  next(): DataSource {
    this.turn = (this.turn + 1) % this.sources.length;
    return this.sources[this.turn];
  }

  async close(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.destroy()));
  }
}

/**
 * Moves each query operation onto a replica once Apollo knows the operation's type (the
 * context is made before the document is parsed): its `ds` and fresh loaders over it.
 */
export function readFromReplicasPlugin(replicas: ReadReplicas): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== "query") return;
          const ds = replicas.next();
          contextValue.ds = ds;
          contextValue.loaders = createLoaders(ds);
        },
      };
    },
  };
}
