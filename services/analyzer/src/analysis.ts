import { applyAlertActions, planAlertActions, readOpenAlerts } from "@hr-radar/alerts";
import { type Database, schema, type Transaction } from "@hr-radar/db";
import { loadOrganisations, nthOrganisationAfter } from "@hr-radar/organisations";
import { evaluateOrganisation, openConditionsOf, recommendByFunction } from "@hr-radar/rules";
import type { Logger } from "@hr-radar/service-kit";
import { type OrganisationToEvaluate, type QuarantinedTrends, quarantinedTrends, readMetrics } from "@hr-radar/trends";
import { eq, sql } from "drizzle-orm";

/** What an analysis run needs. */
export interface AnalysisDeps {
  db: Database;
  logger: Logger;
  /** Organisations per batch: one transaction, three metric queries. */
  batchSize: number;
  /**
   * Batches evaluated at once (each on its own connection), so one batch's rules run
   * while another's queries do. Default 1.
   */
  concurrency?: number;
}

/** What a run did, as stored in `analyzer_runs`. */
export interface RunSummary {
  runId: number;
  organisations: number;
  skipped: number;
  /** Organisations not evaluated because their trends are quarantined: their open alerts stay as they were. */
  quarantined: number;
  findings: number;
  raised: number;
  resolved: number;
  changed: number;
}

/**
 * Evaluates every organisation with a profile, in batches ordered by id. Each batch is one
 * transaction: it takes an advisory lock per organisation (skipping any that another
 * analyzer holds, so two instances never evaluate the same organisation at once), reads
 * the metric windows set-based, runs the pure rules, and writes alerts, history and
 * outbox rows. A crash rolls back the batch in flight and leaves earlier ones committed.
 */
export async function runAnalysis(deps: AnalysisDeps, evaluatedAt: string): Promise<RunSummary> {
  const [run] = await deps.db
    .insert(schema.analyzerRuns)
    .values({ evaluatedAt })
    .returning({ runId: schema.analyzerRuns.runId });
  const summary: RunSummary = {
    runId: run!.runId,
    organisations: 0,
    skipped: 0,
    quarantined: 0,
    findings: 0,
    raised: 0,
    resolved: 0,
    changed: 0,
  };
  const log = deps.logger.child({ runId: summary.runId, evaluatedAt });
  const started = Date.now();
  log.info("analysis started");
  // Batches are ranges of organisation ids, cut ahead of the work by a cheap keyset scan,
  // so several can run at once; each is still its own transaction.
  let after = "";
  let exhausted = false;
  let batch = 0;
  const nextRange = async (): Promise<{ batch: number; after: string; upTo: string | null } | null> => {
    if (exhausted) return null;
    const range = { batch: ++batch, after, upTo: await nthOrganisationAfter(deps.db, after, deps.batchSize) };
    if (range.upTo === null) exhausted = true;
    else after = range.upTo;
    return range;
  };
  let cutting = Promise.resolve();
  const worker = async () => {
    for (;;) {
      // one cut at a time, so ranges never overlap
      const range = await new Promise<Awaited<ReturnType<typeof nextRange>>>((done, fail) => {
        cutting = cutting.then(() => nextRange().then(done, fail));
      });
      if (range === null) return;
      const result = await deps.db.transaction((tx) =>
        analyseBatch(tx, deps, summary.runId, evaluatedAt, range.after, range.upTo),
      );
      if (result === null) continue;
      for (const key of [
        "organisations",
        "skipped",
        "quarantined",
        "findings",
        "raised",
        "resolved",
        "changed",
      ] as const)
        summary[key] += result[key];
      log.info({ batch: range.batch, ...result, totalOrganisations: summary.organisations }, "batch evaluated");
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 1) }, worker));
  await deps.db
    .update(schema.analyzerRuns)
    .set({ ...summary, finishedAt: sql`now()`, completed: true })
    .where(eq(schema.analyzerRuns.runId, summary.runId));
  log.info({ ...summary, ms: Date.now() - started }, "analysis finished");
  return summary;
}

type BatchResult = Omit<RunSummary, "runId"> & { lastOrganisationId: string };

/** Evaluates the organisations with ids in (after, upTo] (upTo null: to the end). */
async function analyseBatch(
  tx: Transaction,
  deps: AnalysisDeps,
  runId: number,
  evaluatedAt: string,
  after: string,
  upTo: string | null,
): Promise<BatchResult | null> {
  const profiles = await loadOrganisations(tx, { after, upTo });
  if (profiles.length === 0) return null;
  const locked = await tryLockForAnalysis(
    tx,
    profiles.map((p) => p.organisationId),
  );

  const organisations: OrganisationToEvaluate[] = [];
  for (const profile of profiles.filter((p) => locked.has(p.organisationId))) {
    if (profile.error) {
      // Overrides were valid when ingested; a later, stricter policy schema can reject them.
      // The defaults would give an answer the organisation never asked for: skip it.
      deps.logger.error(
        { organisationId: profile.organisationId, ...profile.error },
        "stored policy overrides no longer resolve; organisation skipped",
      );
      continue;
    }
    organisations.push(profile);
  }
  const quarantined = await setAsideQuarantined(tx, deps.logger, organisations);
  const ids = organisations.map((o) => o.organisationId);
  const metrics = await readMetrics(tx, organisations, evaluatedAt);
  const open = await readOpenAlerts(tx, ids);
  const actions = metrics.map((m, i) => {
    const openAlerts = open.filter((a) => a.organisationId === m.organisationId);
    // the rules hold each rule's condition (hysteresis); the alert is the function's recommendation
    const findings = evaluateOrganisation({
      metrics: m,
      policy: organisations[i]!.policy,
      openAlerts: openConditionsOf(openAlerts),
      evaluatedAt,
    });
    return { findings: findings.length, actions: planAlertActions(openAlerts, recommendByFunction(findings)) };
  });
  const applied = await applyAlertActions(
    tx,
    actions.flatMap((a) => a.actions),
    {
      runId,
      at: evaluatedAt,
      organisationNames: new Map(organisations.map((o) => [o.organisationId, o.name])),
    },
  );
  return {
    organisations: organisations.length,
    skipped: profiles.length - organisations.length - quarantined,
    quarantined,
    findings: actions.reduce((n, a) => n + a.findings, 0),
    ...applied,
    lastOrganisationId: profiles.at(-1)!.organisationId,
  };
}

/**
 * Takes each organisation's analysis lock for the batch's transaction, without waiting: an
 * organisation another run is analysing right now is skipped (and counted as such).
 */
async function tryLockForAnalysis(tx: Transaction, organisationIds: readonly string[]): Promise<Set<string>> {
  const rows = await tx.execute<{ organisation_id: string; locked: boolean }>(sql`
    select organisation_id,
           pg_try_advisory_xact_lock(hashtextextended('hr-radar:analyze:' || organisation_id, 0)) as locked
    from jsonb_array_elements_text(${JSON.stringify(organisationIds)}::jsonb) as ids(organisation_id)
    order by organisation_id`);
  return new Set(rows.filter((r) => r.locked).map((r) => r.organisation_id));
}

/**
 * Removes from `organisations` (in place) those whose trends are quarantined, and says so:
 * their trends are not current, so evaluating them would raise or resolve alerts on stale
 * figures. Their open alerts are left as they were. Returns how many were set aside.
 */
async function setAsideQuarantined(
  tx: Transaction,
  logger: Logger,
  organisations: OrganisationToEvaluate[],
): Promise<number> {
  if (organisations.length === 0) return 0;
  const since = new Map<string, QuarantinedTrends>();
  for (const q of await quarantinedTrends(
    tx,
    organisations.map((o) => o.organisationId),
  ))
    if (!since.has(q.organisationId)) since.set(q.organisationId, q);
  if (since.size === 0) return 0;
  for (const q of since.values())
    logger.warn(
      { organisationId: q.organisationId, scope: q.scope, since: q.firstFailedAt, error: q.error },
      `trends not current since ${q.firstFailedAt}: organisation not evaluated, its alerts stay as they were`,
    );
  const kept = organisations.filter((o) => !since.has(o.organisationId));
  organisations.splice(0, organisations.length, ...kept);
  return since.size;
}
