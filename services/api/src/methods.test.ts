import { describe, expect, it } from "vitest";
import { methodsAllowed } from "./methods.ts";

const routes = [
  { method: "ALL", path: "/api/v1/*" },
  { method: "GET", path: "/api/v1/organisations/:organisationId/alerts" },
  { method: "GET", path: "/api/v1/organisations/:organisationId/alerts/:alertId" },
  { method: "POST", path: "/api/v1/organisations/:organisationId/alerts/:alertId/acknowledge" },
  { method: "GET", path: "/dashboard/*" },
];

describe("methodsAllowed", () => {
  it("lists the methods of the routes that serve a path, middleware aside", () => {
    expect(methodsAllowed(routes, "/api/v1/organisations/acme/alerts")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(methodsAllowed(routes, "/api/v1/organisations/acme/alerts/7/acknowledge")).toEqual(["POST", "OPTIONS"]);
    expect(methodsAllowed(routes, "/dashboard/app.js")).toEqual(["GET", "HEAD", "OPTIONS"]);
  });
  it("is empty for a path no route serves, so it stays a 404", () => {
    expect(methodsAllowed(routes, "/api/v1/nothing")).toEqual([]);
    expect(methodsAllowed(routes, "/api/v1/organisations/acme/alerts/7/x")).toEqual([]);
  });
});
