// Personio records -> the vendor-neutral HrisEmployee. Pure: the client fetched the person,
// their employments and the department names; this only reads them.

import { calendarDate, type HrisEmployee } from "../employee.ts";
import type { PersonioEmployment, PersonioPerson } from "./records.ts";

/** Personio's employment statuses that mean the person is not (or no longer) employed. */
const INACTIVE = new Set(["INACTIVE"]);

/**
 * The person's current employment: Personio lists employments most recent first, and a
 * rehire is a new employment, so the first one is the person's present (or last) state.
 */
export function currentEmployment(employments: readonly PersonioEmployment[]): PersonioEmployment | undefined {
  return employments[0];
}

/** The department org unit's id of an employment, if it has one. */
export function departmentUnitId(employment: PersonioEmployment | undefined): string | null {
  return employment?.org_units?.find((unit) => unit.type.toLowerCase() === "department")?.id ?? null;
}

/**
 * A Personio person and their employments as an HrisEmployee. `departmentName` resolves
 * a department org unit id to its name (the client looked them up).
 */
export function personioEmployee(
  person: PersonioPerson,
  employments: readonly PersonioEmployment[],
  departmentName: (orgUnitId: string) => string | null,
): HrisEmployee {
  const employment = currentEmployment(employments);
  const unit = departmentUnitId(employment);
  const status = employment?.status ?? null;
  return {
    recordId: person.id,
    hiredOn: calendarDate(employment?.start_date),
    // the documented Employment carries the termination date; older answers nest it
    terminatedOn: calendarDate(employment?.termination_date ?? employment?.termination?.date),
    department: unit === null ? null : departmentName(unit),
    jobTitle: employment?.position?.title?.trim() || null,
    status,
    vendorActive: status === null ? employment !== undefined : !INACTIVE.has(status.toUpperCase()),
    updatedAt: employment?.updated_at ?? person.updated_at ?? null,
  };
}
