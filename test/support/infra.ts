// The tests' Kafka and Postgres come from the same provisioning as `hr-radar up`
// (environment URLs, else Docker, else native processes): see @hr-radar/local-stack.
// HR_RADAR_TEST_INFRA=env|docker|native forces one.
export { dockerAnswers, freePort, type Started, startKafka, startPostgres } from "@hr-radar/local-stack";
