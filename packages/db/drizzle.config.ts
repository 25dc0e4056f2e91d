import { defineConfig } from "drizzle-kit";

// Used by `pnpm db:generate` only: it diffs src/schema.ts against the committed
// snapshots and writes the next SQL migration. It never connects to a database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./migrations",
});
