// The dashboard's only door to the server: the /api/v1 endpoints, with the bearer token.
//
// The token arrives in the URL fragment (`#token=...`), which browsers never send to a
// server, so it stays out of access logs. It is kept in sessionStorage (gone when the
// tab closes) and wiped from the address bar, so it is not bookmarked or shared by copy.

const TOKEN_KEY = "hr-radar.token";
const API = "/api/v1";

/** The API refused the token (401): the page asks for another one. */
export class UnauthorizedError extends Error {
  constructor(message) {
    super(message);
    this.name = "UnauthorizedError";
  }
}

/** The API answered with RFC 9457 problem details `{ type, title, status, detail, code, ... }`. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/** Moves a `#token=` fragment into sessionStorage and removes it from the address bar. */
export function adoptTokenFromUrl() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get("token");
  if (token === null) return;
  if (token.trim() !== "") saveToken(token.trim());
  params.delete("token");
  const rest = params.toString();
  const url = window.location.pathname + window.location.search + (rest ? `#${rest}` : "");
  window.history.replaceState(null, "", url);
}

/** The token of this tab, or null. */
export function storedToken() {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps the token for this tab. */
export function saveToken(token) {
  window.sessionStorage.setItem(TOKEN_KEY, token);
}

/** Forgets the token (a 401, or the user signs out). */
export function forgetToken() {
  window.sessionStorage.removeItem(TOKEN_KEY);
}

async function request(path, init = {}) {
  const token = storedToken();
  if (token === null) throw new UnauthorizedError("No API token yet.");
  const headers = { Accept: "application/json", Authorization: `Bearer ${token}`, ...init.headers };
  const response = await fetch(`${API}${path}`, { ...init, headers });
  const body = await response.json().catch(() => null);
  if (response.status === 401) throw new UnauthorizedError(body?.detail ?? "The token was not accepted.");
  if (!response.ok)
    throw new ApiError(response.status, body?.code ?? "http_error", body?.detail ?? `HTTP ${response.status}`);
  return body;
}

/** A list read with every page: follows the `next` links, concatenating the list named `field`. */
async function requestAll(path, field) {
  const first = await request(path);
  let next = first.next;
  while (next) {
    const page = await request(next.slice(API.length));
    first[field].push(...page[field]);
    next = page.next;
  }
  return { ...first, next: null };
}

const org = (organisationId) => `/organisations/${encodeURIComponent(organisationId)}`;

/** Who the token belongs to: `{ organisationId, tokenName }`. */
export const getMe = () => request("/me");

/** Everything one dashboard view shows, fetched in parallel. */
export async function loadDashboard(organisationId) {
  const base = org(organisationId);
  const [organisation, headcount, functionLoad, hrTeam, alerts, projections] = await Promise.all([
    request(base),
    requestAll(`${base}/headcount?grain=week`, "rows"),
    requestAll(`${base}/function-load?grain=week`, "rows"),
    requestAll(`${base}/hr-team`, "rows"),
    requestAll(`${base}/alerts?status=active`, "alerts"),
    requestAll(`${base}/projections`, "projections"),
  ]);
  return { organisation, headcount, functionLoad, hrTeam, alerts, projections };
}

/** The open and acknowledged alerts. */
export const getActiveAlerts = (organisationId) => requestAll(`${org(organisationId)}/alerts?status=active`, "alerts");

/** Acknowledges an open alert in someone's name; answers the updated alert. */
export function acknowledgeAlert(organisationId, alertId, by) {
  return request(`${org(organisationId)}/alerts/${encodeURIComponent(alertId)}/acknowledge`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ by }),
  });
}
