// The screenshot of one digest e-mail for the README: the HTML part of a message the demo's
// SMTP catcher received (its inline chart resolved), rendered by Debian's headless Chromium
// at a mail client's width, into docs/digest.png. Run from the repository root after
// `./hr-radar demo --exit`:
//
//   node test/digest-screenshot.ts [path/to/message.html]   (default: the demo's Globex digest)
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "..");
const MAIL_DIR = join(ROOT, ".hr-radar", "demo-mail");

async function defaultMessage(): Promise<string> {
  const files = await readdir(MAIL_DIR).catch(() => []);
  const html = files.find((f) => f.includes("globex") && f.endsWith(".html")) ?? files.find((f) => f.endsWith(".html"));
  if (!html) throw new Error(`no digest in ${MAIL_DIR}: run \`./hr-radar demo --exit\` first`);
  return join(MAIL_DIR, html);
}

const message = process.argv[2] ?? (await defaultMessage());
const profile = await mkdtemp(join(tmpdir(), "hr-radar-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 760, height: 900 },
  // off the network, as in test/support/browser.ts
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await context.newPage();
  await page.goto(pathToFileURL(message).href);
  const out = join(ROOT, "docs", "digest.png");
  await page.screenshot({ path: out, fullPage: true });
  process.stdout.write(`${out} from ${message}\n`);
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
