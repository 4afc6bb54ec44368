import "reflect-metadata";
import { Command, Option } from "commander";
import { ConfigError, loadConfig } from "../config";
import { openApp, type App } from "../app";
import { serve } from "../main";
import { createApiKey, listApiKeys, revokeApiKey } from "../auth/api-key.service";
import { Role } from "../auth/api-key.entity";
import { loadDemoStories } from "../demo/load-demo";
import { createLogger } from "../common/logger";
import { formatSummary, ingestFiles } from "./ingest-files";
import { printSchemaFile } from "../schema";
import { parseExpiry } from "../auth/key-expiry";
import type { ApiKey } from "../auth/api-key.entity";

/** Opens the app for `command` with a quiet logger, runs `fn`, closes. */
async function withApp<T>(command: string, fn: (app: App) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const app = await openApp(config, createLogger(process.env.LOG_LEVEL ?? "warn"), command);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

const program = new Command("newsgraph").description("Newsgraph: a GraphQL server for news").showHelpAfterError();

program.command("serve").description("run the GraphQL server (embedded database unless DATABASE_URL is set)").action(serve);

program
  .command("migrate")
  .description("apply pending database migrations and sync the country table")
  .action(() => withApp("migrate", async (app) => console.log(`database is up to date (${app.kind})`)));

program
  .command("ingest")
  .description("ingest stories: wire .txt files, .jsonl/.json corpus files, RSS/Atom .xml feeds; folders recursively")
  .argument("<paths...>", "files or folders")
  .option("--batch <n>", "stories written per transaction", "250")
  .option("--workers <n>", "threads preparing stories (default: cores - 1, at most 4)")
  .option("--concurrency <n>", "transactions written side by side (PostgreSQL only; default 2)")
  .action((paths: string[], opts: { batch: string; workers?: string; concurrency?: string }) =>
    withApp("ingest", async (app) => {
      const whole = (name: string, raw: string, min: number, max: number) => {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
        return n;
      };
      const summary = await ingestFiles(app, paths, (line) => console.error(line), {
        batchSize: whole("batch", opts.batch, 1, 5000),
        workers: opts.workers === undefined ? undefined : whole("workers", opts.workers, 0, 16),
        writers: opts.concurrency === undefined ? undefined : whole("concurrency", opts.concurrency, 1, 32),
      });
      console.log(formatSummary(summary));
      if (summary.failed > 0) process.exitCode = 1;
    }),
  );

program
  .command("demo")
  .description("load the demo stories")
  .action(() => withApp("demo", async (app) => console.log(`loaded ${await loadDemoStories(app)} demo stories`)));

program
  .command("schema")
  .description("print the GraphQL schema (SDL)")
  .action(async () => {
    process.stdout.write(await printSchemaFile());
  });

const keys = program.command("keys").description("manage API keys");
keys
  .command("create")
  .description("create a key; the key is printed alone on the last line, once")
  .addOption(new Option("--role <role>", "what the key may do").choices(Object.values(Role)).default(Role.EDITOR))
  .option("--name <name>", "what the key is for", "unnamed")
  .option("--expires <when>", "when the key stops working: 30d, 12h, 90m, 2w, or an ISO date or time (2026-12-31, 2026-12-31T18:00Z); default never")
  .action((opts: { role: Role; name: string; expires?: string }) => {
    // Checked before the database is opened: a bad value creates nothing.
    const expiresAt = opts.expires === undefined ? null : parseExpiry(opts.expires);
    return withApp("keys create", async (app) => {
      const { key, record } = await createApiKey(app.ds, opts.role, opts.name, expiresAt);
      const until = record.expiresAt ? `, expires ${record.expiresAt.toISOString()}` : "";
      console.log(`created ${record.role} key ${record.id} (${record.name}${until}); it is shown only now:`);
      console.log(key);
    });
  });

/** A key's state for `keys list`: active, expired or revoked, with when. */
function keyState(k: ApiKey, now: Date): string {
  if (k.revokedAt) return `revoked ${k.revokedAt.toISOString()}`;
  if (k.expiresAt && k.expiresAt <= now) return `expired ${k.expiresAt.toISOString()}`;
  return k.expiresAt ? `active until ${k.expiresAt.toISOString()}` : "active, no expiry";
}
keys
  .command("list")
  .description("list keys (never the keys themselves)")
  .action(() =>
    withApp("keys list", async (app) => {
      const now = new Date();
      for (const k of await listApiKeys(app.ds)) {
        console.log([k.id, k.keyPrefix + "…", k.role, k.name, k.createdAt.toISOString(), keyState(k, now)].join("\t"));
      }
    }),
  );
keys
  .command("revoke")
  .description("revoke a key by id or printed prefix")
  .argument("<key>", "key id or prefix")
  .action((idOrPrefix: string) =>
    withApp("keys revoke", async (app) => {
      const n = await revokeApiKey(app.ds, idOrPrefix);
      if (n === 0) throw new Error(`no active key matches "${idOrPrefix}"`);
      console.log(`revoked ${n} key`);
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  // Bad configuration and operator mistakes: one clear line, no stack trace.
  const message = error instanceof ConfigError ? `configuration error: ${error.message}` : `newsgraph: ${(error as Error).message ?? error}`;
  console.error(message);
  if (!(error instanceof ConfigError) && process.env.LOG_LEVEL === "debug") console.error(error);
  process.exit(1);
});
