// Merge Employee (with employments and groups expanded) -> the vendor-neutral HrisEmployee. Pure.

import { calendarDate, type HrisEmployee } from "../employee.ts";
import type { MergeEmployee, MergeEmployment, MergeGroup } from "./records.ts";

const expanded = <T extends object>(items: readonly (string | T | null)[] | null | undefined): T[] =>
  (items ?? []).filter((item): item is T => item !== null && typeof item === "object");

/** The employee's department: their (not deleted) group of type DEPARTMENT. */
export function mergeDepartment(employee: MergeEmployee): string | null {
  const department = expanded<MergeGroup>(employee.groups).find(
    (g) => g.type?.toUpperCase() === "DEPARTMENT" && g.remote_was_deleted !== true && g.name,
  );
  return department?.name?.trim() || null;
}

/** The employee's current job title: the employment with the latest effective date. */
export function mergeJobTitle(employee: MergeEmployee): string | null {
  const employments = expanded<MergeEmployment>(employee.employments).filter((e) => e.remote_was_deleted !== true);
  const latest = employments.sort((a, b) => (b.effective_date ?? "").localeCompare(a.effective_date ?? ""))[0];
  return latest?.job_title?.trim() || null;
}

/**
 * A Merge Employee as an HrisEmployee. The id is Merge's (stable across the underlying
 * HRIS's own renumbering); `start_date` wins over `hire_date` (a rehire's latest start).
 */
export function mergeEmployee(employee: MergeEmployee): HrisEmployee {
  const status = employee.employment_status ?? null;
  return {
    recordId: employee.id,
    hiredOn: calendarDate(employee.start_date ?? employee.hire_date),
    terminatedOn: calendarDate(employee.termination_date),
    department: mergeDepartment(employee),
    jobTitle: mergeJobTitle(employee),
    status,
    vendorActive: status === null ? true : status.toUpperCase() !== "INACTIVE",
    updatedAt: employee.modified_at ?? null,
    ...(employee.remote_was_deleted === true ? { deleted: true } : {}),
  };
}
