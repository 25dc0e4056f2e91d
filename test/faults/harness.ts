// The fault suite's machinery, in two parts: service processes and their supervisor
// (processes.ts), and the broker, Postgres, databases and topics they run against
// (dependencies.ts).
export * from "./dependencies.ts";
export * from "./processes.ts";
