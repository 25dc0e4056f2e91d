import { describe, expect, it } from "vitest";
import { zendeskConfigSchema } from "./config.ts";
import { normaliseZendeskTicket, type ZendeskAudit, type ZendeskTicket } from "./normalise.ts";

const directory = {
  groups: new Map([
    [1, "Benefits"],
    [2, "Payroll"],
    [9, "HR Specialists"],
  ]),
  forms: new Map([[77, "Leave request"]]),
};
const config = zendeskConfigSchema.parse({
  subdomain: "acme",
  email: "ops@acme.test",
  tiers: { "HR Specialists": 2 },
  timeSpentFieldId: 555,
});

const ticket = (over: Partial<ZendeskTicket> = {}): ZendeskTicket => ({
  id: 991,
  created_at: "2026-10-05T09:00:00Z",
  updated_at: "2026-10-06T15:30:00Z",
  status: "open",
  group_id: 1,
  ticket_form_id: 77,
  tags: ["vip", "benefits"],
  custom_fields: [{ id: 555, value: null }],
  ...over,
});

const escalationAudits: ZendeskAudit[] = [
  { created_at: "2026-10-05T09:00:00Z", events: [{ type: "Create", field_name: "group_id", value: "1" }] },
  {
    created_at: "2026-10-05T11:00:00Z",
    events: [{ type: "Change", field_name: "group_id", value: "9", previous_value: "1" }],
  },
];

describe("normaliseZendeskTicket", () => {
  it("opens a new ticket at its group's tier, categorised by that group", () => {
    const { changes, issues } = normaliseZendeskTicket("acme", { ticket: ticket() }, directory, config);
    expect(issues).toEqual([]);
    expect(changes.map((c) => c.data)).toEqual([
      { organisationId: "acme", ticketId: "991", category: "Benefits", openedAt: "2026-10-05T09:00:00.000Z", tier: 1 },
    ]);
  });

  it("turns a move into a tier-2 group into an escalation and keeps the opening group's category", () => {
    const record = {
      ticket: ticket({ group_id: 9 }),
      metrics: { ticket_id: 991, group_stations: 2, reopens: 0, solved_at: null },
      audits: escalationAudits,
    };
    const { changes } = normaliseZendeskTicket("acme", record, directory, config);
    expect(changes.map((c) => [c.type, c.data.category])).toEqual([
      ["hrradar.ticket.opened.v1", "Benefits"],
      ["hrradar.ticket.escalated.v1", "Benefits"],
    ]);
    expect(changes[1]?.data).toMatchObject({ escalatedAt: "2026-10-05T11:00:00.000Z", fromTier: 1, toTier: 2 });
  });

  it("resolves at the metric set's solved_at with the time-tracking seconds as minutes", () => {
    const record = {
      ticket: ticket({ status: "solved", custom_fields: [{ id: 555, value: 2700 }] }),
      metrics: { ticket_id: 991, group_stations: 1, reopens: 0, solved_at: "2026-10-06T15:30:00Z" },
    };
    const resolved = normaliseZendeskTicket("acme", record, directory, config).changes[1];
    expect(resolved?.data).toEqual({
      organisationId: "acme",
      ticketId: "991",
      category: "Benefits",
      resolvedAt: "2026-10-06T15:30:00.000Z",
      handlingMinutes: 45,
    });
  });

  it("omits minutes when the field is unset, and reports implausible ones instead of sending them", () => {
    const solved = (value: unknown) => ({
      ticket: ticket({ status: "closed", custom_fields: [{ id: 555, value }] }),
      metrics: { ticket_id: 991, solved_at: "2026-10-06T15:30:00Z" },
    });
    const unset = normaliseZendeskTicket("acme", solved(null), directory, config);
    expect(unset.changes[1]?.data).not.toHaveProperty("handlingMinutes");
    const huge = normaliseZendeskTicket("acme", solved(3 * 86_400), directory, config);
    expect(huge.changes[1]?.data).not.toHaveProperty("handlingMinutes");
    expect(huge.issues.map((i) => i.code)).toEqual(["implausible_minutes"]);
  });

  it("gives a reopened and re-solved ticket a new resolution (new change key) carrying the full minutes", () => {
    const first = normaliseZendeskTicket(
      "acme",
      {
        ticket: ticket({ status: "solved", custom_fields: [{ id: 555, value: 600 }] }),
        metrics: { ticket_id: 991, solved_at: "2026-10-06T15:30:00Z" },
      },
      directory,
      config,
    ).changes[1];
    const second = normaliseZendeskTicket(
      "acme",
      {
        ticket: ticket({ status: "solved", custom_fields: [{ id: 555, value: 1500 }] }),
        metrics: { ticket_id: 991, reopens: 1, solved_at: "2026-10-09T10:00:00Z" },
      },
      directory,
      config,
    ).changes[1];
    expect(second?.change).not.toBe(first?.change);
    expect(second?.data).toMatchObject({ resolvedAt: "2026-10-09T10:00:00.000Z", handlingMinutes: 25 });
  });

  it("a reopened ticket that is open again sends no resolution", () => {
    const record = {
      ticket: ticket({ status: "open" }),
      metrics: { ticket_id: 991, reopens: 1, solved_at: "2026-10-06T15:30:00Z" },
    };
    expect(normaliseZendeskTicket("acme", record, directory, config).changes.map((c) => c.type)).toEqual([
      "hrradar.ticket.opened.v1",
    ]);
  });

  it("takes the category from a form, a listed tag or a custom field, and reports a missing one", () => {
    const by = (category: unknown, t = ticket()) =>
      normaliseZendeskTicket(
        "acme",
        { ticket: t },
        directory,
        zendeskConfigSchema.parse({ subdomain: "acme", email: "a@b.c", category }),
      );
    expect(by({ source: "form" }).changes[0]?.data.category).toBe("Leave request");
    expect(by({ source: "tag", tags: ["benefits", "payroll"] }).changes[0]?.data.category).toBe("benefits");
    expect(
      by({ source: "custom_field", fieldId: 42 }, ticket({ custom_fields: [{ id: 42, value: "Pension" }] })).changes[0]
        ?.data.category,
    ).toBe("Pension");
    const missing = by({ source: "tag", tags: ["payroll"] });
    expect(missing.changes[0]?.data.category).toBe("uncategorised");
    expect(missing.issues.map((i) => i.code)).toEqual(["missing_category"]);
  });

  it("gives the same change keys for the same ticket fetched twice", () => {
    const record = {
      ticket: ticket({ status: "solved" }),
      metrics: { ticket_id: 991, solved_at: "2026-10-06T15:30:00Z" },
    };
    const a = normaliseZendeskTicket("acme", record, directory, config).changes.map((c) => c.change);
    const b = normaliseZendeskTicket("acme", structuredClone(record), directory, config).changes.map((c) => c.change);
    expect(a).toEqual(b);
  });
});
