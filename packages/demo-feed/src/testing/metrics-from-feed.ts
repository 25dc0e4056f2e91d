import { type LoadBucket, mapCategory, normaliseIndustry } from "@hr-radar/policy";
import {
  emptyLoadWeek,
  type FunctionLoadWeek,
  type HeadcountWeek,
  type HrTeam,
  type OrganisationMetrics,
} from "@hr-radar/rules";
import { addDays, localDate, mondayOf } from "../calendar.ts";
import type { DemoEvent } from "../emit.ts";

// Test support: the feed aggregated in memory into the rules' input, the way the trend
// tables would hold it (weekly headcount from snapshots, hires and terminations by
// date; load per function and week, opened and escalated when they happen, resolved
// and minutes when resolved). A quick, pure check that each case's expected alerts come
// out of the real rules; test/demo-feed.test.ts checks the same through Kafka and Postgres.

type Data = Record<string, unknown>;
const str = (d: Data, k: string): string => String(d[k]);
const num = (d: Data, k: string): number => Number(d[k] ?? 0);

function weekOfInstant(instant: string, timeZone: string): string {
  return mondayOf(localDate(new Date(instant), timeZone));
}

/** One organisation's metrics as of `asOf`, over `lookbackWeeks` weeks. */
export function metricsFromFeed(
  organisationId: string,
  headcountEvents: readonly DemoEvent[],
  ticketEvents: readonly DemoEvent[],
  asOf: Date,
  lookbackWeeks = 26,
): OrganisationMetrics {
  const hris = headcountEvents.filter((e) => e.data.organisationId === organisationId);
  const profile = hris.find((e) => e.type.endsWith("organisation.profile.v1"))?.data as Data;
  const timeZone = str(profile, "timeZone");
  const mapping = profile.helpdeskCategories as Record<string, string>;
  const currentWeek = mondayOf(localDate(asOf, timeZone));
  const weeks = Array.from({ length: lookbackWeeks }, (_, i) => addDays(currentWeek, -7 * (lookbackWeeks - 1 - i)));

  const snapshots = hris.filter((e) => e.type.endsWith("headcount.snapshot.v1")).map((e) => e.data as Data);
  snapshots.sort((a, b) => (str(a, "asOf") < str(b, "asOf") ? -1 : 1));
  const dateOf = (d: Data): string => str(d, "hiredOn" in d ? "hiredOn" : "terminatedOn");
  const moves = hris.filter((e) => e.type.endsWith("hired.v1") || e.type.endsWith("terminated.v1"));
  const headcount: HeadcountWeek[] = weeks.map((weekStart) => {
    const end = addDays(weekStart, 6);
    const last = snapshots.filter((s) => str(s, "asOf") <= end).at(-1);
    const inWeek = (kind: string) =>
      moves.filter((e) => e.type.endsWith(kind) && dateOf(e.data) >= weekStart && dateOf(e.data) <= end).length;
    return {
      weekStart,
      headcount: last === undefined ? 0 : num(last, "headcount"),
      hires: inWeek("hired.v1"),
      terminations: inWeek("terminated.v1"),
      openRequisitions: last === undefined ? null : num(last, "openRequisitions"),
    };
  });

  // HR team now: each person's latest role, unless they left.
  const roles = new Map<string, Data | null>();
  for (const e of hris) {
    if (e.type.endsWith("hired.v1") || e.type.endsWith("changed.v1")) roles.set(str(e.data, "employeeId"), e.data);
    if (e.type.endsWith("terminated.v1")) roles.set(str(e.data, "employeeId"), null);
  }
  const hrTeam: HrTeam = { generalists: 0, specialists: {} };
  for (const d of roles.values()) {
    if (d?.hrRole === "generalist") hrTeam.generalists++;
    if (d?.hrRole === "specialist") {
      const f = d.hrFunction as keyof HrTeam["specialists"];
      hrTeam.specialists[f] = (hrTeam.specialists[f] ?? 0) + 1;
    }
  }
  const latest = snapshots.at(-1);
  const plan =
    latest?.plannedHeadcount !== undefined && str(latest, "plannedBy") > localDate(asOf, timeZone)
      ? { plannedHeadcount: num(latest, "plannedHeadcount"), plannedBy: str(latest, "plannedBy") }
      : null;

  const rows = new Map<string, FunctionLoadWeek>();
  const row = (bucket: LoadBucket, weekStart: string): FunctionLoadWeek => {
    const key = `${bucket}|${weekStart}`;
    let r = rows.get(key);
    if (r === undefined) {
      r = emptyLoadWeek(weekStart, bucket);
      rows.set(key, r);
    }
    return r;
  };
  for (const e of ticketEvents.filter((t) => t.data.organisationId === organisationId)) {
    const d = e.data as Data;
    const bucket = mapCategory(str(d, "category"), mapping).hrFunction;
    if (e.type.endsWith("volume.v1")) {
      const r = row(bucket, mondayOf(str(d, "periodStart")));
      r.ticketsOpened += num(d, "opened");
      r.ticketsEscalated += num(d, "escalated");
      r.ticketsResolved += num(d, "resolved");
      if (d.handlingMinutes === undefined) r.resolvedWithoutMinutes += num(d, "resolved");
      else r.handlingMinutes += num(d, "handlingMinutes");
    } else if (e.type.endsWith("opened.v1")) {
      row(bucket, weekOfInstant(str(d, "openedAt"), timeZone)).ticketsOpened++;
    } else if (e.type.endsWith("escalated.v1")) {
      row(bucket, weekOfInstant(str(d, "escalatedAt"), timeZone)).ticketsEscalated++;
    } else if (e.type.endsWith("resolved.v1")) {
      const r = row(bucket, weekOfInstant(str(d, "resolvedAt"), timeZone));
      r.ticketsResolved++;
      if (d.handlingMinutes === undefined) r.resolvedWithoutMinutes++;
      else r.handlingMinutes += num(d, "handlingMinutes");
    }
  }
  const functionLoad = [...rows.values()].filter((r) => weeks.includes(r.weekStart));
  return {
    organisationId,
    name: str(profile, "name"),
    industry: normaliseIndustry(str(profile, "industry")),
    timeZone,
    headcount,
    functionLoad,
    hrTeam,
    plan,
  };
}
