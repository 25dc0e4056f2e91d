import { describe, expect, it } from "vitest";
import { commonEnvSchema, parseEnv } from "./env.ts";

describe("parseEnv", () => {
  const good = { KAFKA_BROKERS: "127.0.0.1:9092, 127.0.0.1:9093", DATABASE_URL: "postgres://u@h:5432/db" };

  it("parses and applies defaults", () => {
    expect(parseEnv(commonEnvSchema, good)).toEqual({
      success: true,
      data: { KAFKA_BROKERS: ["127.0.0.1:9092", "127.0.0.1:9093"], DATABASE_URL: good.DATABASE_URL, LOG_LEVEL: "info" },
    });
  });

  it("names a missing variable in one line", () => {
    expect(parseEnv(commonEnvSchema, { DATABASE_URL: good.DATABASE_URL })).toEqual({
      success: false,
      error: "KAFKA_BROKERS: required",
    });
  });

  it("names a malformed variable and says what is expected", () => {
    const result = parseEnv(commonEnvSchema, { ...good, KAFKA_BROKERS: "localhost" });
    expect(result).toMatchObject({ success: false, error: expect.stringMatching(/^KAFKA_BROKERS.*host:port/) });
  });
});
