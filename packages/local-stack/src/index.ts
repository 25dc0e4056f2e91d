export { dropDatabase, prepareDatabase, prepareTopics, redactUrl, withDatabase } from "./prepare.ts";
export { dockerAnswers, freePort, type Started, startKafka, startPostgres } from "./provision.ts";
