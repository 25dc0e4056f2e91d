export * from "./csv.ts";
export * from "./organisations.ts";
export * from "./periods.ts";
export * from "./projections.ts";
export * from "./tokens.ts";
export * from "./trends.ts";
