import { hash } from "node:crypto";
import { arrayLiteral, type Transaction } from "@hr-radar/db";
import type { IngestEvent, Rejection } from "@hr-radar/events";
import { employeeKey, HEADCOUNT_EVENT_TYPES, hmacSha256 } from "@hr-radar/events";
import type { IngestHandler } from "@hr-radar/ingest-runner";
import { upsertOrganisationProfiles } from "@hr-radar/organisations";
import { resolvePolicy } from "@hr-radar/policy";
import { markTrendsStale } from "@hr-radar/trends";
import { sql } from "drizzle-orm";
import { type EmployeeChangeFacts, foldHeadcountEvents, type HrTeamFacts, type SnapshotFacts } from "./fold.ts";

/**
 * Writes headcount events: profiles, snapshots, HR-team rosters and employee changes into the facts, and
 * marks the daily headcount, department and HR-team trends stale from the earliest date
 * affected (the trend refresher re-derives them). A newer profile can change the time
 * zone or the category mapping, so it also marks that organisation's whole weekly load.
 */
export function headcountHandler(employeeKeySecret: string): IngestHandler {
  // Each employee event's pseudonym, computed once by the fingerprint and reused by the fold.
  const pseudonyms = new WeakMap<object, string>();
  return {
    check: checkPolicyOverrides,
    // Keyed, because hires and terminations carry employee ids in clear: the id is replaced by
    // its keyed pseudonym (the HMAC the fold needs anyway), and the rest is hashed plainly, so
    // one HMAC per event instead of two (the fingerprint was an HMAC of the whole data).
    fingerprint: (event) => {
      const data = event.data as { organisationId: string; employeeId?: unknown };
      let content: object = data;
      if (typeof data.employeeId === "string") {
        const key = employeeKey(employeeKeySecret, data.organisationId, data.employeeId);
        pseudonyms.set(event.data, key);
        content = { ...data, employeeId: key };
      }
      return `v2:${hash("sha256", `${event.type}\u0000${JSON.stringify(content)}`, "base64url")}`;
    },
    // what ledger entries written before v2 hold
    legacyFingerprint: (event) => hmacSha256(employeeKeySecret, `${event.type}\u0000${JSON.stringify(event.data)}`),
    async apply(tx, events) {
      const batch = foldHeadcountEvents(events, employeeKeySecret, pseudonyms);
      // Independent writes, sent together (postgres.js pipelines them on the transaction's connection).
      const [updatedProfiles] = await Promise.all([
        upsertOrganisationProfiles(tx, batch.profiles),
        upsertSnapshots(tx, batch.snapshots),
        upsertHrTeams(tx, batch.hrTeams),
        insertEmployeeChanges(tx, batch.employeeChanges),
        markTrendsStale(
          tx,
          "headcount",
          [...batch.earliestDay].map(([organisationId, from]) => ({ organisationId, from })),
        ),
      ]);
      await markTrendsStale(
        tx,
        "function-load",
        updatedProfiles.map((organisationId) => ({ organisationId, from: null })),
      );
    },
  };
}

/**
 * Policy overrides pass the contract's schema field by field; this also applies the
 * cross-field rules (e.g. a clear threshold below its raise threshold), so a profile whose
 * overrides would not resolve is dead-lettered instead of stored.
 */
function checkPolicyOverrides(event: IngestEvent): Rejection | null {
  if (event.type !== HEADCOUNT_EVENT_TYPES.organisationProfile) return null;
  const resolved = resolvePolicy(event.data.policyOverrides);
  if (resolved.success) return null;
  return {
    code: "schema_violation",
    message: resolved.error.message,
    path: `data.policyOverrides.${resolved.error.path}`,
  };
}

async function upsertSnapshots(tx: Transaction, snapshots: readonly SnapshotFacts[]): Promise<void> {
  if (snapshots.length === 0) return;
  await tx.execute(sql`
    insert into headcount_snapshots as s (organisation_id, as_of, headcount, departments,
      open_requisitions, planned_headcount, planned_by, event_time)
    select "organisationId", "asOf", headcount, departments, "openRequisitions", "plannedHeadcount",
           "plannedBy", "eventTime"
    from jsonb_to_recordset(${JSON.stringify(snapshots)}::jsonb) as i("organisationId" text, "asOf" date,
      headcount int, departments jsonb, "openRequisitions" int, "plannedHeadcount" int,
      "plannedBy" date, "eventTime" timestamptz)
    on conflict (organisation_id, as_of) do update set
      headcount = excluded.headcount, departments = excluded.departments,
      open_requisitions = excluded.open_requisitions, planned_headcount = excluded.planned_headcount,
      planned_by = excluded.planned_by, event_time = excluded.event_time
    where s.event_time <= excluded.event_time`);
}

async function upsertHrTeams(tx: Transaction, rosters: readonly HrTeamFacts[]): Promise<void> {
  if (rosters.length === 0) return;
  await tx.execute(sql`
    insert into hr_team_snapshots as s (organisation_id, as_of, generalists, specialists, event_time)
    select "organisationId", "asOf", generalists, specialists, "eventTime"
    from jsonb_to_recordset(${JSON.stringify(rosters)}::jsonb) as i("organisationId" text, "asOf" date,
      generalists int, specialists jsonb, "eventTime" timestamptz)
    on conflict (organisation_id, as_of) do update set
      generalists = excluded.generalists, specialists = excluded.specialists, event_time = excluded.event_time
    where s.event_time <= excluded.event_time`);
}

async function insertEmployeeChanges(tx: Transaction, changes: readonly EmployeeChangeFacts[]): Promise<void> {
  if (changes.length === 0) return;
  // Most of a headcount topic is employee events: one array parameter per column (unnest) is
  // cheaper for Postgres to read than one JSON document with the keys repeated in every row.
  const column = (pick: (change: EmployeeChangeFacts) => string | null) => arrayLiteral(changes.map(pick));
  await tx.execute(sql`
    insert into employee_changes (organisation_id, employee_key, kind, effective_on, department,
      previous_department, hr_role, hr_function, event_time)
    select * from unnest(${column((c) => c.organisationId)}::text[], ${column((c) => c.employeeKey)}::text[],
      ${column((c) => c.kind)}::text[], ${column((c) => c.effectiveOn)}::date[], ${column((c) => c.department)}::text[],
      ${column((c) => c.previousDepartment)}::text[], ${column((c) => c.hrRole)}::text[],
      ${column((c) => c.hrFunction)}::text[], ${column((c) => c.eventTime)}::timestamptz[])`);
}
