import pg from "pg";

/**
 * Starts concurrent writers so that they really overlap, on PostgreSQL: a transaction of the
 * test's own holds back every write into `articles` (LOCK TABLE … IN SHARE MODE lets reads
 * through) until `writers` sessions wait for a lock, then lets them all go. Every writer has
 * then read what it reads before any of them writes — the race a test wants to show, without
 * relying on timing. Without `databaseUrl` (PGlite: one session, one transaction at a time)
 * the writers simply run together. Writers of a source not stored yet would queue behind the
 * first one on its row, so tests store their sources first.
 */
export async function allAtOnce<T>(databaseUrl: string | undefined, writers: number, start: () => Promise<T>[]): Promise<T[]> {
  if (!databaseUrl) return Promise.all(start());
  const holder = new pg.Client({ connectionString: databaseUrl });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE articles IN SHARE MODE");
    let settled = false;
    const all = Promise.all(start()).finally(() => (settled = true));
    for (;;) {
      // Inside a transaction, statistics views answer from a snapshot unless it is cleared.
      await holder.query("SELECT pg_stat_clear_snapshot()");
      const { rows } = await holder.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      if (rows[0].n >= writers || settled) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await holder.query("COMMIT");
    return await all;
  } finally {
    await holder.end();
  }
}
