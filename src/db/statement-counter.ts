import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger, QueryRunner } from "typeorm";
import { sqlStatements } from "../common/metrics";

/** Per-request tally of SQL statements, kept in async-local storage. */
export interface StatementTally {
  count: number;
}

const storage = new AsyncLocalStorage<StatementTally>();

/** Runs `fn` with a fresh statement tally that every query inside it adds to. */
export function countStatements<T>(tally: StatementTally, fn: () => T): T {
  return storage.run(tally, fn);
}

/** The tally of the request being served, if any. */
export function currentTally(): StatementTally | undefined {
  return storage.getStore();
}

/**
 * TypeORM logger that counts statements per request (for the N+1 tests and the benchmark)
 * and hands errors and slow queries to the application logger.
 */
export class CountingLogger implements Logger {
  constructor(private readonly app?: { warn(obj: object, msg: string): void; debug(obj: object, msg: string): void }) {}

  logQuery(query: string): void {
    sqlStatements.inc();
    const tally = storage.getStore();
    if (tally) tally.count++;
    this.app?.debug({ query }, "sql");
  }
  logQueryError(error: string | Error, query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    this.app?.debug({ err: error, query }, "sql error");
  }
  logQuerySlow(time: number, query: string): void {
    this.app?.warn({ ms: time, query: query.slice(0, 500) }, "slow sql");
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.app?.debug({ message }, "migration");
  }
  log(): void {}
}
