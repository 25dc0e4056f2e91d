import { type LoadItem, words } from "./model.ts";

const xml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** The chart's size in CSS pixels (rendered at twice this for sharp screens). */
export const CHART_WIDTH = 560;
const ROW = 30;
const LABEL = 170;
const TOP = 28;

/**
 * A horizontal bar per function: its current load (FTE) against its threshold, the bar red
 * at or over it. Pure SVG text; {@link renderChartPng} turns it into the e-mail's image.
 * Returns null when there is nothing to draw.
 */
export function loadChartSvg(load: readonly LoadItem[]): string | null {
  if (load.length === 0) return null;
  const height = TOP + load.length * ROW + 24;
  const max = Math.max(...load.map((l) => Math.max(l.currentFte, l.thresholdFte))) * 1.15;
  const span = CHART_WIDTH - LABEL - 60;
  const x = (fte: number) => LABEL + (fte / max) * span;
  const rows = load.map((l, i) => {
    const y = TOP + i * ROW;
    const over = l.currentFte >= l.thresholdFte;
    return [
      `<text x="${LABEL - 8}" y="${y + 17}" text-anchor="end" font-size="13" fill="#334155">${xml(words.hrFunction(l.hrFunction))}</text>`,
      `<rect x="${LABEL}" y="${y + 5}" width="${Math.max(1, x(l.currentFte) - LABEL).toFixed(1)}" height="18" rx="3" fill="${over ? "#dc2626" : "#2563eb"}"/>`,
      `<line x1="${x(l.thresholdFte).toFixed(1)}" x2="${x(l.thresholdFte).toFixed(1)}" y1="${y + 1}" y2="${y + 27}" stroke="#0f172a" stroke-width="2" stroke-dasharray="3 2"/>`,
      `<text x="${(x(l.currentFte) + 6).toFixed(1)}" y="${y + 18}" font-size="12" fill="#0f172a">${l.currentFte.toFixed(2)}</text>`,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="0" y="16" font-size="14" font-weight="bold" fill="#0f172a">Load now (FTE) against each threshold (dashed)</text>`,
    ...rows,
    `<text x="0" y="${height - 6}" font-size="11" fill="#64748b">Mean weekly load over the sustain window, beyond the specialists in post.</text>`,
    "</svg>",
  ].join("");
}

/**
 * The chart as a PNG, rendered without a browser (resvg, a Rust SVG renderer). Loaded on
 * first use, so composing or previewing text never loads the native add-on.
 */
export async function renderChartPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import("@resvg/resvg-js");
  const png = new Resvg(svg, {
    fitTo: { mode: "zoom", value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  }).render();
  return Buffer.from(png.asPng());
}
