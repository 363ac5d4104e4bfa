/**
 * Shared harness for browser tests: playwright-core driving the system (Debian) Chromium.
 *
 * - One browser per test file, launched lazily and closed in `Deno.test.afterAll`;
 *   every `withPage` call gets a fresh, isolated BrowserContext.
 * - Register browser tests with `browserTest`: it turns Deno's op/resource sanitizers off
 *   (the shared browser's pipes outlive a single test) and skips when no Chromium is
 *   installed locally — but fails under CI=true.
 * - `assertAccessible` runs axe-core (WCAG 2.0/2.1 A+AA) and throws on serious/critical issues.
 */
import { type Browser, chromium, type Page } from "playwright-core";

/** Flags this sandbox needs (no network, no GPU, small /dev/shm, root). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const DEFAULT_TIMEOUT_MS = 10_000;

/** Path of the Chromium binary: $CHROMIUM_PATH, else /usr/bin/chromium if it exists, else null. */
export function chromiumPath(): string | null {
  const fromEnv = Deno.env.get("CHROMIUM_PATH");
  if (fromEnv) return fromEnv;
  try {
    return Deno.statSync("/usr/bin/chromium").isFile ? "/usr/bin/chromium" : null;
  } catch {
    return null;
  }
}

/**
 * Launches a new headless Chromium (playwright pipe transport). Playwright creates and
 * removes a fresh temporary profile. The caller must `await browser.close()`.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error(
      "Chromium not found: `apt-get install -y chromium` or set CHROMIUM_PATH",
    );
  }
  return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}

let shared: Promise<Browser> | undefined;

function sharedBrowser(): Promise<Browser> {
  if (!shared) {
    const p = launchBrowser();
    shared = p;
    p.then((b) => b.on("disconnected", () => shared === p && (shared = undefined)))
      .catch(() => shared === p && (shared = undefined));
  }
  return shared;
}

// Each test file runs in its own worker, so this closes that file's browser.
Deno.test.afterAll(async () => {
  const p = shared;
  shared = undefined;
  if (p) await (await p.catch(() => null))?.close();
});

/**
 * Runs `fn` with a fresh page in a new context (locale it-IT by default, 1280x800,
 * Europe/Rome time zone, 10 s default timeouts). The context is always closed afterwards.
 */
export async function withPage(
  fn: (page: Page) => Promise<void>,
  opts?: { locale?: string },
): Promise<void> {
  const browser = await sharedBrowser();
  const context = await browser.newContext({
    locale: opts?.locale ?? "it-IT",
    timezoneId: "Europe/Rome",
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
  try {
    await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

let axeSource: Promise<string> | undefined;

function loadAxe(): Promise<string> {
  return axeSource ??= Deno.readTextFile(new URL("axe.min.js", import.meta.resolve("axe-core")))
    .catch(async () => (await import("axe-core")).default.source);
}

interface AxeNode {
  target: unknown[];
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A + AA) on the current page and throws if any violation
 * has impact "serious" or "critical". Works under a strict CSP: axe is injected through
 * the DevTools protocol (`evaluate`), not a <script> tag.
 */
export async function assertAccessible(page: Page, label?: string): Promise<void> {
  const source = await loadAxe();
  const inject = `if (!window.axe) {\n${source}\n}\nvoid 0;`;
  for (const frame of page.frames()) {
    const done = frame.evaluate(inject);
    // Sub-frames may be detached or cross-origin; the main frame must work.
    await (frame === page.mainFrame() ? done : done.catch(() => {}));
  }
  const violations = await page.evaluate(
    (tags) =>
      // deno-lint-ignore no-explicit-any
      (globalThis as any).axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      }).then((r: { violations: AxeViolation[] }) => r.violations),
    AXE_TAGS,
  ) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length === 0) return;
  const lines = bad.map((v) =>
    `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
    v.nodes.map((n) => `    at ${n.target.map(String).join(" >>> ")}`).join("\n")
  );
  throw new Error(
    `Accessibility violations${label ? ` in ${label}` : ""} (${page.url()}):\n${lines.join("\n")}`,
  );
}

let warnedSkip = false;

/**
 * `Deno.test` for browser tests. Sanitizers are off (the per-file browser outlives each
 * test). Skipped with a warning when no Chromium is installed, unless CI=true (then it fails).
 */
export function browserTest(
  name: string,
  fn: (t: Deno.TestContext) => void | Promise<void>,
): void {
  const ignore = chromiumPath() === null && Deno.env.get("CI") !== "true";
  if (ignore && !warnedSkip) {
    warnedSkip = true;
    console.warn("⚠ Chromium not found: browser tests skipped (apt-get install -y chromium)");
  }
  Deno.test({ name, fn, ignore, sanitizeOps: false, sanitizeResources: false });
}
