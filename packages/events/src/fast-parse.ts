import type { z } from "zod";

/**
 * A validator for the ingest's hot path, compiled from a zod schema: zod stays the single
 * source of truth. It walks the schema's definition once, and at run time checks a value
 * with zod's own check functions (lengths, patterns, formats, refinements) but without
 * zod's machinery around them: a result object, a payload and an issue list per field, and
 * the issues' paths. That machinery was ~40% of what an HRIS event allocated on the ingest's
 * thread (a sampling allocation profile of `pnpm bench:pure-path`), and the collector's work
 * follows the allocations.
 *
 * It only says yes: a value it accepts is exactly what zod's `parse` returns (the same keys
 * in the same order, defaults filled in, strings trimmed); for anything else, or anything it
 * is not sure of, it returns {@link UNSURE} and the caller asks zod, which gives the message.
 * A schema using a construct it does not know compiles to null (zod for every value), so a
 * new kind of field is never validated wrongly, only slowly.
 */
export type FastParser = (input: unknown) => unknown;

/** A fast parser's "ask zod". */
export const UNSURE: unique symbol = Symbol("unsure");

/** The parser for a schema, or null when the schema uses something this does not compile. */
export function compileFastParser(schema: z.ZodType): FastParser | null {
  try {
    return compile(schema as unknown as Schema);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

class Unsupported extends Error {}

/** What of zod 4's internals this reads: a schema's definition and its checks. */
interface Schema {
  _zod: {
    def: Record<string, unknown> & { type: string; checks?: Check[] };
    traits: Set<string>;
    optin?: "optional" | "defaulted";
    optout?: "optional";
    values?: Set<unknown>;
  };
}
interface Payload {
  value: unknown;
  issues: unknown[];
}
interface Check {
  _zod: { def: { check: string; when?: (payload: Payload) => boolean }; check(payload: Payload): unknown };
}

// One payload for every check: a check only writes to it when the value fails (then zod
// decides), or, for `overwrite` (trim), replaces the value, which is read back.
const scratch: Payload = { value: undefined, issues: [] };

/** The checks zod runs on a schema's parsed value, in its order (a format is its own first check). */
function checksOf(schema: Schema): Check[] {
  const own = schema._zod.def.checks ?? [];
  return schema._zod.traits.has("$ZodCheck") ? [schema as unknown as Check, ...own] : [...own];
}

function withChecks(schema: Schema, parse: FastParser): FastParser {
  const checks = checksOf(schema);
  if (checks.length === 0) return parse;
  return (input) => {
    const parsed = parse(input);
    if (parsed === UNSURE) return UNSURE;
    scratch.value = parsed;
    for (const check of checks) {
      const when = check._zod.def.when;
      if (when !== undefined && !when(scratch)) continue;
      const result = check._zod.check(scratch);
      if (scratch.issues.length > 0 || result instanceof Promise) {
        scratch.issues.length = 0;
        scratch.value = undefined;
        return UNSURE;
      }
    }
    const value = scratch.value;
    scratch.value = undefined;
    return value;
  };
}

// String formats whose check is their pattern alone (zod's `$ZodCheckStringFormat`).
const PATTERN_FORMATS = new Set(["regex", "date", "datetime"]);

function compile(schema: Schema): FastParser {
  const def = schema._zod.def;
  switch (def.type) {
    case "string": {
      if (def.coerce) throw new Unsupported();
      onlyChecks(schema, STRING_CHECKS);
      for (const check of checksOf(schema)) {
        const kind = check._zod.def as { check: string; format?: string; pattern?: unknown };
        if (kind.check === "string_format" && !(PATTERN_FORMATS.has(kind.format!) && kind.pattern instanceof RegExp)) {
          throw new Unsupported();
        }
      }
      return withChecks(schema, (input) => (typeof input === "string" ? input : UNSURE));
    }
    case "number": {
      if (def.coerce) throw new Unsupported();
      onlyChecks(schema, NUMBER_CHECKS);
      return withChecks(schema, (input) => (typeof input === "number" && Number.isFinite(input) ? input : UNSURE));
    }
    case "enum":
    case "literal": {
      const values = schema._zod.values;
      onlyChecks(schema, NO_CHECKS);
      if (!(values instanceof Set)) throw new Unsupported();
      return (input) => (values.has(input) ? input : UNSURE);
    }
    case "optional": {
      const inner = def.innerType as Schema;
      // an optional around a default substitutes for absence: not compiled
      onlyChecks(schema, NO_CHECKS);
      if (inner._zod.optin === "defaulted") throw new Unsupported();
      const parse = compile(inner);
      return (input) => (input === undefined ? undefined : parse(input));
    }
    case "nullable": {
      onlyChecks(schema, NO_CHECKS);
      const parse = compile(def.innerType as Schema);
      return (input) => (input === null ? null : parse(input));
    }
    case "default": {
      onlyChecks(schema, NO_CHECKS);
      const parse = compile(def.innerType as Schema);
      // zod hands out the default without validating it, a fresh copy each time (the getter)
      return (input) => {
        if (input === undefined) return def.defaultValue;
        const parsed = parse(input);
        return parsed === undefined ? def.defaultValue : parsed;
      };
    }
    case "array": {
      onlyChecks(schema, ARRAY_CHECKS);
      const element = compile(def.element as Schema);
      return withChecks(schema, (input) => {
        if (!Array.isArray(input)) return UNSURE;
        const out = new Array<unknown>(input.length);
        for (let i = 0; i < input.length; i++) {
          const parsed = element(input[i]);
          if (parsed === UNSURE) return UNSURE;
          out[i] = parsed;
        }
        return out;
      });
    }
    case "object":
      return compileObject(schema);
    default:
      throw new Unsupported();
  }
}

/** Refuses to compile a schema with a check outside the kinds this knows for its type. */
function onlyChecks(schema: Schema, allowed: ReadonlySet<string>): void {
  for (const check of checksOf(schema)) if (!allowed.has(check._zod.def.check)) throw new Unsupported();
}

const NO_CHECKS: ReadonlySet<string> = new Set();
const STRING_CHECKS = new Set(["min_length", "max_length", "length_equals", "string_format", "overwrite"]);
const NUMBER_CHECKS = new Set(["number_format", "greater_than", "less_than", "multiple_of"]);
const ARRAY_CHECKS = new Set(["min_length", "max_length", "length_equals"]);
// refinements (`refine`, `superRefine`) are zod's `custom` checks, run as they are
const OBJECT_CHECKS = new Set(["custom"]);

interface Field {
  key: string;
  parse: FastParser;
  optin: "optional" | "defaulted" | undefined;
  optout: "optional" | undefined;
}

function compileObject(schema: Schema): FastParser {
  const def = schema._zod.def as unknown as { shape: Record<string, Schema>; catchall?: Schema };
  onlyChecks(schema, OBJECT_CHECKS);
  if (Object.getOwnPropertySymbols(def.shape).length > 0) throw new Unsupported();
  const fields: Field[] = Object.keys(def.shape)
    .filter((key) => key !== "__proto__")
    .map((key) => {
      const field = def.shape[key]!;
      return { key, parse: compile(field), optin: field._zod.optin, optout: field._zod.optout };
    });
  // strip (no catchall) or pass through (`looseObject`: unknown); `strictObject` is not compiled
  const catchall = def.catchall?._zod.def.type;
  if (catchall !== undefined && catchall !== "unknown") throw new Unsupported();
  const keys = new Set(fields.map((f) => f.key));
  return withChecks(schema, (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return UNSURE;
    const record = input as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    // zod's handlePropertyResult, for the value it accepted
    for (const { key, parse, optin, optout } of fields) {
      const present = key in record;
      if (!present && optin === undefined) return UNSURE;
      const parsed = parse(record[key]);
      if (parsed === UNSURE) return UNSURE;
      if (parsed !== undefined || present || (optin === "defaulted" && optout !== "optional")) out[key] = parsed;
    }
    if (catchall !== undefined) {
      for (const key in record) {
        if (keys.has(key) || key === "__proto__") continue;
        out[key] = record[key];
      }
    }
    return out;
  });
}
