// The tests' Kafka and Postgres come from the same provisioning as `hr-radar up`
// (environment URLs, else Docker, else native processes): see @hr-radar/local-stack.
// HR_RADAR_TEST_INFRA=env|docker|native forces one.
import { type Started, startKafka, startPostgres } from "@hr-radar/local-stack";

export { dockerAnswers, freePort, type Started, startKafka, startPostgres } from "@hr-radar/local-stack";

/**
 * Starts a broker and a Postgres side by side. `onStarted` gets each one that started, so
 * the caller can stop it even when the other failed; the error names every failure.
 */
export async function startKafkaAndPostgres(
  useDocker: boolean,
  onStarted: (started: Started) => void,
): Promise<{ kafka: Started; postgres: Started }> {
  const started = await Promise.allSettled([startKafka(useDocker), startPostgres(useDocker)]);
  for (const s of started) if (s.status === "fulfilled") onStarted(s.value);
  const [kafka, postgres] = started.map((s) => (s.status === "fulfilled" ? s.value : null));
  if (!kafka || !postgres)
    throw new Error(
      `infra did not start: ${started.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : [])).join("; ")}`,
    );
  return { kafka, postgres };
}
