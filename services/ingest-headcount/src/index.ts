export { envSchema } from "./env.ts";
export { headcountHandler } from "./store.ts";
