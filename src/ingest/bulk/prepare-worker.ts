import { parentPort, workerData } from "node:worker_threads";
import { CountryDirectory } from "../../country/country-directory";
import type { Country } from "../../country/country.entity";
import { CountryMatcher } from "../extract/country-matcher";
import { runPrepareTask, type PrepareTask } from "./prepare-task";

/**
 * Worker thread of the prepare pool: builds the same country directory and matcher as the
 * main thread (from the rows it was handed), then prepares the chunks of records it is sent.
 */
const { countries, maxStoryBytes } = workerData as { countries: Country[]; maxStoryBytes: number };
const directory = new CountryDirectory(countries);
const tools = { countries: directory, matcher: new CountryMatcher(directory.all), maxStoryBytes };

parentPort!.on("message", ({ id, tasks }: { id: number; tasks: PrepareTask[] }) => {
  parentPort!.postMessage({ id, results: tasks.map((t) => runPrepareTask(t, tools)) });
});
