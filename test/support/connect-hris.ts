// Reading back what the HRIS connector tests (Personio, Merge) compare with a stand-in's own
// counts: the trends of an organisation, once the ingest has applied every record. The
// connector itself runs through test/support/connect.ts (its own process, and the CLI).

import type { ExpectedWorkforceCounts } from "@hr-radar/vendor-standins";
import type { Kafka } from "kafkajs";
import type { TestDatabase } from "./database.ts";
import { topicRecords } from "./kafka-admin.ts";
import { waitUntilApplied } from "./wait.ts";

/**
 * Waits until the ingest applied everything on the topic and the trends are current. The
 * topic's size is read on every poll: a webhook's fetch may still be producing.
 */
export async function waitForTrends(database: TestDatabase, kafka: Kafka, topic: string): Promise<void> {
  await waitUntilApplied(database.sql, {
    label: "connector events",
    topic,
    target: () => topicRecords(kafka, topic),
    timeoutMs: 90_000,
  });
}

/** The HR team on a day, as hr_team_daily holds it. */
export interface HrTeamDay {
  generalists: number;
  specialists: Record<string, number>;
}

/** An organisation's trends in the shape of a stand-in's expected counts. */
export async function trendCounts(
  database: TestDatabase,
  organisationId: string,
  since: string,
  today: string,
): Promise<Omit<ExpectedWorkforceCounts, "jobTitlesToday"> & { hrTeamToday: HrTeamDay | null }> {
  const days = await database.sql<{ day: string; headcount: number; hires: number; terminations: number }[]>`
    select day::text, headcount, hires, terminations from headcount_daily
    where organisation_id = ${organisationId} order by day`;
  const nonZero = (key: "hires" | "terminations") =>
    Object.fromEntries(days.filter((d) => d.day >= since && d[key] > 0).map((d) => [d.day, d[key]]));
  const departments = await database.sql<{ department: string; headcount: number }[]>`
    select department, headcount from headcount_daily_by_department
    where organisation_id = ${organisationId} and day = ${today} and headcount > 0`;
  const [team] = await database.sql<HrTeamDay[]>`
    select generalists, specialists from hr_team_daily where organisation_id = ${organisationId} and day = ${today}`;
  return {
    hiresByDay: nonZero("hires"),
    terminationsByDay: nonZero("terminations"),
    headcountToday: days.find((d) => d.day === today)?.headcount ?? -1,
    departmentsToday: Object.fromEntries(departments.map((d) => [d.department, d.headcount])),
    headcountByDay: Object.fromEntries(days.filter((d) => d.day <= today).map((d) => [d.day, d.headcount])),
    hrTeamToday: team ? { generalists: team.generalists, specialists: team.specialists } : null,
  };
}

/** The HR team the default mapping makes of the stand-ins' job titles. */
export function expectedHrTeam(jobTitles: Record<string, number>): HrTeamDay {
  const n = (title: string) => jobTitles[title] ?? 0;
  const specialists: Record<string, number> = {};
  if (n("Recruiter") > 0) specialists.recruiting = n("Recruiter");
  if (n("Payroll Specialist") > 0) specialists.payroll = n("Payroll Specialist");
  return { generalists: n("HR Generalist") + n("HR Business Partner"), specialists };
}
