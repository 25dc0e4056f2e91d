// `pnpm migrate`: applies the committed migrations to DATABASE_URL; exits non-zero on failure.
import { migrateDatabase } from "../migrate.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL: required (e.g. postgres://postgres@127.0.0.1:5432/hr_radar)");
  process.exit(2);
}
try {
  const started = Date.now();
  await migrateDatabase(url);
  console.log(`migrate: database is at the latest migration (${Date.now() - started} ms)`);
} catch (error) {
  console.error(`migrate: failed: ${(error as Error).message}`);
  process.exit(1);
}
