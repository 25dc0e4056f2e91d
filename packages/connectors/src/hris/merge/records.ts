// Merge HRIS common models, as documented, parsed with zod (loose: Merge adds fields).
//   Employee:   https://docs.merge.dev/merge-unified/hris/common-models/employees/the-employee-object
//   Employment: https://docs.merge.dev/merge-unified/hris/common-models/employments/the-employment-object
//   Group:      https://docs.merge.dev/merge-unified/hris/common-models/groups/the-group-object
//   pagination: https://docs.merge.dev/merge-unified/hris/merge-api-basics/pagination
//   webhooks:   https://docs.merge.dev/merge-unified/reading-data/webhooks/merge-webhooks

import { z } from "zod";

/** An Employment (expanded with `expand=employments`). */
export const mergeEmploymentSchema = z.looseObject({
  id: z.string().min(1),
  job_title: z.string().nullish(),
  effective_date: z.string().nullish(),
  remote_was_deleted: z.boolean().nullish(),
});
export type MergeEmployment = z.infer<typeof mergeEmploymentSchema>;

/** A Group (expanded with `expand=groups`); departments are groups of type DEPARTMENT. */
export const mergeGroupSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  type: z.string().nullish(),
  remote_was_deleted: z.boolean().nullish(),
});
export type MergeGroup = z.infer<typeof mergeGroupSchema>;

/** An Employee; `groups` and `employments` are ids unless expanded. */
export const mergeEmployeeSchema = z.looseObject({
  id: z.string().min(1),
  remote_id: z.string().nullish(),
  /** ACTIVE, PENDING or INACTIVE. */
  employment_status: z.string().nullish(),
  start_date: z.string().nullish(),
  hire_date: z.string().nullish(),
  termination_date: z.string().nullish(),
  groups: z.array(z.union([z.string(), mergeGroupSchema]).nullable()).nullish(),
  employments: z.array(z.union([z.string(), mergeEmploymentSchema]).nullable()).nullish(),
  remote_was_deleted: z.boolean().nullish(),
  modified_at: z.string().nullish(),
});
export type MergeEmployee = z.infer<typeof mergeEmployeeSchema>;

/** A page: `results` plus the `next` cursor (null on the last page). */
export const mergeEmployeePageSchema = z.looseObject({
  next: z.string().nullish(),
  previous: z.string().nullish(),
  results: z.array(mergeEmployeeSchema),
});

/** A webhook delivery: `{hook, linked_account, data}`. */
export const mergeWebhookSchema = z.looseObject({
  hook: z.looseObject({ event: z.string().min(1) }),
  linked_account: z.looseObject({ id: z.string().min(1) }),
  data: z.looseObject({ id: z.string().optional(), employee: z.string().nullish() }).nullish(),
});
