import { describe, expect, it } from "vitest";
import { personioEmployee } from "./normalise.ts";
import { personioEmploymentSchema, personioPersonSchema } from "./records.ts";
import { personioWebhookChanges, verifyPersonioWebhook } from "./webhook.ts";

// Shapes follow https://developer.personio.de/reference/get_v2-persons and
// https://developer.personio.de/reference/get_v2-persons-person-id-employments
const person = personioPersonSchema.parse({
  id: "5005",
  email: "ada@example.com",
  first_name: "Ada",
  last_name: "Lovelace",
  created_at: "2024-01-02T09:00:00Z",
  updated_at: "2024-01-02T09:00:00Z",
});
const employment = (over: Record<string, unknown>) =>
  personioEmploymentSchema.parse({
    id: "2306b77a-35fb-4b1d-8044-3b14f7f2ca65",
    person: { id: "5005" },
    status: "ACTIVE",
    start_date: "2024-02-01",
    termination_date: null,
    position: { title: "Payroll Specialist" },
    org_units: [
      { id: "17", type: "team" },
      { id: "231", type: "department" },
    ],
    updated_at: "2026-11-30T10:00:00Z",
    ...over,
  });
const names = (id: string) => (id === "231" ? "People" : null);

describe("personioEmployee", () => {
  it("reads the current employment: start date, department org unit, position title, status", () => {
    expect(personioEmployee(person, [employment({})], names)).toEqual({
      recordId: "5005",
      hiredOn: "2024-02-01",
      terminatedOn: null,
      department: "People",
      jobTitle: "Payroll Specialist",
      status: "ACTIVE",
      vendorActive: true,
      updatedAt: "2026-11-30T10:00:00Z",
    });
  });

  it("takes the first (most recent) employment and its termination date", () => {
    const latest = employment({ status: "INACTIVE", termination_date: "2026-10-15" });
    const older = employment({ id: "old", start_date: "2019-01-01", termination_date: "2020-01-01" });
    const result = personioEmployee(person, [latest, older], names);
    expect(result).toMatchObject({ hiredOn: "2024-02-01", terminatedOn: "2026-10-15", vendorActive: false });
  });

  it("reads a nested termination date and keeps an unknown department as null", () => {
    const result = personioEmployee(
      person,
      [employment({ termination: { date: "2026-12-31" }, org_units: [] })],
      names,
    );
    expect(result).toMatchObject({ terminatedOn: "2026-12-31", department: null });
  });

  it("a person without employment has no dates and is not active", () => {
    expect(personioEmployee(person, [], names)).toMatchObject({ hiredOn: null, status: null, vendorActive: false });
  });
});

describe("Personio webhooks", () => {
  // https://developer.personio.de/v2.0/reference/webhooks (payload structure)
  const body = (event: string, payload: unknown) =>
    Buffer.from(
      JSON.stringify({ company_id: "4711", event_name: event, occurred_at: "2026-11-30T10:00:00Z", payload, meta: {} }),
    );

  it("accepts exactly the configured Authorization token", () => {
    expect(verifyPersonioWebhook({ authorization: "Bearer s3cret" }, "Bearer s3cret")).toEqual({ ok: true });
    expect(verifyPersonioWebhook({ authorization: "Bearer s3cre7" }, "Bearer s3cret")).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyPersonioWebhook({ authorization: "Bearer" }, "Bearer s3cret")).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyPersonioWebhook({}, "Bearer s3cret")).toEqual({ ok: false, reason: "missing_signature" });
  });

  it("names the person of person.* and employment.* events", () => {
    expect(personioWebhookChanges(body("person.created", { id: "5005" }))).toEqual([
      { recordId: "5005", action: "person.created" },
    ]);
    expect(personioWebhookChanges(body("employment.terminated", { id: "e-1", person: { id: 5006 } }))).toEqual([
      { recordId: "5006", action: "employment.terminated" },
    ]);
  });

  it("ignores other resources and rejects what is not a notification", () => {
    expect(personioWebhookChanges(body("absence_period.created", { id: "9" }))).toEqual([]);
    expect(personioWebhookChanges(Buffer.from("not json"))).toBeNull();
    expect(personioWebhookChanges(Buffer.from(JSON.stringify({ event_name: "person.created" })))).toBeNull();
    expect(personioWebhookChanges(body("employment.updated", { id: "e-1" }))).toBeNull();
  });
});
