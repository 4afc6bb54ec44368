import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Pool, QueryResultRow } from "pg";
import { currentTally } from "./statement-counter";
import { sqlStatements } from "../common/metrics";

const names = new Map<string, string>();

/** A stable prepared-statement name for a SQL text. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = "ng_" + createHash("sha1").update(text).digest("hex").slice(0, 20);
    if (names.size < 5000) names.set(text, name);
  }
  return name;
}

/**
 * The pg pool of a PostgreSQL data source. TypeORM has no public accessor for it; its postgres
 * driver keeps the pool as `master` (and `slaves` with its own replication, which we do not use).
 */
export function poolOf(ds: DataSource): Pool {
  return (ds.driver as unknown as { master: Pool }).master;
}

/**
 * Runs a read-only statement as a named prepared statement on the data source's pool: every
 * connection parses each distinct read once, and plans it once where PostgreSQL settles on a
 * generic plan (after five executions, when that plan is estimated no worse). A statement whose
 * estimate hangs on a parameter keeps custom plans, planned per execution: compiled reads write
 * their row limits into the text for that reason (read-plan/plan-build.ts, LimitedSql). Reads
 * only: writes stay in TypeORM transactions. Counted like every other statement (EXPOSE_SQL_COUNT).
 */
export async function readRows<T extends QueryResultRow = Record<string, unknown>>(ds: DataSource, text: string, values: unknown[] = []): Promise<T[]> {
  const tally = currentTally();
  if (tally) tally.count++;
  sqlStatements.inc();
  const pool = poolOf(ds);
  const result = await pool.query<T>({ name: statementName(text), text, values });
  return result.rows;
}
