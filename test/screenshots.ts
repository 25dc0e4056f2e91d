// Screenshots of the dashboard for the README: `./hr-radar demo` (its five companies,
// analysed as the daily schedule would have) is started, and two organisations are
// photographed at a desktop (1400 px) and a phone (400 px) width in Debian's headless
// Chromium, into docs/. Run from the repository root:
//
//   node test/screenshots.ts            (KAFKA_BROKERS / DATABASE_URL as for `demo`)
//
// The demo's data is dated from today, so the pictures change date with each run.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "..");
const PORT = Number(process.env.SCREENSHOT_PORT ?? 18_091);
/** Organisation name in the demo's output → file stem under docs/. */
const SHOTS: Record<string, string> = {
  "Steelworks Fabrication": "dashboard-steelworks",
  "Northwind Analytics": "dashboard-northwind",
};
const WIDTHS = [
  { width: 1400, height: 900, suffix: "1400" },
  { width: 400, height: 800, suffix: "400" },
];
const MAX_BYTES = 400_000;
/** How much of a page is kept: the plan, the headline figures, and (wide) the charts. */
const CLIP_HEIGHT = 2000;

/** Starts the demo and resolves with each organisation's dashboard link once it is ready. */
function startDemo(): Promise<{ demo: ChildProcess; links: Map<string, string> }> {
  const demo = spawn(
    join(ROOT, "hr-radar"),
    [
      "demo",
      "--port",
      String(PORT),
      "--connect-port",
      "0",
      "--topic-prefix",
      `shots${Date.now()}.`,
      "--database",
      "hr_radar_screenshots",
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((done, fail) => {
    const links = new Map<string, string>();
    let output = "";
    let organisation: string | null = null;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.split("\n");
      output = lines.pop() ?? "";
      for (const line of lines) {
        const heading = /^(\S.*) \(demo-[a-z-]+\)$/.exec(line);
        if (heading) organisation = heading[1]!;
        const link = /dashboard: (http\S+)/.exec(line);
        if (link && organisation) links.set(organisation, link[1]!);
        if (line.includes("serving the dashboard")) done({ demo, links });
      }
    };
    demo.stdout!.on("data", read);
    demo.stderr!.on("data", read);
    demo.on("exit", (code) => fail(new Error(`the demo exited (${code}) before serving the dashboard`)));
  });
}

async function main(): Promise<void> {
  const { demo, links } = await startDemo();
  const profile = await mkdtemp(join(tmpdir(), "hr-radar-shots-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    for (const [organisation, stem] of Object.entries(SHOTS)) {
      const link = links.get(organisation);
      if (!link) throw new Error(`the demo printed no dashboard link for ${organisation}`);
      for (const { width, height, suffix } of WIDTHS) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height });
        await page.goto(link);
        await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
        const path = join(ROOT, "docs", `${stem}-${suffix}.png`);
        // the top of the page, where the answer is: the whole page would pass MAX_BYTES
        const full = await page.evaluate(
          () => (globalThis as unknown as { document: { body: { scrollHeight: number } } }).document.body.scrollHeight,
        );
        await page.screenshot({
          path,
          fullPage: true,
          clip: { x: 0, y: 0, width, height: Math.min(full, CLIP_HEIGHT) },
        });
        const { size } = await stat(path);
        process.stdout.write(`${path}: ${Math.round(size / 1000)} kB\n`);
        if (size > MAX_BYTES) throw new Error(`${path} is ${size} bytes, over ${MAX_BYTES}`);
        await page.close();
      }
    }
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    demo.kill("SIGINT");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
