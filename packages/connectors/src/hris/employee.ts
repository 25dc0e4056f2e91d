/**
 * One person as an HRIS reports them, in the few fields hr-radar needs, whatever the vendor.
 * Each vendor's normaliser produces this from its documented records; the shared step in
 * `employee-events.ts` turns it into contract events. Names, e-mails and pay never get here.
 */
export interface HrisEmployee {
  /** The vendor's id of the person (stored only as a keyed hash). */
  recordId: string;
  /** First working day, YYYY-MM-DD, when the HRIS knows it. */
  hiredOn: string | null;
  /** Last working day, YYYY-MM-DD, when set. */
  terminatedOn: string | null;
  department: string | null;
  jobTitle: string | null;
  /** The vendor's employment status text, matched against the connection's status mapping. */
  status: string | null;
  /** The vendor's own reading of the status, used when the mapping does not list it. */
  vendorActive: boolean;
  /** When the vendor last changed the record (RFC 3339): distinguishes one change from the next. */
  updatedAt: string | null;
  /** The vendor deleted the record (not a termination: nothing is counted). */
  deleted?: boolean;
}

/** The date part of an RFC 3339 instant or a plain date; null for anything else. */
export function calendarDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const match = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(value.trim());
  return match ? match[1]! : null;
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
