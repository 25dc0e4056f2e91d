import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { onTestFinished } from "vitest";

// Debian's `chromium`, driven by playwright-core, which never downloads a browser;
// infra/toolchain.sh installs it when run as root.
const CHROMIUM = "/usr/bin/chromium";

/**
 * A fresh Chromium with its own throw-away profile. The flags keep it off the network:
 * on a closed network its background services (updates, sync, QUIC probes) would hang.
 */
export async function openBrowser(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the dashboard test drives Debian's Chromium and never downloads a browser. ` +
        "Install it with `apt-get install --no-install-recommends chromium` (infra/toolchain.sh does so when run as root).",
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "hr-radar-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  onTestFinished(async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });
  return context;
}

/** Everything the page logs as an error or throws, so a broken script or a CSP block fails the test. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}
