/**
 * Readiness of one service as a set of named checks ("kafka", "database", ...). A check
 * is asked when /readyz is requested, so the answer is current rather than cached; a
 * check that does not answer within `timeoutMs` counts as not ready.
 */
export interface ReadinessCheck {
  name: string;
  check(): ReadinessAnswer | Promise<ReadinessAnswer>;
}

/** One check's answer; `detail` says why it is not ready, in words an operator can act on. */
export interface ReadinessAnswer {
  ready: boolean;
  detail?: string;
}

/** What /readyz returns. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, ReadinessAnswer>;
}

/** A service's readiness checks; services add theirs as their parts start. */
export interface Health {
  add(check: ReadinessCheck): void;
  report(timeoutMs?: number): Promise<ReadinessReport>;
}

/** An empty set of checks: ready until a check says otherwise. */
export function createHealth(): Health {
  const checks: ReadinessCheck[] = [];
  return {
    add: (check) => void checks.push(check),
    async report(timeoutMs = 2_000) {
      const answers = await Promise.all(checks.map((c) => withTimeout(c, timeoutMs)));
      const entries = checks.map((c, i) => [c.name, answers[i]!] as const);
      return { ready: answers.every((a) => a.ready), checks: Object.fromEntries(entries) };
    },
  };
}

/** Several services' checks as one (for `hr-radar up`), names prefixed by the service. */
export function combineHealth(parts: Record<string, Health>): Health {
  return {
    add: () => {
      throw new Error("add checks to a service's own Health");
    },
    async report(timeoutMs) {
      const reports = await Promise.all(
        Object.entries(parts).map(async ([name, h]) => [name, await h.report(timeoutMs)] as const),
      );
      const checks: Record<string, ReadinessAnswer> = {};
      for (const [service, r] of reports)
        for (const [check, answer] of Object.entries(r.checks)) checks[`${service}.${check}`] = answer;
      return { ready: reports.every(([, r]) => r.ready), checks };
    },
  };
}

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessAnswer>((done) => {
    timer = setTimeout(() => done({ ready: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
  } catch (error) {
    return { ready: false, detail: rootCause(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The innermost cause's message: "ECONNREFUSED 127.0.0.1:5432" rather than an ORM's "Failed query". */
function rootCause(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  if (current instanceof Error) return current.message || ("code" in current ? String(current.code) : current.name);
  return String(current);
}
