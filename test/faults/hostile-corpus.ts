// A seeded corpus of hostile records, each with the dead-letter reason the contract says
// it must get, mixed into valid traffic whose totals are known. Also valid records that
// look hostile (extra fields with names and e-mails, injection-looking text where the
// contract allows free text, organisations nobody announced): those must be counted.
import {
  type CloudEvent,
  encodeCloudEvent,
  HEADCOUNT_EVENT_TYPES as H,
  type RejectionCode,
  TICKET_EVENT_TYPES as T,
} from "@hr-radar/events";
import type { Message } from "kafkajs";
import type { Random } from "../support/random.ts";

/** A reason a record must be dead-lettered with; `duplicate_conflict` is a reused id with other content. */
export type ExpectedReason = RejectionCode | "duplicate_conflict";

/** A record and what must become of it. */
export interface CorpusRecord {
  record: Message;
  /** What kind of hostility it is (for the report). */
  kind: string;
  /** The dead-letter reason it must get, or "valid" when it must be counted. */
  expect: ExpectedReason | "valid";
}

/** Marks employee ids in hostile records, so a leak into the logs is easy to find. */
export const CLEAR_EMPLOYEE_ID_PREFIX = "EMP-CLEAR-";

/** Makes one hostile headcount or ticket record for an organisation of the valid traffic. */
type Maker = (random: Random, org: string, n: number) => CorpusRecord;

const HOUR = 3_600_000;
const SOURCE = { tickets: "urn:hr-radar-faults:hostile-helpdesk", headcount: "urn:hr-radar-faults:hostile-hris" };
const INJECTIONS = [
  "'; DROP TABLE tickets; --",
  '" OR 1=1 --',
  "<script>alert(1)</script>",
  "$" + "{jndi:ldap://x/a}",
  "{{7*7}}",
  "../../etc/passwd",
  "\u0000nul",
  "$(rm -rf /)",
];

const event = (
  family: keyof typeof SOURCE,
  type: string,
  n: number,
  data: Record<string, unknown>,
  attributes: Partial<CloudEvent> = {},
): CloudEvent => ({
  specversion: "1.0",
  id: `hostile-${family}-${n}`,
  source: SOURCE[family],
  type,
  time: "2026-10-01T12:00:00Z",
  ...attributes,
  data,
});

const ticketData = (org: string, n: number, extra: Record<string, unknown> = {}) => ({
  organisationId: org,
  ticketId: `hostile-${n}`,
  category: "payroll-question",
  openedAt: "2026-10-01T09:00:00Z",
  ...extra,
});

const encoded = (e: CloudEvent, key: string, kind: string, expect: CorpusRecord["expect"]): CorpusRecord => ({
  record: encodeCloudEvent(e, key),
  kind,
  expect,
});

/** Hostile records for the tickets topic, by kind. */
export const TICKET_HOSTILITIES: Record<string, Maker> = {
  truncated: (random, org, n) => {
    const whole = JSON.stringify(event("tickets", T.ticketOpened, n, ticketData(org, n)));
    return {
      record: {
        key: org,
        value: whole.slice(0, random.int(1, whole.length - 2)),
        headers: { "content-type": "application/cloudevents+json" },
      },
      kind: "truncated JSON",
      expect: "not_json",
    };
  },
  "non-utf8 bytes": (random, org) => {
    const bytes = Buffer.from(Array.from({ length: random.int(8, 200) }, () => random.int(0x80, 0xff)));
    return {
      record: { key: org, value: bytes, headers: { "content-type": "application/cloudevents+json" } },
      kind: "non-UTF-8 bytes",
      expect: "not_json",
    };
  },
  "non-utf8 inside JSON": (_random, org, n) => {
    // valid JSON around one invalid byte sequence: decoding must not quietly turn it into U+FFFD
    const text = JSON.stringify(event("tickets", T.ticketOpened, n, ticketData(org, n, { category: "PAYROLL__" })));
    const value = Buffer.from(text.replace("PAYROLL__", "PAYROLL\u0001\u0001"));
    value.fill(0xff, value.indexOf(0x01), value.indexOf(0x01) + 2);
    return {
      record: { key: org, value, headers: { "content-type": "application/cloudevents+json" } },
      kind: "non-UTF-8 inside valid JSON",
      expect: "not_json",
    };
  },
  "deeply nested": (random, org, n) => {
    // built as text: JSON.stringify itself overflows the stack on such depth
    const depth = random.int(1_000, 20_000);
    const text = JSON.stringify(
      event("tickets", T.ticketOpened, n, ticketData(org, n, { category: "NESTED" })),
    ).replace('"NESTED"', "[".repeat(depth) + "]".repeat(depth));
    return {
      record: { key: org, value: text, headers: { "content-type": "application/cloudevents+json" } },
      kind: "deeply nested JSON",
      expect: "schema_violation",
    };
  },
  "deeply nested value": (random, org) => ({
    record: {
      key: org,
      value: "[".repeat(random.int(50_000, 100_000)),
      headers: { "content-type": "application/cloudevents+json" },
    },
    kind: "deeply nested, unterminated value",
    expect: "not_json",
  }),
  huge: (random, org, n) =>
    encoded(
      event("tickets", T.ticketOpened, n, ticketData(org, n, { note: "x".repeat(random.int(300_000, 600_000)) })),
      org,
      "huge JSON (over the size limit)",
      "oversized",
    ),
  "big under limit": (_random, org, n) =>
    encoded(
      event("tickets", T.ticketOpened, n, ticketData(org, n, { ticketId: "t".repeat(100_000) })),
      org,
      "big JSON under the limit (100 kB id)",
      "schema_violation",
    ),
  "wrong types": (random, org, n) => {
    const variants = [
      { openedAt: 1_700_000_000 },
      { tier: "one" },
      { ticketId: 42 },
      { category: ["payroll"] },
      { organisationId: { id: org } },
    ];
    return encoded(
      event("tickets", T.ticketOpened, n, ticketData(org, n, random.pick(variants))),
      org,
      "wrong types",
      "schema_violation",
    );
  },
  "missing field": (random, org, n) => {
    const data = ticketData(org, n) as Record<string, unknown>;
    delete data[random.pick(["ticketId", "category", "openedAt"])];
    return encoded(event("tickets", T.ticketOpened, n, data), org, "missing field", "schema_violation");
  },
  "missing id": (_random, org, n) => {
    const { id: _id, ...rest } = event("tickets", T.ticketOpened, n, ticketData(org, n));
    return {
      record: { key: org, value: JSON.stringify(rest), headers: { "content-type": "application/cloudevents+json" } },
      kind: "missing CloudEvents id",
      expect: "not_cloudevent",
    };
  },
  "injection in organisation": (random, _org, n) => {
    const bad = random.pick(INJECTIONS);
    return encoded(
      event("tickets", T.ticketOpened, n, ticketData(bad, n)),
      bad,
      "injection-looking organisation id",
      "schema_violation",
    );
  },
  "injection in type": (random, org, n) =>
    encoded(
      event("tickets", `hrradar.ticket.${random.pick(INJECTIONS)}`, n, ticketData(org, n)),
      org,
      "injection-looking type",
      "unknown_type",
    ),
  "far past": (_random, org, n) =>
    encoded(
      event("tickets", T.ticketOpened, n, ticketData(org, n, { openedAt: "1899-12-31T23:00:00Z" })),
      org,
      "date far in the past",
      "impossible_value",
    ),
  "far future": (random, org, n) =>
    encoded(
      event(
        "tickets",
        T.ticketOpened,
        n,
        ticketData(org, n, { openedAt: random.pick(["2999-01-01T00:00:00Z", "2031-06-01T00:00:00+02:00"]) }),
      ),
      org,
      "date far in the future",
      "impossible_value",
    ),
  "negative number": (_random, org, n) =>
    encoded(
      event("tickets", T.ticketOpened, n, ticketData(org, n, { tier: -1 })),
      org,
      "negative number",
      "impossible_value",
    ),
  "absurd number": (random, org, n) =>
    encoded(
      event("tickets", T.ticketResolved, n, {
        organisationId: org,
        ticketId: `hostile-${n}`,
        category: "payroll-question",
        resolvedAt: "2026-10-01T10:00:00Z",
        handlingMinutes: random.pick([1e9, 1e300, 2_401]),
      }),
      org,
      "absurd number",
      "impossible_value",
    ),
  "absurd volume": (_random, org, n) =>
    encoded(
      event("tickets", T.ticketVolume, n, {
        organisationId: org,
        category: "payroll-question",
        granularity: "week",
        periodStart: "2026-09-28",
        opened: 3,
        resolved: 3,
        handlingMinutes: 1e300,
      }),
      org,
      "absurd handling minutes in a volume report",
      "schema_violation",
    ),
  "unknown type": (_random, org, n) =>
    encoded(
      event("tickets", "hrradar.ticket.deleted.v1", n, ticketData(org, n)),
      org,
      "unknown event type",
      "unknown_type",
    ),
  "other family": (_random, org, n) =>
    encoded(
      event("tickets", H.employeeHired, n, {
        organisationId: org,
        employeeId: `${CLEAR_EMPLOYEE_ID_PREFIX}${n}`,
        hiredOn: "2026-10-01",
      }),
      org,
      "headcount event on the tickets topic",
      "unknown_type",
    ),
  "key mismatch": (_random, org, n) =>
    encoded(
      event("tickets", T.ticketOpened, n, ticketData(org, n)),
      `${org}-other`,
      "record key is another organisation",
      "key_mismatch",
    ),
  "not a CloudEvent": (_random, org, n) => ({
    record: { key: org, value: JSON.stringify(ticketData(org, n)), headers: {} },
    kind: "plain JSON, no CloudEvents headers",
    expect: "not_cloudevent",
  }),
  "content type": (_random, org, n) =>
    encoded(
      event("tickets", T.ticketOpened, n, ticketData(org, n), { datacontenttype: "application/xml" }),
      org,
      "non-JSON datacontenttype",
      "unsupported_content_type",
    ),
};

/** Hostile records for the headcount topic; employee ids in them carry {@link CLEAR_EMPLOYEE_ID_PREFIX}. */
export const HEADCOUNT_HOSTILITIES: Record<string, Maker> = {
  "negative headcount": (_random, org, n) =>
    encoded(
      event("headcount", H.headcountSnapshot, n, { organisationId: org, asOf: "2026-09-28", headcount: -5 }),
      org,
      "negative headcount",
      "impossible_value",
    ),
  "absurd headcount": (_random, org, n) =>
    encoded(
      event("headcount", H.headcountSnapshot, n, { organisationId: org, asOf: "2026-09-28", headcount: 1e12 }),
      org,
      "absurd headcount",
      "impossible_value",
    ),
  "fractional headcount": (_random, org, n) =>
    encoded(
      event("headcount", H.headcountSnapshot, n, { organisationId: org, asOf: "2026-09-28", headcount: 10.5 }),
      org,
      "fractional headcount",
      "schema_violation",
    ),
  "hire far future": (_random, org, n) =>
    encoded(
      event("headcount", H.employeeHired, n, {
        organisationId: org,
        employeeId: `${CLEAR_EMPLOYEE_ID_PREFIX}${n}`,
        hiredOn: "2999-01-01",
      }),
      org,
      "hire dated far in the future",
      "impossible_value",
    ),
  "hire far past": (_random, org, n) =>
    encoded(
      event("headcount", H.employeeHired, n, {
        organisationId: org,
        employeeId: `${CLEAR_EMPLOYEE_ID_PREFIX}${n}`,
        hiredOn: "1970-01-01",
      }),
      org,
      "hire dated far in the past",
      "impossible_value",
    ),
  "hire wrong types": (_random, org, n) =>
    encoded(
      event("headcount", H.employeeHired, n, {
        organisationId: org,
        employeeId: 12345,
        hiredOn: "2026-10-01",
        hrRole: "boss",
      }),
      org,
      "wrong types in a hire",
      "schema_violation",
    ),
  "hire injection": (random, org, n) =>
    encoded(
      event("headcount", H.employeeHired, n, {
        organisationId: org,
        employeeId: `${CLEAR_EMPLOYEE_ID_PREFIX}${n}`,
        hiredOn: random.pick(INJECTIONS),
      }),
      org,
      "injection-looking date",
      "schema_violation",
    ),
  "profile bad zone": (random, org, n) =>
    encoded(
      event("headcount", H.organisationProfile, n, {
        organisationId: org,
        name: random.pick(INJECTIONS),
        timeZone: "Mars/Olympus_Mons",
      }),
      org,
      "unknown time zone",
      "schema_violation",
    ),
  "termination missing": (_random, org, n) =>
    encoded(
      event("headcount", H.employeeTerminated, n, {
        organisationId: org,
        employeeId: `${CLEAR_EMPLOYEE_ID_PREFIX}${n}`,
      }),
      org,
      "termination without a date",
      "schema_violation",
    ),
  "ticket on headcount": (_random, org, n) =>
    encoded(
      event("headcount", T.ticketOpened, n, ticketData(org, n)),
      org,
      "ticket event on the headcount topic",
      "unknown_type",
    ),
  truncated: (random, org, n) => {
    const whole = JSON.stringify(
      event("headcount", H.employeeHired, n, {
        organisationId: org,
        employeeId: `${CLEAR_EMPLOYEE_ID_PREFIX}${n}`,
        hiredOn: "2026-10-01",
      }),
    );
    return {
      record: {
        key: org,
        value: whole.slice(0, random.int(1, whole.length - 2)),
        headers: { "content-type": "application/cloudevents+json" },
      },
      kind: "truncated JSON",
      expect: "not_json",
    };
  },
};

/** Extra valid ticket events that look hostile; each is one more opened, never resolved, ticket. */
export function lookalikeTicket(random: Random, org: string, n: number, at: number): CorpusRecord {
  const openedAt = new Date(Math.floor(at / HOUR) * HOUR).toISOString();
  if (random.chance(0.5)) {
    const stranger = `never-announced-${n}`;
    return encoded(
      event("tickets", T.ticketOpened, n, ticketData(stranger, n, { openedAt })),
      stranger,
      "valid: organisation nobody announced",
      "valid",
    );
  }
  const injection = random.pick(INJECTIONS).replaceAll("\u0000", "");
  return encoded(
    event("tickets", T.ticketOpened, n, {
      ...ticketData(org, n, { openedAt }),
      ticketId: `${injection}-${n}`,
      category: injection,
    }),
    org,
    "valid: injection-looking ticket id and category",
    "valid",
  );
}
