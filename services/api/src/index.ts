export { createApiToken } from "@hr-radar/queries";
export { startApiServer } from "./server.ts";
