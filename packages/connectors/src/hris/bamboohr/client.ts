// A typed client of the BambooHR API, limited to what the connector reads.
// API base, auth: https://documentation.bamboohr.com/docs/getting-started (Basic auth, the API
// key as user name and any password, e.g. "x"; https://api.bamboohr.com/api/gateway.php/{companyDomain}/v1/...)
import { z } from "zod";
import { type HttpClient, parseVendorAnswer } from "../../core/http-client.ts";

/** The employee fields the connector asks for: no names, e-mails or pay. */
export const BAMBOOHR_FIELDS = [
  "id",
  "status",
  "employmentHistoryStatus",
  "hireDate",
  "terminationDate",
  "department",
  "jobTitle",
] as const;

// BambooHR sends every value as text (ids too), and empty dates as "0000-00-00" or "".
const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || String(v).trim() === "" ? null : String(v).trim()));

/** One employee as the connector reads it (the fields above). */
export const bambooEmployeeSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  status: text,
  employmentHistoryStatus: text,
  hireDate: text,
  terminationDate: text,
  department: text,
  jobTitle: text,
});
export type BambooEmployee = z.output<typeof bambooEmployeeSchema>;

// Request a custom report: https://documentation.bamboohr.com/reference/request-custom-report-1
// POST /v1/reports/custom?format=JSON&onlyCurrent=false (false: terminated employees too)
// -> { "title": ..., "fields": [{ "id", "type", "name" }], "employees": [{ "id": "123", ... }] }
const customReportSchema = z.looseObject({ employees: z.array(bambooEmployeeSchema) });

// Get changed employee ids: https://documentation.bamboohr.com/reference/get-changed-employee-ids
// GET /v1/employees/changed?since=<ISO 8601> ->
// { "latest": "2026-11-30T10:00:00+00:00", "employees": { "123": { "id": "123", "action": "Updated", "lastChanged": "..." } } }
const changedSchema = z.looseObject({
  latest: z.string().nullish(),
  employees: z
    .record(
      z.string(),
      z.looseObject({
        id: z.union([z.string(), z.number()]).transform(String),
        action: z.string(),
        lastChanged: z.string().nullish(),
      }),
    )
    .or(z.array(z.never()).transform(() => ({})))
    .default({}),
});
/** The answer of the changed-employees endpoint. */
export type BambooChanged = z.output<typeof changedSchema>;

/** The BambooHR calls the connector makes. */
export interface BambooClient {
  /** Every employee, current and former, with the connector's fields. */
  employees(): Promise<BambooEmployee[]>;
  /** One employee; null when BambooHR answers 404 (deleted). */
  employee(id: string): Promise<BambooEmployee | null>;
  /** Ids changed since an instant (inserted, updated, deleted). */
  changedSince(since: string): Promise<BambooChanged>;
}

const parse = <S extends z.ZodType>(schema: S, path: string, body: unknown): z.output<S> =>
  parseVendorAnswer("BambooHR", schema, body, path);

/** The API root of a company: the documented gateway unless `baseUrl` overrides it (a stand-in, a proxy). */
export function bambooApiRoot(subdomain: string, baseUrl?: string): string {
  const root = baseUrl ?? "https://api.bamboohr.com";
  return `${root.replace(/\/$/, "")}/api/gateway.php/${encodeURIComponent(subdomain)}/v1`;
}

/** A client for one company, authenticated with its API key. */
export function bambooClient(http: HttpClient, apiRoot: string, apiKey: string): BambooClient {
  const headers = { authorization: `Basic ${Buffer.from(`${apiKey}:x`).toString("base64")}` };
  return {
    async employees() {
      const path = "/reports/custom?format=JSON&onlyCurrent=false";
      const body = await http.json({
        method: "POST",
        url: `${apiRoot}${path}`,
        headers,
        body: { title: "hr-radar connector", fields: BAMBOOHR_FIELDS },
      });
      return parse(customReportSchema, path, body).employees;
    },
    async employee(id) {
      const path = `/employees/${encodeURIComponent(id)}?fields=${BAMBOOHR_FIELDS.join(",")}`;
      try {
        return parse(bambooEmployeeSchema, path, await http.json({ url: `${apiRoot}${path}`, headers }));
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
    async changedSince(since) {
      const path = `/employees/changed?since=${encodeURIComponent(since)}`;
      return parse(changedSchema, path, await http.json({ url: `${apiRoot}${path}`, headers }));
    },
  };
}
