import { z } from "zod";

// The recommendation and severity vocabulary is shared by the rules (which decide) and the
// event contract (which carries the decision), so it lives here, below both of them.

/** What to do about a function, in the article's terms (never just "hire"). */
export const RECOMMENDATIONS = [
  "hire_specialist",
  "add_generalist",
  "outsource",
  "no_change",
  "plan_specialist",
] as const;
/** One of {@link RECOMMENDATIONS}. */
export const recommendationSchema = z.enum(RECOMMENDATIONS);
/** One of {@link RECOMMENDATIONS}. */
export type Recommendation = z.infer<typeof recommendationSchema>;

/** How urgent a finding is, lowest first. */
export const SEVERITIES = ["info", "low", "medium", "high"] as const;
/** One of {@link SEVERITIES}. */
export const severitySchema = z.enum(SEVERITIES);
/** One of {@link SEVERITIES}. */
export type Severity = z.infer<typeof severitySchema>;
