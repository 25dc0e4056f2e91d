import { hrFunctionSchema } from "@hr-radar/policy";
import { z } from "zod";

/** One rule: a job title and/or department pattern (case-insensitive regex) -> an HR role. */
export const hrRoleRuleSchema = z
  .object({
    jobTitle: z.string().min(1).optional(),
    department: z.string().min(1).optional(),
    role: z.enum(["none", "generalist", "specialist"]),
    function: hrFunctionSchema.optional(),
  })
  .refine((r) => r.jobTitle !== undefined || r.department !== undefined, "a rule needs jobTitle or department")
  .refine((r) => (r.role === "specialist") === (r.function !== undefined), "a specialist rule needs a function");
export type HrRoleRule = z.infer<typeof hrRoleRuleSchema>;

/**
 * The per-connection mapping override (`connect add --mapping-file`). Rules are tried
 * before the defaults; the lists replace the defaults when given.
 */
export const hrisMappingSchema = z
  .strictObject({
    hrRoles: z.array(hrRoleRuleSchema).default([]),
    /** Departments whose people are HR staff; a title no rule places counts as generalist there (reported). */
    hrDepartments: z.array(z.string().min(1)).optional(),
    /** Employment statuses that count as employed. */
    activeStatuses: z.array(z.string().min(1)).optional(),
    /** Employment statuses that count as gone. */
    inactiveStatuses: z.array(z.string().min(1)).optional(),
  })
  .prefault({});
export type HrisMapping = z.output<typeof hrisMappingSchema>;

/** The documented defaults: titles as HR teams commonly name their roles. */
export const DEFAULT_HR_ROLE_RULES: readonly HrRoleRule[] = [
  { jobTitle: "recruit|talent acquisition|sourcer", role: "specialist", function: "recruiting" },
  { jobTitle: "payroll", role: "specialist", function: "payroll" },
  { jobTitle: "benefit|pension|leave administrat", role: "specialist", function: "benefits" },
  { jobTitle: "compensation|reward|total rewards", role: "specialist", function: "compensation" },
  { jobTitle: "employee relations|labou?r relations", role: "specialist", function: "employee_relations" },
  { jobTitle: "learning|training|l&d", role: "specialist", function: "learning_development" },
  {
    jobTitle: "health (and|&) safety|\\behs\\b|\\bhse\\b|safety officer",
    role: "specialist",
    function: "health_safety",
  },
  { jobTitle: "compliance", role: "specialist", function: "compliance" },
  { jobTitle: "onboarding", role: "specialist", function: "onboarding" },
  {
    jobTitle: "hris|hr operations|people operations|hr coordinator|hr administrat",
    role: "specialist",
    function: "hr_operations",
  },
  {
    jobTitle:
      "hr generalist|hr manager|hr business partner|people partner|head of (hr|people)|hr director|chief people",
    role: "generalist",
  },
];

/** Departments whose people are HR staff by default. */
export const DEFAULT_HR_DEPARTMENTS: readonly string[] = [
  "HR",
  "Human Resources",
  "People",
  "People & Culture",
  "People Operations",
];
/** Employment statuses that count as employed by default (BambooHR's and Personio's usual values). */
export const DEFAULT_ACTIVE_STATUSES: readonly string[] = [
  "Active",
  "Full-Time",
  "Part-Time",
  "Contractor",
  "Intern",
  "Temporary",
  "Seasonal",
  "onboarding",
  "active",
  "leave",
  // Merge's EmploymentStatusEnum: a hire who has not started yet (counted once the start date is reached)
  "pending",
];
/** Employment statuses that count as gone by default. */
export const DEFAULT_INACTIVE_STATUSES: readonly string[] = ["Inactive", "Terminated", "inactive", "terminated"];

/** A value the mapping could not place, reported with what was done instead. */
export interface UnmappedValue {
  field: "jobTitle" | "employmentStatus" | "department" | "date" | "helpdeskCategory" | "handlingMinutes";
  value: string;
  /** What the connector did with it, e.g. `counted as generalist (in HR department)`. */
  outcome: string;
}

/** Where the mapping puts a person in the HR team. */
export interface HrPlacement {
  hrRole: "none" | "generalist" | "specialist";
  hrFunction?: z.infer<typeof hrFunctionSchema>;
  unmapped?: UnmappedValue;
}

const matches = (pattern: string | undefined, value: string | null) =>
  pattern === undefined || (value !== null && new RegExp(pattern, "i").test(value));

/**
 * The HR role of a person from their job title and department: the connection's rules
 * first, then the defaults; someone in an HR department whose title no rule names counts
 * as a generalist, and is reported. Pure.
 */
export function placeInHrTeam(mapping: HrisMapping, jobTitle: string | null, department: string | null): HrPlacement {
  for (const rule of [...mapping.hrRoles, ...DEFAULT_HR_ROLE_RULES]) {
    if (matches(rule.jobTitle, jobTitle) && matches(rule.department, department))
      return rule.role === "specialist" && rule.function
        ? { hrRole: "specialist", hrFunction: rule.function }
        : { hrRole: rule.role };
  }
  const hrDepartments = (mapping.hrDepartments ?? DEFAULT_HR_DEPARTMENTS).map((d) => d.toLowerCase());
  if (department !== null && hrDepartments.includes(department.trim().toLowerCase()))
    return {
      hrRole: "generalist",
      unmapped: {
        field: "jobTitle",
        value: jobTitle ?? "(none)",
        outcome: `counted as generalist (in HR department ${department})`,
      },
    };
  return { hrRole: "none" };
}

/**
 * Whether an employment status counts as employed: listed active or inactive decides;
 * any other value falls back to `fallback` (the vendor's own active flag) and is reported.
 */
export function isActiveStatus(
  mapping: HrisMapping,
  status: string | null,
  fallback: boolean,
): { active: boolean; unmapped?: UnmappedValue } {
  if (status === null || status === "") return { active: fallback };
  const active = (mapping.activeStatuses ?? DEFAULT_ACTIVE_STATUSES).map((s) => s.toLowerCase());
  const inactive = (mapping.inactiveStatuses ?? DEFAULT_INACTIVE_STATUSES).map((s) => s.toLowerCase());
  const s = status.toLowerCase();
  if (inactive.includes(s)) return { active: false };
  if (active.includes(s)) return { active: true };
  return {
    active: fallback,
    unmapped: {
      field: "employmentStatus",
      value: status,
      outcome: `not in the mapping: ${fallback ? "counted as employed" : "counted as gone"} (vendor status)`,
    },
  };
}
