import type { AppServices } from "../../context";
import { TaskPool } from "../../common/task-pool";
import { writeStories, writeStory } from "../ingest.service";
import type { PreparedStory } from "../prepare";
import type { IngestOutcome } from "../story";
import { afterCommit } from "../../live/after-commit";
import { ChangeType } from "../../live/change-event";
import { PreparePool } from "./prepare-pool";
import type { PrepareResult, PrepareTask } from "./prepare-task";
import { batchFootprint, footprintsConflict, type BatchFootprint } from "./batch-footprint";

/** A record of an input file: where it is (for reports) and what to prepare. */
export interface BulkRecord {
  file: string;
  line: number;
  task: PrepareTask;
}

export interface BulkOptions {
  /** Stories per transaction. */
  batchSize: number;
  /** Worker threads preparing stories (0: on the main thread). */
  workers: number;
  /** Transactions written side by side (PostgreSQL; PGlite has one session). */
  writers: number;
}

export interface BulkTotals {
  created: number;
  updated: number;
  failed: number;
  /** Ids of the articles written. */
  ids: string[];
}

/**
 * The bulk ingest pipeline: records are prepared in chunks on worker threads (prepareStory,
 * the extraction every route uses) while earlier chunks are written, each chunk as one
 * transaction through writeStories (the one write path, batched). A record that cannot be
 * prepared is reported alone with its file and line. A batch the database refuses is written
 * again one story at a time, so only the bad story fails. A batch is all or nothing: an
 * interrupted run leaves no half-written story, and running it again updates in place.
 */
export class BulkIngest {
  private readonly prepare: PreparePool;
  private readonly writes: TaskPool;
  /** With writers side by side: batches wait for earlier ones whose result would depend on the order (batch-footprint.ts). */
  private readonly turns: WriteTurns | null;
  private pending: BulkRecord[] = [];
  readonly totals: BulkTotals = { created: 0, updated: 0, failed: 0, ids: [] };

  constructor(
    private readonly app: AppServices,
    private readonly report: (line: string) => void,
    private readonly options: BulkOptions,
  ) {
    this.prepare = new PreparePool(app, options.workers);
    this.writes = new TaskPool(options.writers);
    // One writer writes in file order anyway.
    this.turns = options.writers > 1 ? new WriteTurns() : null;
  }

  /** Adds a record; waits while the writers are busy (so memory stays bounded). */
  async add(record: BulkRecord): Promise<void> {
    this.pending.push(record);
    if (this.pending.length >= this.options.batchSize) await this.flush();
  }

  /** Writes what is buffered and waits for every write; closes the workers. */
  async finish(): Promise<BulkTotals> {
    try {
      await this.flush();
      await this.writes.drain();
    } finally {
      await this.prepare.close();
    }
    return this.totals;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    // Prepared on the workers now, written when a writer is free (in order with one writer).
    const prepared = this.prepare.prepare(records.map((r) => r.task));
    const turn = this.turns?.enter(prepared.then((results) => batchFootprint(results.flatMap((r) => ("story" in r ? [r.story] : [])))));
    await this.writes.run(async () => {
      try {
        const results = await prepared;
        await turn?.ready();
        await this.write(records, results);
      } finally {
        turn?.leave();
      }
    });
  }

  private async write(records: BulkRecord[], results: PrepareResult[]): Promise<void> {
    const batch: { record: BulkRecord; story: PreparedStory }[] = [];
    results.forEach((result, i) => {
      if ("error" in result) this.fail(records[i], result.error);
      else batch.push({ record: records[i], story: result.story });
    });
    let outcomes: (IngestOutcome | null)[];
    try {
      outcomes = await writeStories(this.app.ds, batch.map((b) => b.story), { waitForDisk: false });
    } catch {
      // Something in the batch was refused: one story at a time, so only that story fails.
      outcomes = [];
      for (const b of batch) outcomes.push(await writeStory(this.app.ds, b.story).catch((e: Error) => (this.fail(b.record, e.message), null)));
    }
    const written = outcomes.filter((o): o is IngestOutcome => o !== null);
    for (const outcome of written) {
      if (outcome.created) this.totals.created++;
      else this.totals.updated++;
      this.totals.ids.push(outcome.articleId);
    }
    // Cached pages move on, subscribers hear of the batch and the planner's statistics follow, as after any committed write.
    if (written.length) await afterCommit(this.app, { articles: written.map((o) => ({ id: o.articleId, type: o.created ? ChangeType.CREATED : ChangeType.UPDATED })) });
  }

  private fail(record: BulkRecord, message: string): void {
    this.totals.failed++;
    this.report(`${record.file}:${record.line}: ${message}`);
  }
}

/**
 * Batches in file order, each with its footprint; a batch's turn comes when every earlier batch
 * still being written whose footprint conflicts with its own has committed. Waits only point to
 * earlier batches, so they cannot go round in a circle.
 */
class WriteTurns {
  private readonly open: { footprint: Promise<BatchFootprint>; done: Promise<void> }[] = [];

  enter(footprint: Promise<BatchFootprint>): { ready(): Promise<void>; leave(): void } {
    const earlier = [...this.open];
    let leave!: () => void;
    const entry = { footprint, done: new Promise<void>((resolve) => (leave = resolve)) };
    // A batch whose preparation failed as a whole conflicts with nothing.
    footprint.catch(() => undefined);
    this.open.push(entry);
    return {
      ready: async () => {
        const mine = await footprint;
        for (const e of earlier) {
          const theirs = await e.footprint.catch(() => null);
          if (theirs && footprintsConflict(mine, theirs)) await e.done;
        }
      },
      leave: () => {
        this.open.splice(this.open.indexOf(entry), 1);
        leave();
      },
    };
  }
}
