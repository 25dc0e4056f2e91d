// `pnpm demo`: sends the article's example companies to Kafka, dated over the last twelve
// weeks, so that `pnpm analyze` has something to say:
//   - Rocket Labs: a 30-person tech startup hiring about one person a week;
//   - Steelworks: a 120-person manufacturer (regulated: safety and compliance);
//   - Benefit Heavy: a 150-person company whose benefits questions take ~31 h a week.
import { randomUUID } from "node:crypto";
import { type CloudEvent, DEFAULT_TOPICS, encodeCloudEvent, HEADCOUNT_EVENT_TYPES as H, TICKET_EVENT_TYPES as T } from "@hr-radar/events";
import { createProducer } from "@hr-radar/service-kit";
import { Kafka, logLevel } from "kafkajs";

const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const DAY = 86_400_000;
const today = new Date();
const monday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - ((today.getUTCDay() + 6) % 7)));
const weeksAgo = (n: number) => new Date(monday.getTime() - n * 7 * DAY).toISOString().slice(0, 10);

const event = (type: string, data: Record<string, unknown> & { organisationId: string }): CloudEvent<typeof data> => ({
  specversion: "1.0",
  id: randomUUID(),
  source: "urn:hr-radar:demo",
  type,
  time: new Date().toISOString(),
  data,
});

const headcount: CloudEvent<{ organisationId: string }>[] = [];
const tickets: CloudEvent<{ organisationId: string }>[] = [];

// Rocket Labs: 30 people twelve weeks ago, one hire a week since.
headcount.push(
  event(H.organisationProfile, { organisationId: "rocket-labs", name: "Rocket Labs", industry: "technology", timeZone: "Europe/Berlin" }),
  event(H.headcountSnapshot, { organisationId: "rocket-labs", asOf: weeksAgo(12), headcount: 30, openRequisitions: 12, plannedHeadcount: 60, plannedBy: weeksAgo(-52) }),
  event(H.employeeHired, { organisationId: "rocket-labs", employeeId: "rl-hr-1", hiredOn: weeksAgo(12), hrRole: "generalist" }),
  ...Array.from({ length: 12 }, (_, i) => event(H.employeeHired, { organisationId: "rocket-labs", employeeId: `rl-${i}`, hiredOn: weeksAgo(11 - i), department: "Engineering" })),
);

// Steelworks: a stable manufacturer with one generalist.
headcount.push(
  event(H.organisationProfile, { organisationId: "steelworks", name: "Steelworks", industry: "manufacturing", timeZone: "America/Chicago" }),
  event(H.headcountSnapshot, { organisationId: "steelworks", asOf: weeksAgo(12), headcount: 120 }),
  event(H.employeeHired, { organisationId: "steelworks", employeeId: "sw-hr-1", hiredOn: weeksAgo(12), hrRole: "generalist" }),
);

// Benefit Heavy: two generalists drowning in benefits questions.
headcount.push(
  event(H.organisationProfile, {
    organisationId: "benefit-heavy",
    name: "Benefit Heavy Ltd",
    industry: "retail",
    timeZone: "Europe/London",
    helpdeskCategories: { "benefits-enrolment": "benefits", "payslips": "payroll", "leave": "hr_operations" },
  }),
  event(H.headcountSnapshot, { organisationId: "benefit-heavy", asOf: weeksAgo(12), headcount: 150 }),
  event(H.employeeHired, { organisationId: "benefit-heavy", employeeId: "bh-hr-1", hiredOn: weeksAgo(12), hrRole: "generalist" }),
  event(H.employeeHired, { organisationId: "benefit-heavy", employeeId: "bh-hr-2", hiredOn: weeksAgo(12), hrRole: "generalist" }),
);
for (let week = 12; week >= 1; week--) {
  tickets.push(
    event(T.ticketVolume, { organisationId: "benefit-heavy", category: "benefits-enrolment", granularity: "week", periodStart: weeksAgo(week), opened: 42, resolved: 40, handlingMinutes: 1840, backlogAtPeriodEnd: 6 }),
    event(T.ticketVolume, { organisationId: "benefit-heavy", category: "payslips", granularity: "week", periodStart: weeksAgo(week), opened: 12, resolved: 12, handlingMinutes: 240 }),
  );
}

const producer = createProducer(new Kafka({ clientId: "hr-radar-demo", brokers, logLevel: logLevel.WARN }));
await producer.connect();
const send = (topic: string, events: CloudEvent<{ organisationId: string }>[]) =>
  producer.send({ topic, acks: -1, messages: events.map((e) => encodeCloudEvent(e, e.data.organisationId)) });
await send(DEFAULT_TOPICS.headcount, headcount);
await send(DEFAULT_TOPICS.tickets, tickets);
await producer.disconnect();
console.log(`demo: sent ${headcount.length} HRIS events to ${DEFAULT_TOPICS.headcount} and ${tickets.length} helpdesk events to ${DEFAULT_TOPICS.tickets}`);
console.log("demo: now run `pnpm analyze`, then query the alerts table (see README)");
