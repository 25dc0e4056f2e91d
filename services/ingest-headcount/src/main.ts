// ingest-headcount: HRIS events from Kafka into the daily headcount and HR-team trends.
import { runIngestService } from "@hr-radar/ingest-runner";
import { readEnv } from "./env.ts";
import { headcountHandler } from "./store.ts";

const env = readEnv();
runIngestService({
  name: "ingest-headcount",
  family: "headcount",
  topic: env.HEADCOUNT_TOPIC,
  env,
  handler: headcountHandler(env.EMPLOYEE_KEY_SECRET),
});
