CREATE TABLE "alert_history" (
	"history_id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" bigint NOT NULL,
	"change" text NOT NULL,
	"status" text NOT NULL,
	"recommendation" text NOT NULL,
	"severity" text NOT NULL,
	"summary" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"run_id" bigint,
	"actor" text
);
--> statement-breakpoint
CREATE TABLE "alert_outbox" (
	"outbox_id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"alert_id" bigint NOT NULL,
	"history_id" bigint NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"alert_id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"hr_function" text NOT NULL,
	"rule_id" text NOT NULL,
	"rule_version" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"recommendation" text NOT NULL,
	"severity" text NOT NULL,
	"fired_rules" jsonb NOT NULL,
	"summary" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "analyzer_runs" (
	"run_id" bigserial PRIMARY KEY NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"organisations" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"findings" integer DEFAULT 0 NOT NULL,
	"raised" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"completed" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "alert_history_alert_idx" ON "alert_history" USING btree ("alert_id","history_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_outbox_channel_key" ON "alert_outbox" USING btree ("channel","idempotency_key");--> statement-breakpoint
CREATE INDEX "alert_outbox_pending_idx" ON "alert_outbox" USING btree ("next_attempt_at") WHERE "alert_outbox"."delivered_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_per_rule" ON "alerts" USING btree ("organisation_id","hr_function","rule_id") WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_organisation_idx" ON "alerts" USING btree ("organisation_id","status");