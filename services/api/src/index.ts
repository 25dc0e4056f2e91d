export { createApiToken } from "@hr-radar/queries";
export * from "./app.ts";
export * from "./env.ts";
export * from "./server.ts";
