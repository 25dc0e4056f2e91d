import type { CloudEvent } from "@hr-radar/events";
import { addDays, localDate, mondayOf } from "./calendar.ts";
import { DEMO_COMPANIES } from "./companies.ts";
import { type DemoEventData, eventFactory, type FeedClock } from "./emit.ts";
import { simulateHelpdesk } from "./helpdesk.ts";
import type { DemoCompany, ExpectedAlert } from "./model.ts";
import { streamFor } from "./random.ts";
import { type HistoryWindow, simulateWorkforce } from "./workforce.ts";

/** Options of {@link generateDemoFeed}. */
export interface DemoFeedOptions {
  /** The feed's "now": history ends here, nothing is dated after it. */
  asOf: Date;
  /** Weeks of history, including the week that contains `asOf` (default 26, the analyzer's lookback). */
  weeks?: number;
  /** PRNG seed (default 1): the same seed and `asOf` give the same feed, ids included. */
  seed?: number;
  /**
   * Base of every CloudEvents `source` (default `urn:hr-radar:demo`); each organisation's
   * systems append to it, e.g. `urn:hr-radar:demo:demo-steelworks:zendesk`.
   */
  source?: string;
}

/** One demo organisation and what the analyzer should say about it. */
export interface DemoOrganisation {
  id: string;
  name: string;
  /** One line: the article's case it plays. */
  story: string;
  /** The alerts (function, recommendation) the analyzer should raise for it as of `asOf`. */
  expected: ExpectedAlert[];
}

/** A generated feed: the organisations, and their events per topic, each keyed by `data.organisationId`. */
export interface DemoFeed {
  organisations: DemoOrganisation[];
  /** For `hris.headcount.v1`: profiles, snapshots, hires, terminations, changes. */
  headcount: CloudEvent<DemoEventData>[];
  /** For `hr.tickets.v1`: per-ticket events or volume reports, depending on the organisation. */
  tickets: CloudEvent<DemoEventData>[];
}

/** The default CloudEvents source base. */
export const DEFAULT_DEMO_SOURCE = "urn:hr-radar:demo";

function historyWindow(company: DemoCompany, asOf: Date, weeks: number): HistoryWindow {
  const lastDate = localDate(asOf, company.timeZone);
  return { start: addDays(mondayOf(lastDate), -7 * (weeks - 1)), weeks, lastDate, timeZone: company.timeZone };
}

/**
 * Generates months of synthetic but realistic HRIS and helpdesk history for the
 * article's five cases (a fast-hiring startup, a company about to double, a stable
 * mid-size company, a regulated manufacturer, an enterprise), ending at `asOf`.
 * Pure: the clock is an argument and all randomness comes from `seed`.
 */
export function generateDemoFeed(options: DemoFeedOptions): DemoFeed {
  const { asOf, weeks = 26, seed = 1, source = DEFAULT_DEMO_SOURCE } = options;
  if (Number.isNaN(asOf.getTime())) throw new RangeError("generateDemoFeed: asOf is not a valid date");
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 260)
    throw new RangeError(`generateDemoFeed: weeks must be a whole number from 1 to 260, not ${weeks}`);
  if (!Number.isInteger(seed)) throw new RangeError(`generateDemoFeed: seed must be an integer, not ${seed}`);
  const clock: FeedClock = { seed, asOf };
  const feed: DemoFeed = { organisations: [], headcount: [], tickets: [] };
  for (const company of DEMO_COMPANIES) {
    const window = historyWindow(company, asOf, weeks);
    const label = `${seed}|${company.id}`;
    const hris = eventFactory(clock, company.id, `${source}:${company.id}:${company.hris}`);
    const helpdesk = eventFactory(clock, company.id, `${source}:${company.id}:${company.helpdesk}`);
    const workforce = simulateWorkforce(company, window, streamFor(`${label}|workforce`), hris);
    feed.headcount.push(...workforce.events);
    feed.tickets.push(
      ...simulateHelpdesk(company, window, workforce.weeks, asOf, streamFor(`${label}|helpdesk`), helpdesk),
    );
    feed.organisations.push({
      id: company.id,
      name: company.name,
      story: company.story,
      expected: company.expected.map((e) => ({ ...e })),
    });
  }
  return feed;
}
