import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { SERVICE_NODE_OPTIONS } from "./node-options.ts";

describe("SERVICE_NODE_OPTIONS", () => {
  it("is what the services' image sets, so the benchmark measures the services as they run", async () => {
    const dockerfile = await readFile(resolve(import.meta.dirname, "../../../Dockerfile"), "utf8");
    expect(dockerfile).toContain(`ENV NODE_OPTIONS="${SERVICE_NODE_OPTIONS}"`);
  });
});

describe("applyServiceV8Flags", () => {
  it("sets flags V8 accepts at run time (an unknown one would be ignored without a word)", async () => {
    // V8 reports its flags' values in --v8-options only for the process' own start, so a child
    // sets them as a service does and prints whether each took: setFlagsFromString names the
    // rejected ones on stderr ("Error: unrecognized flag").
    const script = `import { applyServiceV8Flags } from ${JSON.stringify(resolve(import.meta.dirname, "node-options.ts"))}; applyServiceV8Flags();`;
    const { stderr } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script]);
    expect(stderr).toBe("");
  });
});
