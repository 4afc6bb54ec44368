import type { DataSource } from "typeorm";
import type { AppLogger } from "../common/logger";

/** The tables stories grow, whose statistics are refreshed (not the whole database: other schemas may be large). */
const GROWN_BY_STORIES = [
  "articles",
  "article_headline_terms",
  "person_mentions",
  "country_mentions",
  "quotes",
  "people",
  "relations",
  "relation_evidence",
  "clusters",
  "article_revisions",
];

/**
 * Keeps the query planner's statistics up with the stories written. The embedded database has
 * no autovacuum: without a refresh its planner keeps the estimates of the tables as they were
 * (empty, on a new database) and picks plans whose cost grows with the tables (a load of 5,000
 * stories ran at 98 a second where the first 2,000 ran at 167). Every committed write counts its
 * stories here (afterCommit), whether it came through the API one story at a time or as a bulk
 * batch, and the tables are analysed each time the stories written since the last refresh reach
 * the number of articles then counted (so at each doubling), from `from` stories on. On
 * PostgreSQL this only runs ahead of autovacuum in the middle of a load.
 */
export class PlannerStatistics {
  private written = 0;
  /** Articles the planner knew of at the last refresh (from the catalogue at start). */
  private known: number | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly log: AppLogger,
    /** Stories written before the first refresh of a small database. */
    public from = 500,
  ) {}

  /**
   * Counts `stories` committed stories; refreshes the statistics when they are due, and the
   * write that made them due waits for the refresh. One refresh at a time: a write committed
   * meanwhile (another writer of a bulk load) goes on without waiting; its stories count
   * towards the next refresh.
   */
  async wrote(stories: number): Promise<void> {
    this.written += stories;
    if (this.running) return;
    this.known ??= await this.articlesKnown();
    if (this.written < Math.max(this.from, this.known)) return;
    this.running = this.refresh().finally(() => (this.running = null));
    return this.running;
  }

  private async refresh(): Promise<void> {
    this.written = 0;
    const started = Date.now();
    await this.ds.query(`ANALYZE ${GROWN_BY_STORIES.join(", ")}`);
    this.known = await this.articlesKnown();
    this.log.debug({ articles: this.known, ms: Date.now() - started }, "planner statistics refreshed");
  }

  /** The planner's article count (0 for a table never analysed). */
  private async articlesKnown(): Promise<number> {
    const [row] = await this.ds.query(`SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = 'articles'::regclass`);
    return Number(row?.n ?? 0);
  }
}
