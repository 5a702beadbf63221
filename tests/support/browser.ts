import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { expect, inject } from "vitest";

/**
 * Real Chromium (Debian's package) driven by playwright-core, as STACK.md describes: never a
 * downloaded browser. Every page a journey visits is scanned with axe and must have no violations.
 */

const CHROMIUM =
  process.env.CHROMIUM_PATH ?? ["/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((candidate) => fs.existsSync(candidate));
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const SCREENSHOT_DIR = path.resolve("test-results/screenshots");
export const DEMO_PASSWORD = "demo-password";

export function baseUrl(): string {
  return inject("baseUrl");
}

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(options: { width?: number; javaScript?: boolean } = {}): Promise<Session> {
  if (!CHROMIUM) throw new Error("Chromium not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH");
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    baseURL: baseUrl(),
    viewport: { width: options.width ?? 1100, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Fails the test with the rule, impact and first target of every axe violation on the page. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const summary = results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.nodes[0]?.target.join(" ")} – ${violation.help}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Saves a full-page screenshot for people to look at (test-results/screenshots). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The page itself never scrolls sideways (WCAG 1.4.10 Reflow); wide tables scroll inside their wrapper. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `sideways overflow on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** Visits a page and checks it: loaded, accessible, no sideways scrolling, screenshotted. */
export async function visit(page: Page, url: string, name: string): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status(), `status of ${url}`).toBeLessThan(400);
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  await screenshot(page, name);
}

/**
 * The service's links, as a person reaches them: on a small screen (with JavaScript) they are folded
 * behind the "Menu" button, which this opens first.
 */
export async function menuLink(page: Page, name: string | RegExp) {
  const menu = page.getByRole("navigation", { name: "Menu" });
  const toggle = menu.getByRole("button", { name: "Menu" });
  // The button appears once the page's script has measured the screen (never without JavaScript).
  if ((page.viewportSize()?.width ?? 1100) < 641) await toggle.waitFor({ state: "visible", timeout: 5_000 }).catch(() => undefined);
  if ((await toggle.isVisible()) && (await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  return menu.getByRole("link", { name });
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Signs in over plain HTTP and returns the session cookie, for request-level tests. */
export async function sessionCookie(email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl()}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`Sign-in as ${email} failed with ${response.status}`);
  return cookie.split(";")[0];
}

/**
 * Clicks a submit button and waits until the answer to it is on screen, so the page read next is the answer
 * to this submission, not the last one. Two ways a form goes:
 * - Remix sends it (JavaScript running): wait for its router to finish (the action's answer and any reloading),
 *   then for React to paint it;
 * - the browser sends it itself (a `reloadDocument` form, JavaScript off, or a click that landed before the page
 *   was hydrated, which happens under load): wait for the next document to replace this one and load.
 */
export async function submit(page: Page, buttonName: string | RegExp): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __beforeSubmit?: boolean }).__beforeSubmit = true;
  });
  const posted = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: buttonName }).click();
  const response = await posted;
  if (response.request().isNavigationRequest()) await nextDocument(page);
  await rendered(page);
}

/** Waits until the document marked before a submission has been replaced by the next one, fully loaded. */
async function nextDocument(page: Page, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const replaced = await page
      .evaluate(() => !(window as unknown as { __beforeSubmit?: boolean }).__beforeSubmit && document.readyState === "complete")
      // Evaluating while the old document is torn down fails; the next try reads the new one.
      .catch(() => false);
    if (replaced) return;
    await page.waitForTimeout(25);
  }
  throw new Error(`The form was sent, but no new page had loaded after ${timeout} ms (still at ${page.url()})`);
}

/** Remix's router (where there is one) is idle and React has painted what it committed. */
async function rendered(page: Page, options?: { timeout?: number }): Promise<void> {
  await page.waitForFunction(
    () => {
      const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter;
      return !router || router.state.navigation.state === "idle";
    },
    undefined,
    options,
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))));
}

/**
 * Waits until the browser is at `url` AND the page for it has rendered: the address changes a
 * moment before React commits the new page, so reading the page straight after `waitForURL` can
 * read the previous one.
 */
export async function arrive(page: Page, url: Parameters<Page["waitForURL"]>[0], options?: { timeout?: number }): Promise<void> {
  await page.waitForURL(url, options);
  await rendered(page, options);
}
