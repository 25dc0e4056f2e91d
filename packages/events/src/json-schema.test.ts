import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventJsonSchemas, renderSchema, type SchemaType, schemaFileName } from "./json-schema.ts";

const committed = join(import.meta.dirname, "../../../docs/schemas");

describe("committed JSON Schemas", () => {
  it("match the zod schemas (run `pnpm schemas:generate` after changing the contract)", async () => {
    const schemas = eventJsonSchemas();
    const files = (await readdir(committed)).filter((f) => f.endsWith(".json")).sort();
    expect(files).toEqual(
      Object.keys(schemas)
        .map((t) => schemaFileName(t as SchemaType))
        .sort(),
    );
    for (const [type, schema] of Object.entries(schemas)) {
      const onDisk = await readFile(join(committed, schemaFileName(type as SchemaType)), "utf8");
      expect(onDisk, `${type} is stale`).toBe(renderSchema(schema));
    }
  });

  it("describe the data of each event, with its required fields", () => {
    const opened = eventJsonSchemas()["hrradar.ticket.opened.v1"] as { properties: { data: { required: string[] } } };
    expect(opened.properties.data.required).toEqual(
      expect.arrayContaining(["organisationId", "ticketId", "category", "openedAt"]),
    );
  });
});
