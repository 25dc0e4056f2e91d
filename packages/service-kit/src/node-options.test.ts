import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SERVICE_NODE_OPTIONS } from "./node-options.ts";

describe("SERVICE_NODE_OPTIONS", () => {
  it("is what the services' image sets, so the benchmark measures the services as they run", async () => {
    const dockerfile = await readFile(resolve(import.meta.dirname, "../../../Dockerfile"), "utf8");
    expect(dockerfile).toContain(`ENV NODE_OPTIONS="${SERVICE_NODE_OPTIONS}"`);
  });
});
