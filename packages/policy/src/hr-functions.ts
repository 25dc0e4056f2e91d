import { z } from "zod";

/**
 * The HR functions hr-radar analyses: the unit of every trend and recommendation.
 * `hr_operations` is the day-to-day policy and admin work a generalist keeps running.
 */
export const HR_FUNCTIONS = [
  "recruiting",
  "compensation",
  "benefits",
  "payroll",
  "employee_relations",
  "learning_development",
  "compliance",
  "health_safety",
  "onboarding",
  "hr_operations",
] as const;

/** One of {@link HR_FUNCTIONS}. */
export const hrFunctionSchema = z.enum(HR_FUNCTIONS);
export type HrFunction = z.infer<typeof hrFunctionSchema>;

/**
 * Load from helpdesk categories that an organisation has not mapped to a function.
 * It is counted under this name, never dropped, so the gap shows in the trends.
 */
export const UNMAPPED = "unmapped" as const;

/** A function bucket in the load trends: a real function or {@link UNMAPPED}. */
export const loadBucketSchema = z.union([hrFunctionSchema, z.literal(UNMAPPED)]);
export type LoadBucket = z.infer<typeof loadBucketSchema>;
