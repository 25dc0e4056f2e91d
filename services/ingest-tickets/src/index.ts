export { envSchema } from "./env.ts";
export { ticketHandler } from "./store.ts";
