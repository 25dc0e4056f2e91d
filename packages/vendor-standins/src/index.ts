// @hr-radar/vendor-standins: local stand-ins of vendor APIs for the tests and `hr-radar demo --source`.

/** BambooHR: API (custom report, employee, changed ids), 429s, signed webhooks. */
export {
  type BambooStandIn,
  type BambooStandInEmployee,
  type BambooStandInOptions,
  bambooFixture,
  type DeliveryAnswer,
  startBambooStandIn,
} from "./bamboohr.ts";
/** Seeded randomness and the vendors' own daily counts. */
export { addDays, type DailyCount, dailyCounts, seededRandom } from "./random.ts";
