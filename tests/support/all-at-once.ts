import pg from "pg";

/** A test's own transaction holding back every write into one table, reads let through. */
export interface HeldTable {
  /** Resolves once `sessions` sessions of the database wait for a lock (or `gaveUp()` is true). */
  waiting(sessions: number, gaveUp?: () => boolean): Promise<void>;
  /** Lets the writes go. */
  release(): Promise<void>;
}

/**
 * Holds back writes into `table` of the PostgreSQL database at `databaseUrl` (LOCK TABLE … IN
 * SHARE MODE) until released, so a test can line writers up at a known point, without relying
 * on timing: what they read before writing, they have all read.
 */
export async function holdWrites(databaseUrl: string, table: string): Promise<HeldTable> {
  const holder = new pg.Client({ connectionString: databaseUrl });
  await holder.connect();
  await holder.query("BEGIN");
  await holder.query(`LOCK TABLE ${table} IN SHARE MODE`);
  return {
    async waiting(sessions, gaveUp = () => false) {
      for (;;) {
        // Inside a transaction, statistics views answer from a snapshot unless it is cleared.
        await holder.query("SELECT pg_stat_clear_snapshot()");
        const { rows } = await holder.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        if (rows[0].n >= sessions || gaveUp()) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async release() {
      try {
        await holder.query("COMMIT");
      } finally {
        await holder.end();
      }
    },
  };
}

/**
 * Starts concurrent writers so that they really overlap, on PostgreSQL: every write into
 * `articles` is held back until `writers` sessions wait for a lock, then they all go. Every
 * writer has then read what it reads before any of them writes — the race a test wants to
 * show. Without `databaseUrl` (PGlite: one session, one transaction at a time) the writers
 * simply run together. Writers of a source not stored yet would queue behind the first one on
 * its row, so tests store their sources first.
 */
export async function allAtOnce<T>(databaseUrl: string | undefined, writers: number, start: () => Promise<T>[]): Promise<T[]> {
  if (!databaseUrl) return Promise.all(start());
  const held = await holdWrites(databaseUrl, "articles");
  let settled = false;
  const all = Promise.all(start()).finally(() => (settled = true));
  try {
    await held.waiting(writers, () => settled);
  } finally {
    await held.release();
  }
  return all;
}
