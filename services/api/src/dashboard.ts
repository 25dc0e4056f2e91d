import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve } from "node:path";
import type { Hono } from "hono";

const DASHBOARD_DIR = resolve(import.meta.dirname, "../dashboard");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * The dashboard: static files from services/api/dashboard (no build step) and Chart.js
 * from its installed npm package, so nothing is fetched from the internet at run time.
 * Only files that exist at start-up are served (no path is ever joined from the URL).
 */
export function serveDashboard<E extends object>(app: Hono<E & { Variables: object }>): void {
  const files = new Map<string, { path: string; type: string }>();
  const ready = (async () => {
    const names = await readdir(DASHBOARD_DIR).catch(() => [] as string[]);
    for (const name of names)
      if (TYPES[extname(name)]) files.set(name, { path: join(DASHBOARD_DIR, name), type: TYPES[extname(name)]! });
    // chart.js exports no subpath for its UMD build; it sits beside the CommonJS entry
    const chartJs = join(dirname(createRequire(import.meta.url).resolve("chart.js")), "chart.umd.min.js");
    files.set("vendor/chart.umd.js", { path: chartJs, type: TYPES[".js"]! });
  })();
  ready.catch(() => {}); // surfaced per request below

  app.get("/", (c) => c.redirect("/dashboard"));
  app.get("/dashboard", (c) => c.redirect("/dashboard/"));
  app.get("/dashboard/*", async (c) => {
    await ready;
    const name = c.req.path.slice("/dashboard/".length) || "index.html";
    const file = files.get(name);
    if (!file) return c.text(`no dashboard file ${name}\n`, 404);
    return c.body(await readFile(file.path), 200, {
      "content-type": file.type,
      "cache-control": "no-cache",
      // the page talks only to this origin; no third-party scripts, frames or beacons
      "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
      "x-content-type-options": "nosniff",
    });
  });
}
