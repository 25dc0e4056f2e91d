// What the CLI (stack wiring, `hr-radar analyze`, `hr-radar simulate`) and the tests use.

/** One analysis run over every organisation (the integration tests call it directly). */
export { runAnalysis } from "./analysis.ts";
/** The analyzer's wired-up parts, for `hr-radar analyze` and the tests. */
export { type Analyzer, AnalyzerConfigError, createAnalyzer } from "./analyzer.ts";
/** The analyzer's configuration schema. */
export { envSchema } from "./env.ts";
/** The analyzer on its schedule, in this process (`hr-radar up` and `demo`). */
export { type RunningAnalyzer, startAnalyzerService } from "./service.ts";
