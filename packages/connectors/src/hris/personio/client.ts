// A typed Personio API v2 client: OAuth 2.0 client-credentials token, cursor pagination,
// the person -> employments -> org unit lookups. Throttling (429 + Retry-After) and backoff
// are the connection's HTTP client's job; this only knows Personio's paths and shapes.
//   https://developer.personio.de/reference/post_v2-auth-token
//   https://developer.personio.de/reference/get_v2-persons
//   https://developer.personio.de/reference/get_v2-persons-person-id-employments
//   https://developer.personio.de/reference/getorgunit

import type { z } from "zod";
import { type HttpClient, parseVendorAnswer } from "../../core/http-client.ts";
import {
  type PersonioEmployment,
  type PersonioOrgUnit,
  type PersonioPerson,
  personioEmploymentSchema,
  personioListSchema,
  personioOrgUnitSchema,
  personioPersonSchema,
  personioTokenSchema,
} from "./records.ts";

/** Personio's largest page (limit 1..50). */
export const PERSONIO_MAX_PAGE = 50;

/** Where and as whom the client calls Personio. */
export interface PersonioClientOptions {
  /** https://api.personio.de, or a stand-in's URL. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  http: HttpClient;
  pageSize?: number;
}

const parse = <T extends z.ZodType>(schema: T, value: unknown, url: string): z.output<T> =>
  parseVendorAnswer("Personio", schema, value, url);

const isUnauthorised = (error: unknown) => (error as { status?: unknown })?.status === 401;

/** One connection's Personio client (its token is cached for the run). */
export class PersonioClient {
  private token: string | null = null;
  private readonly orgUnits = new Map<string, PersonioOrgUnit | null>();
  private readonly options: PersonioClientOptions;
  private readonly base: string;
  private readonly pageSize: number;

  constructor(options: PersonioClientOptions) {
    this.options = options;
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.pageSize = Math.min(options.pageSize ?? PERSONIO_MAX_PAGE, PERSONIO_MAX_PAGE);
  }

  /** Exchanges the client id and secret for a bearer token (form-encoded, as documented). */
  async authenticate(): Promise<string> {
    const url = `${this.base}/v2/auth/token`;
    const answer = await this.options.http.json({
      method: "POST",
      url,
      form: {
        grant_type: "client_credentials",
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
      },
    });
    this.token = parse(personioTokenSchema, answer, url).access_token;
    return this.token;
  }

  /** GET with the bearer token; a 401 (expired token) re-authenticates once. */
  private async get<T extends z.ZodType>(pathAndQuery: string, schema: T): Promise<z.infer<T>> {
    const url = `${this.base}${pathAndQuery}`;
    const token = this.token ?? (await this.authenticate());
    try {
      return parse(schema, await this.options.http.json({ url, headers: { authorization: `Bearer ${token}` } }), url);
    } catch (error) {
      if (!isUnauthorised(error)) throw error;
      const fresh = await this.authenticate();
      return parse(schema, await this.options.http.json({ url, headers: { authorization: `Bearer ${fresh}` } }), url);
    }
  }

  /** Follows `_meta.links.next.href` from the first page to the last. */
  private async *pages<T extends z.ZodType>(first: string, item: T): AsyncIterable<z.infer<T>[]> {
    const schema = personioListSchema(item);
    let next: string | null = first;
    while (next !== null) {
      const page: z.infer<typeof schema> = await this.get(next, schema);
      yield page._data as z.infer<T>[];
      const href = page._meta?.links?.next?.href ?? null;
      next = href === null ? null : href.startsWith("http") ? new URL(href).pathname + new URL(href).search : href;
    }
  }

  /** Every person, a page at a time. */
  persons(): AsyncIterable<PersonioPerson[]> {
    return this.pages(`/v2/persons?limit=${this.pageSize}`, personioPersonSchema);
  }

  /** One person. */
  person(personId: string): Promise<PersonioPerson> {
    return this.get(`/v2/persons/${encodeURIComponent(personId)}`, personioPersonSchema);
  }

  /**
   * A person's employments, most recent first; with `updatedAfter`, only those changed
   * after it (the documented `updated_at.gt` filter).
   */
  async employments(personId: string, updatedAfter?: string): Promise<PersonioEmployment[]> {
    const filter = updatedAfter === undefined ? "" : `&updated_at.gt=${encodeURIComponent(updatedAfter)}`;
    const all: PersonioEmployment[] = [];
    for await (const page of this.pages(
      `/v2/persons/${encodeURIComponent(personId)}/employments?limit=${PERSONIO_MAX_PAGE}${filter}`,
      personioEmploymentSchema,
    )) {
      all.push(...page);
    }
    return all;
  }

  /** A department's name by org unit id (cached; an unknown unit is null, not an error). */
  async departmentName(orgUnitId: string): Promise<string | null> {
    if (!this.orgUnits.has(orgUnitId)) {
      try {
        this.orgUnits.set(
          orgUnitId,
          await this.get(`/v2/org-units/${encodeURIComponent(orgUnitId)}?type=department`, personioOrgUnitSchema),
        );
      } catch (error) {
        if ((error as { status?: unknown })?.status !== 404) throw error;
        this.orgUnits.set(orgUnitId, null);
      }
    }
    return this.orgUnits.get(orgUnitId)?.name ?? null;
  }
}
