import "reflect-metadata";
import fs from "node:fs";
import { Command } from "commander";
import { openApp } from "../app";
import { loadConfig } from "../config";
import { createLogger } from "../common/logger";
import { loadExpectations } from "./expected";
import { scoreStories } from "./run";
import { COUNT_METRICS, failedBars, formatMisses, formatTotals, RATIO_METRICS, totals, type Bar } from "./totals";

const camel = (s: string): string => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

const program = new Command("score")
  .description(
    "Ingests annotated wire stories (NAME.txt + NAME.expected.json, or a generated folder with manifest.jsonl) into a throwaway " +
      "embedded database and scores what was stored against the annotations. Exit code 1 when a figure misses its bar.",
  )
  .argument("<paths...>", "folders of annotated stories, .expected.json or .txt files, or manifest.jsonl files")
  .option("--quiet", "totals only, no per-story misses")
  .option("--json <file>", "also write every story's score and the totals as JSON");
for (const name of RATIO_METRICS) program.option(`--min-${name} <ratio>`, `fail when ${name} is below this`, parseFloat);
for (const name of COUNT_METRICS) program.option(`--max-${name} <count>`, `fail when ${name} is above this`, parseFloat);

program.action(async (paths: string[], opts: Record<string, unknown>) => {
  const bars: Bar[] = [
    ...RATIO_METRICS.map((metric) => ({ metric, bound: "min" as const, value: opts[camel(`min-${metric}`)] as number })),
    ...COUNT_METRICS.map((metric) => ({ metric, bound: "max" as const, value: opts[camel(`max-${metric}`)] as number })),
  ].filter((b) => b.value !== undefined);
  for (const b of bars) if (Number.isNaN(b.value)) throw new Error(`--${b.bound}-${b.metric} needs a number`);

  const stories = loadExpectations(paths);
  // A throwaway in-memory database: nothing outside this process sees or keeps it.
  const config = loadConfig({ DATA_DIR: "memory://" }, { demoData: false, logLevel: "silent" });
  const app = await openApp(config, createLogger("silent"));
  const started = Date.now();
  let scores;
  try {
    scores = await scoreStories(app, stories, (done) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${done}/${stories.length} stories`);
    });
  } finally {
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
    await app.close();
  }
  const metrics = totals(scores);
  if (!opts.quiet) for (const line of formatMisses(scores)) console.log(line);
  console.log(`${stories.length} stories from ${paths.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const line of formatTotals(metrics)) console.log(line);
  if (opts.json) fs.writeFileSync(String(opts.json), JSON.stringify({ scores, totals: Object.fromEntries(metrics) }, null, 2));
  const failed = failedBars(metrics, bars);
  for (const line of failed) console.log(`BELOW BAR: ${line}`);
  if (failed.length) process.exitCode = 1;
});

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`score: ${(error as Error).message ?? error}`);
  process.exit(2);
});
