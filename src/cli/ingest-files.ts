import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { SingleBar, Presets } from "cli-progress";
import type { AppServices } from "../context";
import { ingestStory } from "../ingest/ingest";
import { CorpusLineError, storyFromJson } from "../ingest/corpus-line";

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
const LATER = new Set([".txt", ".xml", ".rss", ".atom"]);

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

/** JSON values of a .jsonl file (one per line) or a .json file (one object or an array), with line numbers. */
async function* jsonRecords(file: string): AsyncGenerator<{ line: number; value?: unknown; error?: string }> {
  if (file.endsWith(".json")) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
      const list = Array.isArray(parsed) ? parsed : [parsed];
      for (const [i, value] of list.entries()) yield { line: i + 1, value };
    } catch (e) {
      yield { line: 1, error: `not valid JSON (${(e as Error).message})` };
    }
    return;
  }
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (!text.trim()) continue;
    try {
      yield { line: n, value: JSON.parse(text) };
    } catch (e) {
      yield { line: n, error: `not valid JSON (${(e as Error).message})` };
    }
  }
}

/**
 * `newsgraph ingest PATH…`: each story in its own transaction; a bad record is reported with
 * its file and line and the run goes on. Shows a progress bar on a terminal.
 */
export async function ingestFiles(app: AppServices, paths: string[], report: (line: string) => void): Promise<IngestSummary> {
  const started = Date.now();
  const files = listFiles(paths);
  const s: IngestSummary = { read: 0, created: 0, updated: 0, skipped: 0, failed: 0, linksResolved: 0, linksPending: 0, seconds: 0 };
  const bar = process.stderr.isTTY ? new SingleBar({ format: "ingest [{bar}] {value}/{total} files | {stories} stories", stream: process.stderr }, Presets.shades_classic) : null;
  bar?.start(files.length, 0, { stories: 0 });
  for (const file of files) {
    const ext = path.extname(file).toLowerCase();
    if (!STRUCTURED.has(ext)) {
      s.skipped++;
      report(`${file}: skipped (${LATER.has(ext) ? "wire and feed formats are not supported yet" : "unknown file type"})`);
      bar?.increment(1, { stories: s.read });
      continue;
    }
    for await (const record of jsonRecords(file)) {
      s.read++;
      try {
        if (record.error) throw new CorpusLineError(record.error);
        const outcome = await ingestStory(app, storyFromJson(record.value));
        if (outcome.created) s.created++;
        else s.updated++;
        s.linksResolved += outcome.resolvedLinks;
        s.linksPending += outcome.pendingLinks;
      } catch (e) {
        s.failed++;
        report(`${file}:${record.line}: ${(e as Error).message}`);
      }
      if (s.read % 100 === 0) bar?.update({ stories: s.read });
    }
    bar?.increment(1, { stories: s.read });
  }
  bar?.stop();
  s.seconds = (Date.now() - started) / 1000;
  return s;
}

export function formatSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 ? (s.created + s.updated) / s.seconds : 0;
  return `read ${s.read}, created ${s.created}, updated ${s.updated}, skipped ${s.skipped}, failed ${s.failed}, links resolved ${s.linksResolved}, pending ${s.linksPending}, ${rate.toFixed(1)} articles/s (${s.seconds.toFixed(1)} s)`;
}
