export * from "./hr-functions.ts";
export * from "./policy.ts";
export * from "./policy-defaults.ts";
export * from "./policy-overrides.ts";
export * from "./recommendations.ts";
