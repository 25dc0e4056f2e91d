CREATE TABLE "trend_refresh_quarantine" (
	"scope" text NOT NULL,
	"organisation_id" text NOT NULL,
	"error" text NOT NULL,
	"first_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"retry_at" timestamp with time zone NOT NULL,
	"failed_version" bigint NOT NULL,
	CONSTRAINT "trend_refresh_quarantine_scope_organisation_id_pk" PRIMARY KEY("scope","organisation_id")
);
--> statement-breakpoint
-- One statement, so the table is rewritten once, not five times.
ALTER TABLE "function_load_weekly"
  ALTER COLUMN "tickets_opened" SET DATA TYPE bigint,
  ALTER COLUMN "tickets_resolved" SET DATA TYPE bigint,
  ALTER COLUMN "tickets_escalated" SET DATA TYPE bigint,
  ALTER COLUMN "resolved_without_minutes" SET DATA TYPE bigint,
  ALTER COLUMN "backlog_at_week_end" SET DATA TYPE bigint;
--> statement-breakpoint
ALTER TABLE "analyzer_runs" ADD COLUMN "quarantined" integer DEFAULT 0 NOT NULL;
