// ingest-tickets: HR helpdesk events from Kafka into the weekly function-load trends.
import { runIngestService } from "@hr-radar/ingest-runner";
import { readEnv } from "./env.ts";
import { ticketHandler } from "./store.ts";

const env = readEnv();
runIngestService({ name: "ingest-tickets", family: "tickets", topic: env.TICKETS_TOPIC, env, handler: ticketHandler });
