import path from "node:path";
import { Worker } from "node:worker_threads";
import type { AppServices } from "../../context";
import { runPrepareTask, type PrepareResult, type PrepareTask } from "./prepare-task";

/**
 * Prepares records (parse, validate, extract: prepareStory) on worker threads, so extraction
 * runs beside the database writes. With no workers it prepares on the calling thread.
 */
export class PreparePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: PrepareResult[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private turn = 0;

  constructor(
    private readonly app: AppServices,
    size: number,
  ) {
    const workerData = { countries: app.countries.all.map((c) => ({ ...c })), maxStoryBytes: app.config.maxStoryBytes };
    for (let i = 0; i < size; i++) {
      const worker = startWorker(workerData);
      worker.on("message", ({ id, results }: { id: number; results: PrepareResult[] }) => {
        this.waiting.get(id)?.resolve(results);
        this.waiting.delete(id);
      });
      worker.on("error", (error) => {
        for (const w of this.waiting.values()) w.reject(error);
        this.waiting.clear();
      });
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Prepares a chunk of records; results in the same order. */
  prepare(tasks: PrepareTask[]): Promise<PrepareResult[]> {
    if (this.workers.length === 0) {
      const tools = { countries: this.app.countries, matcher: this.app.matcher, maxStoryBytes: this.app.config.maxStoryBytes };
      return Promise.resolve(tasks.map((t) => runPrepareTask(t, tools)));
    }
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, tasks });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * A worker running prepare-worker: the compiled .js beside this file, or the TypeScript source
 * through tsx when running from source (as bin/newsgraph.cjs does).
 */
function startWorker(workerData: unknown): Worker {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `prepare-worker${ext}`);
  // tsx by its resolved path: an eval'd worker resolves bare names from the working directory.
  if (ext === ".ts") return new Worker(`require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(file)});`, { eval: true, workerData });
  return new Worker(file, { workerData });
}
