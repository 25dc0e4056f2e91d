import { z } from "zod";
import { hrFunctionSchema, loadBucketSchema } from "./hr-functions.ts";
import { checkPolicyConsistency } from "./policy-consistency.ts";

// Every number the rules engine compares against lives here, named and documented,
// so an organisation can override it and an alert can cite it. Defaults are in
// policy-defaults.ts; each field's comment says what the default is and where it
// comes from (the article, or the industry figures in shared/DOMAIN.md).
//
// The policy is stored as jsonb and travels in Kafka events, so it holds only
// JSON values: numbers, strings, arrays and plain objects.

const weeks = z.number().int().positive();
const fte = z.number().positive();
const share = z.number().gt(0).lt(1);
const money = z.number().nonnegative();
const minutes = z.number().positive();

/** A lowercase industry slug as the HRIS sends it, e.g. `manufacturing`, `financial_services`. */
export const industrySlugSchema = z.string().regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/, {
  message: "must be a lowercase slug such as manufacturing or financial_services",
});

/** An annual salary range in the policy currency. */
export const salaryBandSchema = z.strictObject({
  /** Bottom of the range. */
  min: money,
  /** Top of the range. */
  max: money,
});
export type SalaryBand = z.infer<typeof salaryBandSchema>;

/** The HR-staff-per-100-employees range considered normal for one size band. */
export const ratioBenchmarkSchema = z.strictObject({
  /** Below this, HR is under-resourced for the band. */
  lowPer100: z.number().nonnegative(),
  /** Above this, HR is richly staffed for the band (reported as evidence, never raised). */
  highPer100: z.number().positive(),
});
export type RatioBenchmark = z.infer<typeof ratioBenchmarkSchema>;

/** The weeks a rule looks at and how long a condition must hold (anti-flapping). */
export const windowsPolicySchema = z.strictObject({
  /** Weeks of history the analyzer loads and trend fits use. Default 26: half a year smooths seasonality in weekly HR load while still reflecting today's organisation. */
  lookbackWeeks: weeks,
  /** The recent weeks a condition is judged over. Default 8 (the "averaged 0.9 FTE for 8 weeks" example in the product brief). */
  sustainWeeks: weeks,
  /** Weeks out of `sustainWeeks` at or beyond the raise threshold needed to raise. Default 6: one or two quiet weeks do not hide a real need, one or two busy weeks do not invent one. */
  raiseMinWeeks: weeks,
  /** Consecutive latest weeks beyond the (lower) clear threshold needed to clear an open alert. Default 4: a month of relief, not a holiday week. */
  clearConsecutiveWeeks: weeks,
  /** Trailing weeks pooled for lumpy weekly counts (hires, escalations). Default 4: about a month, one hiring or review cycle. */
  smoothingWeeks: weeks,
});

/** How handling time becomes FTE. */
export const capacityPolicySchema = z.strictObject({
  /** Hours a full-time HR person can spend on case work in a week. Default 30: 40 contracted hours less about 25% shrinkage (leave, meetings, training), the contact-centre workforce-management convention (DOMAIN.md, "Staffing math"). */
  productiveHoursPerFteWeek: z.number().positive().max(168),
  /** Share of productive hours that can be planned as handling time. Default 0.85: workforce-management occupancy targets sit at 80-90% because 100% busy people burn out and queue times explode. */
  targetOccupancy: z.number().gt(0).max(1),
  /** Minutes assumed for a resolved ticket that arrived without handling minutes, per load bucket. Defaults 15 (routine HR operations questions) to 90 (employee relations cases, which involve interviews and documentation); starting estimates to replace with the organisation's measured averages. */
  defaultHandlingMinutes: z.record(loadBucketSchema, minutes),
});

/** Company size bands from the article's "general framework". */
export const sizeBandsPolicySchema = z.strictObject({
  /** Largest headcount of a small company. Default 49: article, "Small companies (under 50 employees): usually need 1-2 HR generalists". */
  smallMaxHeadcount: z.number().int().nonnegative(),
  /** Largest headcount of a mid-sized company. Default 500: article, "Mid-sized companies (50-500 employees)"; above it "multiple specialists organized into functional teams". */
  midMaxHeadcount: z.number().int().positive(),
});

/** Generalist coverage. */
export const coveragePolicySchema = z.strictObject({
  /** Employees one generalist covers. Default 100: article, "one or two generalists can handle the full spectrum of HR needs for companies with 50-200 employees". */
  employeesPerGeneralist: z.number().positive(),
});

/** Raise and clear thresholds; every clear threshold sits below its raise threshold (hysteresis). */
export const thresholdsPolicySchema = z.strictObject({
  /** Uncovered weekly load (FTE beyond the specialists already in post) that justifies a specialist. Default 0.8: article, "Do we have high volume in certain HR functions? If yes, you probably need specialists"; 0.8 is when sustained demand approaches a full-time person. */
  specialistRaiseFte: fte,
  /** Load below which an open specialist alert may clear. Default 0.6. */
  specialistClearFte: fte,
  /** Average load at which a specialist alert becomes high severity. Default 1.5: one and a half people's work is already being absorbed by generalists. */
  specialistHighSeverityFte: fte,
  /** Generalists short of one per `coverage.employeesPerGeneralist` that raises add_generalist. Default 0.75: 175 employees with one generalist is at the edge of the article's "one or two generalists for 50-200 employees". */
  coverageRaiseGapFte: fte,
  /** Generalist shortfall below which a coverage alert may clear. Default 0.25. */
  coverageClearGapFte: z.number().nonnegative(),
  /** Share of a function's tickets escalated beyond the generalists that shows depth is missing. Default 0.25: tiered HR service delivery expects tier 1 to resolve most cases; a quarter escalating to tier 2 means the function needs its own expert (article: generalists "recognize when to escalate issues that require specialized attention"). */
  escalationRaiseShare: share,
  /** Escalation share below which a depth alert may clear. Default 0.15. */
  escalationClearShare: share,
  /** Fewest tickets opened in the smoothing window before an escalation share counts. Default 20: below it one or two escalations swing the share wildly. */
  escalationMinTickets: z.number().int().positive(),
  /** Share of all helpdesk load in unmapped categories that is worth a note. Default 0.2: a fifth of demand invisible to every other rule. */
  unmappedRaiseShare: share,
  /** Unmapped share below which the note may clear. Default 0.1. */
  unmappedClearShare: share,
  /** Fewest tickets in a week before its unmapped share counts. Default 20. */
  unmappedMinTickets: z.number().int().positive(),
  /** What a function already costs (generalist time at the loaded rate plus outsourcing spend) divided by a loaded specialist's cost, at which a specialist pays for itself. Default 1.0 (DOMAIN.md rule 6, break-even). */
  costBreakEvenRaiseRatio: z.number().positive(),
  /** Cost ratio below which a break-even alert may clear. Default 0.85. */
  costBreakEvenClearRatio: z.number().positive(),
});

/** HR-to-employee ratio benchmarks per size band. */
export const hrRatioPolicySchema = z.strictObject({
  /** HR staff per 100 employees considered normal, per size band. Defaults small 2.0-3.0, mid 1.0-1.5, large 1.0-1.5: commonly quoted medians sit around 1.0-1.5 for mid-size and large employers and 2-3+ for small ones, because fixed HR work does not shrink with headcount (DOMAIN.md, "Industry figures"). */
  benchmarks: z.strictObject({ small: ratioBenchmarkSchema, mid: ratioBenchmarkSchema, large: ratioBenchmarkSchema }),
  /** How far above the low benchmark the ratio must climb before an under-resourced alert clears. Default 0.1 per 100. */
  clearMarginPer100: z.number().nonnegative(),
  /** Headcount below which the ratio is not judged. Default 20: in very small companies HR is a founder's or office manager's part-time job and a ratio says nothing. */
  minHeadcount: z.number().int().nonnegative(),
});

/** Recruiting load implied by hiring velocity. */
export const hiringPolicySchema = z.strictObject({
  /** Recruiter hours per hire (sourcing, screening, interview coordination, offer). Default 25: a common planning estimate; replace with the organisation's own figure. Hires x hours per hire is recruiting load that shows up before any ticket does (article: "a rapidly growing tech startup might need a recruitment specialist even with just 30 employees"). */
  hoursPerHire: z.number().positive(),
});

/** Industries whose regulation demands a specialist regardless of size. */
export const regulationPolicySchema = z.strictObject({
  /** Industry key (see `INDUSTRY_SECTORS`: NAICS 2022 sectors) to the functions that need a specialist in it; override keys are slugs in any spelling of an industry (`logistics`, `48-49`, `transportation_warehousing`) and are normalised to its key, and a key outside the taxonomy is matched against the organisation's industry slug. Default: manufacturing, construction, utilities (energy), mining and transportation_warehousing (logistics) need health_safety and compliance; healthcare needs compliance and health_safety; financial_services needs compliance. Article: "A manufacturing company needs an HR specialist focused on safety and compliance due to regulatory requirements". */
  industries: z.record(industrySlugSchema, z.array(hrFunctionSchema)),
});

/** How money constrains the recommendation. */
export const budgetPolicySchema = z.strictObject({
  /** `standard` hires specialists where the need is shown; `tight` outsources outsourceable functions (and adds generalists elsewhere) until a specialist is cheaper than the status quo. Default `standard`. Article: "Smaller budgets often mean starting with generalists ... outsourcing specialized needs like benefits administration or recruiting for executive positions". */
  mode: z.enum(["standard", "tight"]),
  /** Functions that can be bought as a service. Default benefits, payroll, recruiting: the article names benefits administration and executive recruiting; payroll bureaus and PEOs make payroll the most commonly outsourced HR function. */
  outsourceableFunctions: z.array(hrFunctionSchema),
  /** What the organisation already spends a year on outsourcing each function. Default 0 for every function. Counts towards the cost break-even. */
  outsourcingAnnualSpend: z.record(hrFunctionSchema, money),
  /** Multiplier from salary to the employer's full cost (payroll taxes, benefits, equipment). Default 1.3: employer cost is commonly quoted at 1.25-1.4x salary. */
  loadedCostFactor: z.number().min(1),
  /** ISO 4217 code the salaries and spend are in. Default USD (the article's figures). */
  currency: z.string().regex(/^[A-Z]{3}$/, { message: "must be an ISO 4217 code such as USD" }),
});

/** Salary bands. */
export const salariesPolicySchema = z.strictObject({
  /** An HR generalist's salary. Default 60,000-75,000: article, "A single HR generalist might cost $60,000-$75,000 annually". */
  generalist: salaryBandSchema,
  /** An experienced specialist's salary, per function. Default 80,000-120,000 for every function: article, "an experienced HR specialist could earn $80,000-$120,000 or more, depending on the specialty and location". */
  specialist: z.record(hrFunctionSchema, salaryBandSchema),
});

/** Projection of load and headcount. */
export const forecastPolicySchema = z.strictObject({
  /** Weeks ahead a projected crossing raises plan_specialist. Default 52: article, "A 50-person startup planning to double in size next year". */
  horizonWeeks: weeks,
  /** Weeks ahead a projected crossing keeps an open plan_specialist alert (hysteresis for forecasts). Default 78. */
  clearHorizonWeeks: weeks,
  /** Fewest weekly points before a trend is fitted. Default 8. */
  minTrendWeeks: z.number().int().min(2),
  /** Least-squares fit quality (R squared) a load trend needs before it is projected. Default 0.5: a wobble around a flat level is not a trend. */
  minRSquared: z.number().min(0).max(1),
});

// The shape alone; `policySchema` adds the cross-field checks.
const policyShapeSchema = z.strictObject({
  windows: windowsPolicySchema,
  capacity: capacityPolicySchema,
  sizeBands: sizeBandsPolicySchema,
  coverage: coveragePolicySchema,
  thresholds: thresholdsPolicySchema,
  hrRatio: hrRatioPolicySchema,
  hiring: hiringPolicySchema,
  regulation: regulationPolicySchema,
  budget: budgetPolicySchema,
  salaries: salariesPolicySchema,
  forecast: forecastPolicySchema,
});

/** A complete, validated staffing policy. */
export type Policy = z.infer<typeof policyShapeSchema>;

/**
 * The full staffing policy of one organisation: every threshold, band, salary and
 * window the rules use. Parse with this schema (or `resolvePolicy`) before use; it
 * also enforces cross-field rules such as a clear threshold below its raise threshold.
 */
export const policySchema = policyShapeSchema.superRefine(checkPolicyConsistency);

/** `standard` or `tight`; see {@link budgetPolicySchema}. */
export type BudgetMode = Policy["budget"]["mode"];
