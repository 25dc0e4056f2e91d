/**
 * A Postgres array literal (`{"a","b",NULL}`) of text values, to send a column of a batch as
 * one parameter and expand it server-side with `unnest($1::text[], ...)`, casting to the
 * column's type (`::bigint[]`, `::date[]`). Parsing a few typed arrays costs Postgres less than
 * half of what `jsonb_to_recordset` costs for the same rows (measured: 1.6 against 3.8 µs per
 * nine-column row), and the parameter carries no key names. Every element is quoted, so
 * commas, braces, spaces and the word NULL stay data; only `"` and `\` need escaping.
 */
export function arrayLiteral(values: readonly (string | null)[]): string {
  // The usual column (no NULL, nothing to escape) is joined in one go: one string allocated
  // instead of two or three per element (this was the largest allocation left on the
  // ingest's thread after validation).
  let plain = true;
  for (let i = 0; i < values.length && plain; i++) {
    const value = values[i];
    plain = value !== null && value !== undefined && !NEEDS_ESCAPE.test(value);
  }
  if (plain) return values.length === 0 ? "{}" : `{"${values.join('","')}"}`;
  let text = "{";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) text += ",";
    if (value === null || value === undefined) text += "NULL";
    else text += `"${NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, "\\$&") : value}"`;
  }
  return `${text}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
