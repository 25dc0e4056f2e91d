import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./support/database.ts";

// Every SQL example in the README runs against the migrated schema.
const readme = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");
const statements = [...readme.matchAll(/```sql\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1]!.split(/;\s*$/m))
  .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
  .filter(Boolean);

describe("README SQL examples", () => {
  it("run against the schema", async () => {
    expect(statements.length).toBeGreaterThanOrEqual(8);
    const db = await createTestDatabase();
    for (const statement of statements) {
      await expect(db.sql.unsafe(statement), statement).resolves.toBeDefined();
    }
  });
});
