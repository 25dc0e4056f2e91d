export { createApiToken } from "@hr-radar/queries";
export { envSchema } from "./env.ts";
export { startApiServer } from "./server.ts";
