import { z } from "@hono/zod-openapi";
import type { Context } from "hono";

// RFC 9457 problem details: every error the API answers, from a handler, a validator,
// the body limit, the router or a crash, is one of these, as application/problem+json.

/** The media type of every error answer (RFC 9457 section 3). */
export const PROBLEM_JSON = "application/problem+json";

/** Each kind of problem the API answers: its HTTP status and its constant title. */
export const PROBLEMS = {
  "bad-request": { status: 400, title: "The request is not valid" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Not allowed for this token" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflicts with the resource's state" },
  "payload-too-large": { status: 413, title: "Request body too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "too-many-requests": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
} as const;

/** A kind of problem, also the last segment of its `type` URI. */
export type ProblemCode = keyof typeof PROBLEMS;
type ProblemStatus = (typeof PROBLEMS)[ProblemCode]["status"];

/**
 * Where the type URIs point: the README's "HTTP API" section lists them. RFC 9457 asks
 * for a URI, not that clients fetch it; a relative one resolves against this API.
 */
export const problemType = (code: ProblemCode): string => `/problems/${code}`;

/** One invalid input of a 400: where it was (query, path, body), which field, and what is wrong. */
export interface InvalidParam {
  in: "query" | "path" | "body" | "header";
  /** The parameter's name, or the body field's dotted path ("" for the body as a whole). */
  name: string;
  /** RFC 6901 JSON pointer into the body, for body fields. */
  pointer?: string;
  detail: string;
}

/** An error answer a handler or middleware throws; onError renders it as problem details. */
export class ApiProblem extends Error {
  readonly code: ProblemCode;
  readonly errors: readonly InvalidParam[] | undefined;
  readonly headers: Record<string, string>;
  constructor(
    code: ProblemCode,
    detail: string,
    options: { errors?: readonly InvalidParam[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** The problem details answer, with the request's path as its `instance`. */
export function problemResponse(c: Context, problem: ApiProblem): Response {
  const { status, title } = PROBLEMS[problem.code];
  const body = {
    type: problemType(problem.code),
    title,
    status,
    detail: problem.message,
    instance: c.req.path,
    code: problem.code,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: status as ProblemStatus,
    headers: { "content-type": PROBLEM_JSON, "cache-control": "no-store", ...problem.headers },
  });
}

/** A 400 from zod's issues on one part of the request: every issue listed, the first in `detail`. */
export function validationProblem(location: InvalidParam["in"], issues: readonly z.core.$ZodIssue[]): ApiProblem {
  const errors = issues.flatMap((issue): InvalidParam[] => {
    // an unknown query parameter is an issue on the object, naming the keys
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({ in: location, name: key, detail: "unknown parameter" }));
    const name = issue.path.join(".");
    const pointer = location === "body" ? `#/${issue.path.map(String).join("/")}` : undefined;
    return [{ in: location, name, ...(pointer === undefined ? {} : { pointer }), detail: issue.message }];
  });
  const first = errors[0];
  const detail = first ? `${first.name || location}: ${first.detail}` : `invalid ${location}`;
  return new ApiProblem("bad-request", detail, { errors });
}

const InvalidParamSchema = z
  .object({
    in: z.enum(["query", "path", "body", "header"]),
    name: z.string().openapi({ example: "from" }),
    pointer: z.string().optional().openapi({ description: "JSON pointer into the body", example: "#/by" }),
    detail: z.string().openapi({ example: "expected a calendar date YYYY-MM-DD" }),
  })
  .openapi("InvalidParam");

/** The problem details schema in the OpenAPI document (RFC 9457, plus `code` and `errors`). */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: "URI of the problem type", example: "/problems/bad-request" }),
    title: z
      .string()
      .openapi({ description: "the problem type's constant title", example: "The request is not valid" }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ example: "from: expected a calendar date YYYY-MM-DD" }),
    instance: z.string().openapi({
      description: "the request path the problem occurred on",
      example: "/api/v1/organisations/acme/headcount",
    }),
    code: z.enum(Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]]).openapi({
      description: "the type's last segment, for clients that switch on a short name",
    }),
    errors: z.array(InvalidParamSchema).optional().openapi({ description: "every invalid input, for a 400" }),
  })
  .openapi("Problem", { description: "RFC 9457 problem details" });

/** OpenAPI responses for the problems an operation may answer. */
export const problemResponses = (...codes: ProblemCode[]) =>
  Object.fromEntries(
    codes.map((code) => [
      PROBLEMS[code].status,
      { description: PROBLEMS[code].title, content: { [PROBLEM_JSON]: { schema: ProblemSchema } } },
    ]),
  );
