export type { DemoEvent, DemoEventData } from "./emit.ts";
export {
  DEFAULT_DEMO_SOURCE,
  type DemoFeed,
  type DemoFeedOptions,
  type DemoOrganisation,
  generateDemoFeed,
} from "./feed.ts";
export type { ExpectedAlert } from "./model.ts";
// The seeded generator, shared with the test harness (test/support/random.ts) so the
// repository has one PRNG.
export { chance, integerBetween, mulberry32, pick, poisson, type Uniform } from "./random.ts";
