import type { DataSource } from "typeorm";
import type { AppLogger } from "../common/logger";
import type { DatabaseKind } from "./data-source";

/** Key of the advisory lock that servers starting on one database take turns under. */
export const STARTUP_LOCK = 5_406_821_907; // any constant; advisory lock keys are per database

/**
 * Runs `work` (migrations, the country sync, the demo set) holding a PostgreSQL advisory lock on
 * a connection of its own: of several servers starting at once on one database, one does it
 * while the others wait, then find nothing left to do. The lock is polled rather than waited on,
 * so that `statement_timeout` never cuts the wait short, and it goes with the connection if the
 * process dies. It needs session-level locks: through a pooler, use session pooling.
 * The embedded database has a single owner process, so nothing to take turns with there.
 */
export async function underStartupLock<T>(ds: DataSource, kind: DatabaseKind, log: AppLogger, work: () => Promise<T>): Promise<T> {
  if (kind === "pglite") return work();
  const runner = ds.createQueryRunner();
  try {
    for (let waited = 0; ; waited++) {
      const [{ locked }] = await runner.query("SELECT pg_try_advisory_lock($1) AS locked", [STARTUP_LOCK]);
      if (locked) break;
      if (waited === 0) log.info("another server is preparing this database (migrations, demo stories): waiting for it");
      await new Promise((r) => setTimeout(r, 200));
    }
    return await work();
  } finally {
    await runner.query("SELECT pg_advisory_unlock($1)", [STARTUP_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
