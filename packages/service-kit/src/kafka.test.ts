import { logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { kafkaLogLevel } from "./kafka.ts";

describe("kafkaLogLevel", () => {
  it("keeps kafkajs' own level for ordinary entries", () => {
    expect(kafkaLogLevel(logLevel.ERROR, { error: "Connection timeout" })).toBe("error");
    expect(kafkaLogLevel(logLevel.WARN, {})).toBe("warn");
    expect(kafkaLogLevel(logLevel.INFO, {})).toBe("info");
    expect(kafkaLogLevel(logLevel.DEBUG, {})).toBe("debug");
  });

  it("logs the retriable coordinator answers of a normal start at debug, not error", () => {
    for (const error of [
      "The group coordinator is not available",
      "The coordinator is loading and hence can't process requests for this group",
      "This is not the correct coordinator for this group",
    ])
      expect(kafkaLogLevel(logLevel.ERROR, { error })).toBe("debug");
  });
});
