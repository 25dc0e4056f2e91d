import { HR_FUNCTIONS, hrFunctionSchema, INDUSTRY_SECTORS, policyOverridesSchema } from "@hr-radar/policy";
import { z } from "zod";
import {
  calendarDateSchema,
  countSchema,
  departmentSchema,
  helpdeskCategorySchema,
  organisationIdSchema,
  timeZoneSchema,
} from "./primitives.ts";

/** CloudEvents `type` of each headcount-family event (topic `hris.headcount.v1`). */
export const HEADCOUNT_EVENT_TYPES = {
  organisationProfile: "hrradar.organisation.profile.v1",
  headcountSnapshot: "hrradar.headcount.snapshot.v1",
  employeeHired: "hrradar.employee.hired.v1",
  employeeTerminated: "hrradar.employee.terminated.v1",
  employeeChanged: "hrradar.employee.changed.v1",
  hrTeamSnapshot: "hrradar.hr_team.snapshot.v1",
} as const;

/** The known industries, as documented values: every key, NAICS code and official title. */
const industrySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .meta({
    description:
      "NAICS 2022 sector code, official title, or slug/alias (case and punctuation do not matter); " +
      `known industry keys: ${INDUSTRY_SECTORS.map((s) => `${s.key} (${s.naics})`).join(", ")}. ` +
      "Other text is stored as given and reported as not recognised.",
    examples: INDUSTRY_SECTORS.flatMap((s) => [s.key, s.naics, s.title]),
  });

/**
 * An organisation as hr-radar analyses it. The newest profile (by event time) wins, so
 * a late, older profile never overwrites a newer one.
 */
export const organisationProfileSchema = z.object({
  organisationId: organisationIdSchema,
  name: z.string().trim().min(1).max(200),
  /**
   * A NAICS 2022 sector code, its official title, or a documented slug or alias; stored
   * as the one industry key it names. Free text is accepted and stored as given, and the
   * analysis then says the industry was not recognised.
   */
  industry: industrySchema.nullable().default(null),
  /** IANA zone; weeks start on Monday in this zone. */
  timeZone: timeZoneSchema.prefault("UTC"),
  /** Helpdesk category -> HR function. A category missing here is counted as `unmapped`. */
  helpdeskCategories: z.record(helpdeskCategorySchema, hrFunctionSchema).default({}),
  /** Per-organisation overrides of the analysis policy (see the rules table in the README). */
  policyOverrides: policyOverridesSchema.default({}),
});
export type OrganisationProfile = z.infer<typeof organisationProfileSchema>;

const departmentHeadcountSchema = z.object({
  department: departmentSchema,
  headcount: countSchema,
});

/**
 * Headcount as of a date, as the HRIS reports it. Snapshots anchor the daily headcount
 * series; hires and terminations move it between snapshots.
 */
export const headcountSnapshotSchema = z
  .object({
    organisationId: organisationIdSchema,
    asOf: calendarDateSchema,
    headcount: countSchema,
    departments: z.array(departmentHeadcountSchema).max(10_000).optional(),
    openRequisitions: countSchema.optional(),
    /** Where the organisation plans to be, e.g. double in size by next year. */
    plannedHeadcount: countSchema.optional(),
    plannedBy: calendarDateSchema.optional(),
  })
  .superRefine((snapshot, ctx) => {
    const departmentTotal = (snapshot.departments ?? []).reduce((sum, d) => sum + d.headcount, 0);
    if (departmentTotal > snapshot.headcount) {
      ctx.addIssue({
        code: "custom",
        path: ["departments"],
        message: `departments add up to ${departmentTotal}, more than the headcount ${snapshot.headcount}`,
      });
    }
    const names = new Set<string>();
    for (const [index, d] of (snapshot.departments ?? []).entries()) {
      if (names.has(d.department)) {
        ctx.addIssue({
          code: "custom",
          path: ["departments", index, "department"],
          message: "department listed twice",
        });
      }
      names.add(d.department);
    }
    if ((snapshot.plannedHeadcount === undefined) !== (snapshot.plannedBy === undefined)) {
      ctx.addIssue({ code: "custom", path: ["plannedBy"], message: "plannedHeadcount and plannedBy come together" });
    } else if (snapshot.plannedBy !== undefined && snapshot.plannedBy <= snapshot.asOf) {
      ctx.addIssue({ code: "custom", path: ["plannedBy"], message: "plannedBy must be after asOf" });
    }
  });
export type HeadcountSnapshot = z.infer<typeof headcountSnapshotSchema>;

/**
 * Whether a person works in HR, and how: a generalist covers every function, a
 * specialist owns one. This is how hr-radar knows the HR team's make-up.
 */
export const hrRoleSchema = z.enum(["none", "generalist", "specialist"]);
export type HrRole = z.infer<typeof hrRoleSchema>;

/**
 * A person's state as of an effective date. `employeeId` is pseudonymised (keyed hash)
 * before anything is stored; no other personal data is part of the contract.
 */
const employeeStateSchema = z.object({
  organisationId: organisationIdSchema,
  employeeId: z.string().min(1).max(256),
  department: departmentSchema.nullable().default(null),
  hrRole: hrRoleSchema.default("none"),
  /** The function a specialist owns; required for specialists, absent otherwise. */
  hrFunction: hrFunctionSchema.optional(),
});

function requireFunctionForSpecialists(person: { hrRole: HrRole; hrFunction?: unknown }, ctx: z.RefinementCtx): void {
  if (person.hrRole === "specialist" && person.hrFunction === undefined) {
    ctx.addIssue({ code: "custom", path: ["hrFunction"], message: "a specialist needs the function they own" });
  }
  if (person.hrRole !== "specialist" && person.hrFunction !== undefined) {
    ctx.addIssue({ code: "custom", path: ["hrFunction"], message: "only specialists own a function" });
  }
}

/** Someone joined (their first day may be in the near future). */
export const employeeHiredSchema = employeeStateSchema
  .extend({ hiredOn: calendarDateSchema })
  .superRefine(requireFunctionForSpecialists);
export type EmployeeHired = z.infer<typeof employeeHiredSchema>;

/** Someone left; their last state (department, HR role) is known from earlier events. */
export const employeeTerminatedSchema = z
  .object({
    organisationId: organisationIdSchema,
    employeeId: z.string().min(1).max(256),
    terminatedOn: calendarDateSchema,
    /** Used when hr-radar never saw the person's earlier state. */
    department: departmentSchema.nullable().default(null),
    /**
     * Used when hr-radar never saw the person's earlier state, e.g. a member of a team
     * declared by an HR-team roster: the leaver then leaves that part of the HR team.
     */
    hrRole: hrRoleSchema.optional(),
    /** With `hrRole: specialist`, the function they owned. */
    hrFunction: hrFunctionSchema.optional(),
  })
  .superRefine((person, ctx) => {
    if (person.hrRole !== undefined) requireFunctionForSpecialists({ ...person, hrRole: person.hrRole }, ctx);
    else if (person.hrFunction !== undefined) {
      ctx.addIssue({ code: "custom", path: ["hrFunction"], message: "only specialists own a function" });
    }
  });
export type EmployeeTerminated = z.infer<typeof employeeTerminatedSchema>;

/** A person's department or HR role changed; the event carries the full new state. */
export const employeeChangedSchema = employeeStateSchema
  .extend({
    effectiveOn: calendarDateSchema,
    /** Lets a move be counted when hr-radar never saw the person's earlier state. */
    previousDepartment: departmentSchema.nullable().optional(),
  })
  .superRefine(requireFunctionForSpecialists);
export type EmployeeChanged = z.infer<typeof employeeChangedSchema>;

/**
 * The HR team as of a date, by role: how a company connecting for the first time declares
 * the team it already has, without inventing hires (which would move headcount). It
 * anchors the HR-team series from `asOf`, as a headcount snapshot anchors headcount; hires,
 * changes and terminations with an `hrRole` dated after it move it. A newer event for the
 * same date is a correction and replaces it. A function missing from `specialists` has none.
 */
export const hrTeamSnapshotSchema = z
  .object({
    organisationId: organisationIdSchema,
    asOf: calendarDateSchema,
    /** HR staff who cover every function. */
    generalists: countSchema,
    /** Specialists per function they own, e.g. `{ "recruiting": 1 }`. */
    specialists: z.partialRecord(hrFunctionSchema, countSchema).default({}),
  })
  .meta({ description: `Functions a specialist may own: ${HR_FUNCTIONS.join(", ")}.` });
export type HrTeamSnapshot = z.infer<typeof hrTeamSnapshotSchema>;
