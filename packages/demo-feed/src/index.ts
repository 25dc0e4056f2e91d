export { DEFAULT_DEMO_SOURCE, generateDemoFeed, type DemoFeed, type DemoFeedOptions, type DemoOrganisation } from "./feed.ts";
export type { DemoEvent, DemoEventData } from "./emit.ts";
export type { ExpectedAlert } from "./model.ts";
