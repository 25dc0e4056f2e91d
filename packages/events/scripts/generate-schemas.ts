// Writes docs/schemas/<event type>.json from the zod schemas. Run after changing the
// contract: `pnpm schemas:generate`. A unit test fails while the committed files are stale.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { eventJsonSchemas, renderSchema, type SchemaType, schemaFileName } from "../src/json-schema.ts";

const outDir = join(import.meta.dirname, "../../../docs/schemas");
await mkdir(outDir, { recursive: true });
for (const file of await readdir(outDir)) {
  if (file.endsWith(".json")) await rm(join(outDir, file));
}
const schemas = eventJsonSchemas();
for (const [type, schema] of Object.entries(schemas)) {
  await writeFile(join(outDir, schemaFileName(type as SchemaType)), renderSchema(schema));
}
console.log(`wrote ${Object.keys(schemas).length} schemas to ${outDir}`);
