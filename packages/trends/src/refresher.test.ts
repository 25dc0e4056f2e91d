import { describe, expect, it } from "vitest";
import { restWhile } from "./refresher.ts";

/** A clock that a pause moves forward, and the pauses it was asked for. */
function fakeTime() {
  let now = 0;
  const pauses: number[] = [];
  return {
    now: () => now,
    pauses,
    pause: async (ms: number) => {
      pauses.push(ms);
      now += ms;
    },
  };
}

describe("restWhile", () => {
  it("rests the whole time, in polls, while the ingest stays busy", async () => {
    const time = fakeTime();
    await restWhile(1_000, () => true, time.pause, time.now);
    expect(time.pauses).toEqual([250, 250, 250, 250]);
    expect(time.now()).toBe(1_000);
  });

  it("ends at the first poll after the ingest goes quiet, not when the rest was due", async () => {
    const time = fakeTime();
    // a backfill's last chunk lands 600 ms into a 7-minute rest
    await restWhile(420_000, () => time.now() < 600, time.pause, time.now);
    expect(time.now()).toBe(750);
  });

  it("does not rest at all when the ingest is not busy", async () => {
    const time = fakeTime();
    await restWhile(1_000, () => false, time.pause, time.now);
    expect(time.pauses).toEqual([]);
  });
});
