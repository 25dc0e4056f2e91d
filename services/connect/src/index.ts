// What the CLI (stack wiring) uses.

/** The connector service's configuration schema. */
export { envSchema } from "./env.ts";
/** The connector service in this process (`hr-radar up`). */
export { type RunningConnect, startConnectService } from "./service.ts";
