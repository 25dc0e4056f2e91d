import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mergeEmployee } from "./normalise.ts";
import { mergeEmployeeSchema } from "./records.ts";
import { mergeWebhookChanges, verifyMergeWebhook } from "./webhook.ts";

// Shape follows https://docs.merge.dev/merge-unified/hris/common-models/employees/the-employee-object
const employee = (over: Record<string, unknown>) =>
  mergeEmployeeSchema.parse({
    id: "0958cbc6-6040-430a-848e-aafacbadf4ae",
    remote_id: "19202938",
    first_name: "Greg",
    work_email: "greg@merge.dev",
    employment_status: "ACTIVE",
    start_date: "2021-10-11T00:00:00Z",
    hire_date: "2020-10-10T00:00:00Z",
    termination_date: null,
    groups: [
      { id: "g-team", name: "Platform", type: "TEAM" },
      { id: "g-dept", name: "Engineering", type: "DEPARTMENT" },
    ],
    employments: [
      { id: "e-old", job_title: "Software Engineer", effective_date: "2021-10-11T00:00:00Z" },
      { id: "e-new", job_title: "Engineering Manager", effective_date: "2024-03-01T00:00:00Z" },
    ],
    remote_was_deleted: false,
    modified_at: "2026-11-30T10:00:00Z",
    ...over,
  });

describe("mergeEmployee", () => {
  it("reads start date, the DEPARTMENT group and the latest employment's title", () => {
    expect(mergeEmployee(employee({}))).toEqual({
      recordId: "0958cbc6-6040-430a-848e-aafacbadf4ae",
      hiredOn: "2021-10-11",
      terminatedOn: null,
      department: "Engineering",
      jobTitle: "Engineering Manager",
      status: "ACTIVE",
      vendorActive: true,
      updatedAt: "2026-11-30T10:00:00Z",
    });
  });

  it("falls back to hire_date, reads termination and inactivity, flags deletion", () => {
    const result = mergeEmployee(
      employee({
        start_date: null,
        employment_status: "INACTIVE",
        termination_date: "2026-10-15T00:00:00Z",
        remote_was_deleted: true,
      }),
    );
    expect(result).toMatchObject({
      hiredOn: "2020-10-10",
      terminatedOn: "2026-10-15",
      vendorActive: false,
      deleted: true,
    });
  });

  it("groups and employments that are not expanded give no department or title", () => {
    expect(mergeEmployee(employee({ groups: ["g-dept"], employments: ["e-new"] }))).toMatchObject({
      department: null,
      jobTitle: null,
    });
  });
});

describe("Merge webhooks", () => {
  const key = "signature-key";
  const raw = Buffer.from(
    JSON.stringify({
      hook: { id: "h", event: "Employee.changed", target: "https://example.com" },
      linked_account: { id: "la-1", integration: "hibob", category: "hris" },
      data: { id: "0958cbc6", employment_status: "ACTIVE" },
    }),
  );
  const sign = (body: Buffer) => createHmac("sha256", key).update(body).digest("base64url");

  it("accepts the base64url HMAC-SHA256 of the raw body, with or without padding", () => {
    expect(verifyMergeWebhook(raw, { "x-merge-webhook-signature": sign(raw) }, key)).toEqual({ ok: true });
    expect(verifyMergeWebhook(raw, { "x-merge-webhook-signature": `${sign(raw)}=` }, key)).toEqual({ ok: true });
  });

  it("rejects a forged, re-serialised or missing signature", () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 1));
    expect(verifyMergeWebhook(raw, { "x-merge-webhook-signature": sign(Buffer.from("x")) }, key).ok).toBe(false);
    expect(verifyMergeWebhook(reserialised, { "x-merge-webhook-signature": sign(raw) }, key).ok).toBe(false);
    expect(verifyMergeWebhook(raw, { "x-merge-webhook-signature": sign(raw) }, "other-key").ok).toBe(false);
    expect(verifyMergeWebhook(raw, {}, key)).toEqual({ ok: false, reason: "missing_signature" });
  });

  it("names the employee of Employee.* and Employment.* events, nobody for others", () => {
    expect(mergeWebhookChanges(raw)).toEqual([
      { recordId: "0958cbc6", action: "Employee.changed", linkedAccountId: "la-1" },
    ]);
    const employment = Buffer.from(
      JSON.stringify({
        hook: { event: "Employment.created" },
        linked_account: { id: "la-1" },
        data: { id: "e", employee: "emp-9" },
      }),
    );
    expect(mergeWebhookChanges(employment)).toEqual([
      { recordId: "emp-9", action: "Employment.created", linkedAccountId: "la-1" },
    ]);
    const synced = Buffer.from(
      JSON.stringify({ hook: { event: "LinkedAccount.synced" }, linked_account: { id: "la-1" }, data: {} }),
    );
    expect(mergeWebhookChanges(synced)).toEqual([]);
    expect(mergeWebhookChanges(Buffer.from("{"))).toBeNull();
  });
});
