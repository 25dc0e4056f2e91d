import type { HttpClient } from "../../core/http-client.ts";
import { basicAuth } from "../ticket-changes.ts";
import type { JiraConfig } from "./config.ts";
import type { JiraHistory, JiraIssue, JiraIssueRecord } from "./normalise.ts";

/** One search page, with every issue's full changelog and worklogs. */
export interface JiraPage {
  records: JiraIssueRecord[];
  /** The last issue's `updated`: all issues updated before it were on this or an earlier page. */
  lastUpdated?: string;
}

/** JQL dates are minutes in the API user's time zone: configure that user in UTC (see README). */
export function jqlMinute(at: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${at.getUTCFullYear()}/${p(at.getUTCMonth() + 1)}/${p(at.getUTCDate())} ${p(at.getUTCHours())}:${p(at.getUTCMinutes())}`;
}

/** The calls the connector makes to Jira Cloud's REST API v3. */
export class JiraClient {
  private readonly base: string;
  private readonly auth: string;
  private readonly config: JiraConfig;
  private readonly http: HttpClient;

  constructor(config: JiraConfig, apiToken: string, http: HttpClient) {
    this.config = config;
    this.http = http;
    this.base = config.baseUrl.replace(/\/$/, "");
    // https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/
    this.auth = basicAuth(config.email, apiToken);
  }

  private request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    return this.http.json<T>({
      method,
      url: `${this.base}${path}`,
      headers: { authorization: this.auth },
      ...(body === undefined ? {} : { body }),
    });
  }

  /** Issues of the project updated since a minute, oldest update first, page by page. */
  updatedSince(since: Date): AsyncGenerator<JiraPage> {
    return this.search(`project = ${this.config.project} AND updated >= "${jqlMinute(since)}" ORDER BY updated ASC`);
  }

  /** Issues by key. */
  byKeys(keys: readonly string[]): AsyncGenerator<JiraPage> {
    return this.search(`issuekey in (${keys.join(", ")})`);
  }

  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
  private async *search(jql: string): AsyncGenerator<JiraPage> {
    let nextPageToken: string | undefined;
    for (;;) {
      const answer = await this.request<{ issues?: JiraIssue[]; nextPageToken?: string | null; isLast?: boolean }>(
        "POST",
        "/rest/api/3/search/jql",
        {
          jql,
          maxResults: this.config.pageSize,
          fields: [
            "created",
            "updated",
            "resolutiondate",
            "status",
            "components",
            "worklog",
            this.config.teamField.fieldId,
            ...(this.config.category.source === "request_type" ? [this.config.category.fieldId] : []),
          ],
          expand: "changelog",
          ...(nextPageToken === undefined ? {} : { nextPageToken }),
        },
      );
      const records: JiraIssueRecord[] = [];
      for (const issue of answer.issues ?? []) records.push(await this.complete(issue));
      const last = answer.issues?.at(-1)?.fields.updated;
      yield { records, ...(last === undefined ? {} : { lastUpdated: last }) };
      if (answer.isLast !== false || !answer.nextPageToken) return;
      nextPageToken = answer.nextPageToken;
    }
  }

  /** The changelog and worklogs beyond what the search embedded. */
  private async complete(issue: JiraIssue): Promise<JiraIssueRecord> {
    let histories = issue.changelog?.histories ?? [];
    if ((issue.changelog?.total ?? 0) > histories.length) histories = await this.changelog(issue.key);
    const embedded = issue.fields.worklog as { total?: number; worklogs?: { timeSpentSeconds?: number }[] } | undefined;
    let worklogs = embedded?.worklogs ?? [];
    if ((embedded?.total ?? 0) > worklogs.length) worklogs = await this.worklogs(issue.key);
    return { issue, histories, worklogs };
  }

  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get
  private async changelog(key: string): Promise<JiraHistory[]> {
    const all: JiraHistory[] = [];
    for (let startAt = 0; ; ) {
      const page = await this.request<{ values?: JiraHistory[]; isLast?: boolean; total?: number }>(
        "GET",
        `/rest/api/3/issue/${encodeURIComponent(key)}/changelog?startAt=${startAt}&maxResults=100`,
      );
      all.push(...(page.values ?? []));
      startAt += page.values?.length ?? 0;
      if (page.isLast !== false || (page.values?.length ?? 0) === 0) return all;
    }
  }

  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-worklogs/#api-rest-api-3-issue-issueidorkey-worklog-get
  private async worklogs(key: string): Promise<{ timeSpentSeconds?: number }[]> {
    const all: { timeSpentSeconds?: number }[] = [];
    for (let startAt = 0; ; ) {
      const page = await this.request<{ worklogs?: { timeSpentSeconds?: number }[]; total?: number }>(
        "GET",
        `/rest/api/3/issue/${encodeURIComponent(key)}/worklog?startAt=${startAt}&maxResults=1000`,
      );
      all.push(...(page.worklogs ?? []));
      startAt += page.worklogs?.length ?? 0;
      if (startAt >= (page.total ?? 0) || (page.worklogs?.length ?? 0) === 0) return all;
    }
  }

  /** One cheap call: the project exists and the token can read it. */
  async probe(): Promise<number> {
    const answer = await this.request<{ issues?: unknown[]; isLast?: boolean }>("POST", "/rest/api/3/search/jql", {
      jql: `project = ${this.config.project} AND updated >= "${jqlMinute(new Date(0))}" ORDER BY updated ASC`,
      maxResults: 1,
      fields: ["updated"],
    });
    return answer.issues?.length ?? 0;
  }
}
