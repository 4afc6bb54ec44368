import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { SingleBar, Presets } from "cli-progress";
import type { AppServices } from "../context";
import os from "node:os";
import { CorpusLineError } from "../ingest/corpus-line";
import { storyFromWire, type WireOptions } from "../ingest/wire-story";
import { feedItemToStory, feedSourceCode, parseFeed } from "../ingest/parse/feed";
import type { StoryInput } from "../ingest/story";
import { resolvePendingLinks } from "../ingest/ingest.service";
import { BulkIngest, type BulkOptions } from "../ingest/bulk/bulk-ingest";
import type { PrepareTask } from "../ingest/bulk/prepare-task";

/** Totals of an ingest run, printed as the summary line. */
export interface IngestSummary {
  read: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  linksResolved: number;
  linksPending: number;
  seconds: number;
}

const STRUCTURED = new Set([".jsonl", ".json", ".ndjson"]);
const WIRE = new Set([".txt"]);
const FEEDS = new Set([".xml", ".rss", ".atom"]);

/** A file's text; invalid UTF-8 is an error, not replacement characters. */
function readUtf8(file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(file));
  } catch (error) {
    if (error instanceof TypeError) throw new CorpusLineError("not valid UTF-8 text");
    throw error;
  }
}

/** Every file under the given paths (folders recursively), sorted for a stable order. */
export function listFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry));
    else out.push(p);
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`${p}: no such file or folder`);
    walk(p);
  }
  return out;
}

/** One record of an input file: a story (wire, feed), a JSON value or line to read as one, or why not. */
interface InputRecord {
  line: number;
  task: PrepareTask;
}

/** What a caller may say about a wire file beside its text (from a `manifest.jsonl` sidecar). */
type WireMeta = Pick<WireOptions, "headline" | "publishedAt" | "url" | "source">;

/**
 * Reads a folder's `manifest.jsonl` sidecar, when it has one, as caller-given metadata of its
 * wire files: `{ file, headline?, publishedAt?, url? }` per line. Only these fields are taken;
 * anything else in it (the corpus generator writes expected extractions there) is ignored.
 */
function readWireManifests(files: string[]): { meta: Map<string, WireMeta>; manifests: Set<string> } {
  const meta = new Map<string, WireMeta>();
  const manifests = new Set<string>();
  for (const file of files) {
    if (path.basename(file) !== "manifest.jsonl") continue;
    const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim());
    const entries = lines.map((l) => { try { return JSON.parse(l); } catch { return null; } });
    if (!entries.length || !entries.every((e) => e && typeof e.file === "string")) continue;
    manifests.add(file);
    for (const e of entries) {
      const publishedAt = typeof e.publishedAt === "string" && !Number.isNaN(Date.parse(e.publishedAt)) ? new Date(e.publishedAt) : null;
      meta.set(path.resolve(path.dirname(file), e.file), {
        headline: typeof e.headline === "string" ? e.headline : null,
        publishedAt,
        url: typeof e.url === "string" ? e.url : null,
      });
    }
  }
  return { meta, manifests };
}

/** A wire story file: one story, published at the file's modification time unless its metadata says otherwise. */
async function* wireRecords(app: AppServices, file: string, meta: WireMeta | undefined): AsyncGenerator<InputRecord> {
  try {
    const text = readUtf8(file);
    const story = storyFromWire(text, { ...meta, publishedAt: meta?.publishedAt ?? fs.statSync(file).mtime }, app.config.maxStoryBytes);
    // The file's time stands in for a publication time the story does not give.
    yield { line: 1, task: { story: { ...story, publishedAtGuessed: !meta?.publishedAt } satisfies StoryInput } };
  } catch (error) {
    yield { line: 1, task: { error: (error as Error).message } };
  }
}

/** RSS or Atom: one story per item. */
async function* feedRecords(file: string): AsyncGenerator<InputRecord> {
  let feed;
  try {
    feed = parseFeed(readUtf8(file));
  } catch (error) {
    yield { line: 1, task: { error: (error as Error).message } };
    return;
  }
  const source = { code: feedSourceCode(feed), name: feed.title };
  const fallback = fs.statSync(file).mtime;
  for (const item of feed.items) yield { line: item.index + 1, task: { story: feedItemToStory(item, source, fallback) } };
}

async function* jsonRecords(file: string): AsyncGenerator<InputRecord> {
  if (file.endsWith(".json")) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
      const list = Array.isArray(parsed) ? parsed : [parsed];
      for (const [i, value] of list.entries()) yield { line: i + 1, task: { value } };
    } catch (e) {
      yield { line: 1, task: { error: `not valid JSON (${(e as Error).message})` } };
    }
    return;
  }
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    // Parsed with the story, on a worker thread.
    if (text.trim()) yield { line: n, task: { text } };
  }
}

/**
 * The extraction annotations among the files: `NAME.expected.json` beside the story file `NAME.txt`
 * (or another story format) it describes, as in the annotated wire sets. They say what a story
 * should yield, they are not stories.
 */
export function annotationFiles(files: string[]): Set<string> {
  const all = new Set(files.map((f) => path.resolve(f)));
  const suffix = ".expected.json";
  return new Set(
    files.filter((f) => {
      if (!f.toLowerCase().endsWith(suffix)) return false;
      const story = path.resolve(f.slice(0, -suffix.length));
      return [...WIRE, ...FEEDS, ...STRUCTURED].some((ext) => all.has(story + ext));
    }),
  );
}

/** How `newsgraph ingest` writes: stories per transaction, preparing threads, writers side by side. */
export function bulkOptions(app: AppServices, options: Partial<BulkOptions> = {}): BulkOptions {
  return {
    batchSize: options.batchSize ?? 250,
    workers: options.workers ?? Math.max(1, Math.min(4, os.availableParallelism() - 1)),
    // PGlite has one session: one writer there. On PostgreSQL two: while one batch's statements
    // run, the next one's are sent (batches whose result depends on their order still go in turn).
    writers: app.kind === "pglite" ? 1 : (options.writers ?? 2),
  };
}

/**
 * `newsgraph ingest PATH…`: stories are prepared on worker threads and written in batches,
 * each batch one transaction (see ingest/bulk/bulk-ingest.ts); a bad record is reported with
 * its file and line and the run goes on. Shows a progress bar on a terminal.
 */
export async function ingestFiles(app: AppServices, paths: string[], report: (line: string) => void, options: Partial<BulkOptions> = {}): Promise<IngestSummary> {
  const started = Date.now();
  const settings = bulkOptions(app, options);
  const listed = listFiles(paths);
  const { meta, manifests } = readWireManifests(listed);
  const annotations = annotationFiles(listed);
  const files = listed.filter((f) => !manifests.has(f) && !annotations.has(f));
  const s: IngestSummary = { read: 0, created: 0, updated: 0, skipped: 0, failed: 0, linksResolved: 0, linksPending: 0, seconds: 0 };
  const bar = process.stderr.isTTY ? new SingleBar({ format: "ingest [{bar}] {value}/{total} files | {stories} stories", stream: process.stderr }, Presets.shades_classic) : null;
  if (annotations.size) {
    s.skipped += annotations.size;
    report(`skipped ${annotations.size} annotation file(s) (NAME.expected.json beside the story NAME it annotates; \`npm run score\` reads them)`);
  }
  bar?.start(files.length, 0, { stories: 0 });
  const bulk = new BulkIngest(app, report, settings);
  try {
    for (const file of files) {
      const ext = path.extname(file).toLowerCase();
      const records = STRUCTURED.has(ext) ? jsonRecords(file) : WIRE.has(ext) ? wireRecords(app, file, meta.get(path.resolve(file))) : FEEDS.has(ext) ? feedRecords(file) : null;
      if (!records) {
        s.skipped++;
        report(`${file}: skipped (not a .txt, .jsonl, .json or .xml file)`);
        bar?.increment(1, { stories: s.read });
        continue;
      }
      for await (const record of records) {
        s.read++;
        await bulk.add({ file, line: record.line, task: record.task });
        if (s.read % 100 === 0) bar?.update({ stories: s.read });
      }
      bar?.increment(1, { stories: s.read });
    }
  } finally {
    const totals = await bulk.finish();
    bar?.stop();
    Object.assign(s, { created: totals.created, updated: totals.updated, failed: totals.failed });
    // Batches written side by side cannot see each other's uncommitted links: settle them now.
    if (settings.writers > 1) await resolvePendingLinks(app.ds);
    Object.assign(s, await linkTotals(app, totals.ids));
  }
  s.seconds = (Date.now() - started) / 1000;
  return s;
}

/** Where the printed links of the stories of this run stand at its end (later stories resolve earlier links). */
async function linkTotals(app: AppServices, ids: string[]): Promise<{ linksResolved: number; linksPending: number }> {
  if (ids.length === 0) return { linksResolved: 0, linksPending: 0 };
  const [row] = await app.ds.query(
    `SELECT count(*) FILTER (WHERE object_article_id IS NOT NULL)::int AS resolved, count(*) FILTER (WHERE object_article_id IS NULL)::int AS pending
     FROM relations WHERE subject_article_id = ANY($1::uuid[]) AND kind IN ('RELATED_NEWS', 'READ_MORE')`,
    [ids],
  );
  return { linksResolved: row.resolved, linksPending: row.pending };
}

export function formatSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 ? (s.created + s.updated) / s.seconds : 0;
  return `read ${s.read}, created ${s.created}, updated ${s.updated}, skipped ${s.skipped}, failed ${s.failed}, links resolved ${s.linksResolved}, pending ${s.linksPending}, ${rate.toFixed(1)} articles/s (${s.seconds.toFixed(1)} s)`;
}
