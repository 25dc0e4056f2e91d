import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** One finding of the linter: rule, severity, message, where. */
export interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { pointer: string }[];
}

const cli = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin/cli.js");

/**
 * Lints an OpenAPI document with Redocly CLI's `recommended` ruleset
 * (https://redocly.com/docs/cli/rules/recommended), offline: telemetry and the update
 * check are off, and the document is a local file with no remote $refs.
 */
export async function lintOpenApi(
  document: unknown,
): Promise<{ errors: number; warnings: number; problems: LintProblem[] }> {
  const dir = mkdtempSync(join(tmpdir(), "hr-radar-openapi-"));
  try {
    writeFileSync(join(dir, "openapi.json"), JSON.stringify(document));
    writeFileSync(join(dir, "redocly.yaml"), "extends:\n  - recommended\n");
    const stdout = await new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        [cli, "lint", "openapi.json", "--config", "redocly.yaml", "--format", "json"],
        {
          cwd: dir,
          timeout: 30_000,
          env: { PATH: process.env.PATH ?? "", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
        },
        // exit 1 means errors were found: the report on stdout says which
        (error, out, err) => (out.trim().startsWith("{") ? done(out) : fail(error ?? new Error(err))),
      ),
    );
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
    return { ...report.totals, problems: report.problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
