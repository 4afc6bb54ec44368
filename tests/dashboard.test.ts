import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "./support/harness";
import { loadDemoStories } from "../src/demo/load-demo";
import { ingestStory } from "../src/ingest/ingest";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { DASHBOARD_DIR } from "../src/dashboard/dashboard.route";
import { story } from "./support/fixtures";

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Where the screenshot goes; `DASHBOARD_SCREENSHOT=docs/dashboard.png` renews the one the README shows. */
const SCREENSHOT = process.env.DASHBOARD_SCREENSHOT ?? join(tmpdir(), "newsgraph-dashboard.png");

/**
 * The newsroom dashboard in a real browser (headless Chromium driven by playwright-core),
 * served with NODE_ENV=production behaviour, with every request to another host refused: each
 * panel renders with data, and a story ingested through the API appears in the live list.
 * Runs where Chromium is installed, and always in CI.
 */
describe.runIf(existsSync(CHROMIUM) || process.env.CI)("dashboard in headless Chromium", () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(DASHBOARD_DIR, "index.html"))) throw new Error("dist/dashboard is missing: run `node dashboard/build.mjs` (npm test does it first)");
    t = await startTestServer("pglite", { production: true, introspection: false });
    await loadDemoStories(t.app);
    await ingestStory(t.app, story({ headline: "France and Cuba prepare a summit", related: [{ title: "A story no outlet has filed yet" }], publishedAt: new Date("2026-11-25T08:00:00Z") }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // As in ../shared's machine notes: no sandbox as root, no background traffic; and no name resolves but this one.
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
    });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const origin = new URL(t.url).origin;
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
    const response = await page.goto(`${origin}/dashboard`);
    expect(response?.status()).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const filled = (testId: string, attribute: string) =>
    page.waitForFunction(
      ([id, attr]) => {
        const value = document.querySelector(`[data-testid="${id}"]`)?.getAttribute(attr);
        return Boolean(value) && value !== "0";
      },
      [testId, attribute],
    );

  it("renders every panel with data", async () => {
    await page.waitForSelector('[data-testid="live-item"]');
    expect(await page.locator('[data-testid="live-item"]').count()).toBe(20);
    await page.waitForSelector('[data-testid="live-status"]:text("live")');
    await filled("chart-country", "data-series");
    await filled("chart-source", "data-series");
    expect(await page.getAttribute('[data-testid="chart-country"]', "data-series")).toMatch(/Iran|Cuba|France/);
    await filled("network-graph", "data-edges");
    await filled("relation-timeline", "data-points");
    expect(await page.locator('[data-testid="network-graph"] canvas').count()).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="pending-item"]');
    expect(await page.locator('[data-testid="pending-list"]').innerText()).toContain("A story no outlet has filed yet");
    await page.fill('[data-testid="search-input"]', "Cuba");
    await page.press('[data-testid="search-input"]', "Enter");
    await page.waitForSelector('[data-testid="search-hit"] mark');
  });

  it("shows a story ingested through the API at the top of the live list", async () => {
    const { key } = await createApiKey(t.app.ds, Role.EDITOR, "dashboard test");
    const headline = "Chile and Peru open a new border crossing";
    const res = await t.gql(
      `mutation($i: ArticleInput!) { ingestArticle(input: $i) { created } }`,
      { i: { source: { code: "MW" }, headline, body: ["Chilean and Peruvian ministers opened the crossing on Friday."], publishedAt: "2026-11-27T09:00:00Z" } },
      { authorization: `Bearer ${key}` },
    );
    expect(res.errors).toBeUndefined();
    const first = page.locator('[data-testid="live-item"]').first();
    await first.locator(`text=${headline}`).waitFor();
    expect(await first.innerText()).toMatch(/new/i);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });
});
