export type { DemoEvent, DemoEventData } from "./emit.ts";
export {
  DEFAULT_DEMO_SOURCE,
  type DemoFeed,
  type DemoFeedOptions,
  type DemoOrganisation,
  generateDemoFeed,
} from "./feed.ts";
export type { ExpectedAlert } from "./model.ts";
