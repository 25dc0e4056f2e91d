export * from "./prepare.ts";
export * from "./provision.ts";
