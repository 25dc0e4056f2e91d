/** A registered route as Hono lists it: method (ALL for middleware) and path pattern. */
interface RouteEntry {
  method: string;
  path: string;
}

/** A Hono path pattern (`/a/:id/*`) as a whole-path regular expression. */
const patternOf = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split("/")
      .map((segment) =>
        segment === "*" ? ".*" : segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("/")}$`,
  );

/**
 * The methods some route answers on `path` (GET implying HEAD, and OPTIONS for CORS
 * preflights), for a 405's Allow header; empty when no route serves the path at all.
 */
export function methodsAllowed(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) if (route.method !== "ALL" && patternOf(route.path).test(path)) methods.add(route.method);
  if (methods.size === 0) return [];
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter((m) => methods.has(m));
}
