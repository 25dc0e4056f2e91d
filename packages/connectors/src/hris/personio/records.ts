// Personio API v2 records, as documented, parsed with zod so an unexpected answer is a clear
// error naming the field, never a crash deep in the normaliser. Loose objects: Personio adds
// fields over time (the `job` reference, say) and that must not break a sync.
//   persons:     https://developer.personio.de/reference/get_v2-persons
//   employments: https://developer.personio.de/reference/get_v2-persons-person-id-employments
//   org units:   https://developer.personio.de/reference/getorgunit
//   webhooks:    https://developer.personio.de/v2.0/reference/webhooks

import { z } from "zod";

const idSchema = z.union([z.string().min(1), z.number().int()]).transform(String);
const reference = z.looseObject({ id: idSchema });

/** A person (GET /v2/persons); only the id is used, the rest is personal data we drop. */
export const personioPersonSchema = z.looseObject({
  id: idSchema,
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type PersonioPerson = z.infer<typeof personioPersonSchema>;

/** An employment (GET /v2/persons/{person_id}/employments), most recent first. */
export const personioEmploymentSchema = z.looseObject({
  id: idSchema,
  person: reference.optional(),
  /** ACTIVE, INACTIVE, ONBOARDING or LEAVE. */
  status: z.string().nullish(),
  start_date: z.string().nullish(),
  termination_date: z.string().nullish(),
  termination: z.looseObject({ date: z.string().nullish() }).nullish(),
  position: z.looseObject({ title: z.string().nullish() }).nullish(),
  org_units: z.array(z.looseObject({ id: idSchema, type: z.string() })).nullish(),
  updated_at: z.string().nullish(),
});
export type PersonioEmployment = z.infer<typeof personioEmploymentSchema>;

/** An org unit (GET /v2/org-units/{id}); departments are org units of type `department`. */
export const personioOrgUnitSchema = z.looseObject({
  id: idSchema,
  type: z.string().optional(),
  name: z.string().min(1),
});
export type PersonioOrgUnit = z.infer<typeof personioOrgUnitSchema>;

/** The v2 list envelope: `_data` and `_meta.links.next.href` (absent on the last page). */
export function personioListSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    _data: z.array(item),
    _meta: z
      .looseObject({
        links: z.looseObject({ next: z.looseObject({ href: z.string().min(1) }).nullish() }).nullish(),
      })
      .nullish(),
  });
}

/** The token answer of POST /v2/auth/token (OAuth 2.0 client credentials). */
export const personioTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

/**
 * A webhook delivery: a dataless notification naming the changed resource. The event
 * catalog's payload carries the resource id; employment events also name the person.
 */
export const personioWebhookSchema = z.looseObject({
  company_id: idSchema,
  event_name: z.string().min(1),
  occurred_at: z.string(),
  payload: z.looseObject({
    id: idSchema.optional(),
    person_id: idSchema.optional(),
    person: reference.nullish(),
  }),
  meta: z.record(z.string(), z.unknown()).nullish(),
});
export type PersonioWebhook = z.infer<typeof personioWebhookSchema>;
