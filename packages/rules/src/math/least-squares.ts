// Ordinary least squares over weekly points, x = week index. Enough to say whether a
// load is growing and roughly when it will cross a threshold; not a forecasting model.

/** A fitted line y = intercept + slope * x. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Share of the variance the line explains, 0..1; 0 for a perfectly flat series. */
  rSquared: number;
  /** Points the fit used (nulls are skipped). */
  points: number;
}

/**
 * Fits a line through `values`, indexed by position; null entries (weeks without a
 * meaningful value) are skipped. Null when fewer than two points remain.
 */
export function fitLine(values: readonly (number | null)[]): LinearFit | null {
  const xs: number[] = [];
  const ys: number[] = [];
  values.forEach((y, x) => {
    if (y !== null) {
      xs.push(x);
      ys.push(y);
    }
  });
  const n = xs.length;
  if (n < 2) return null;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - meanX;
    const dy = (ys[i] ?? 0) - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = meanY - slope * meanX;
  const rSquared = syy === 0 || sxx === 0 ? 0 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, rSquared, points: n };
}

/** The fitted value at `x`. */
export function valueAt(fit: LinearFit, x: number): number {
  return fit.intercept + fit.slope * x;
}
