CREATE TABLE "consumer_offsets" (
	"consumer_group" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"next_offset" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consumer_offsets_consumer_group_topic_partition_pk" PRIMARY KEY("consumer_group","topic","partition")
);
--> statement-breakpoint
CREATE TABLE "employee_changes" (
	"change_id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"employee_key" text NOT NULL,
	"kind" text NOT NULL,
	"effective_on" date NOT NULL,
	"department" text,
	"previous_department" text,
	"hr_role" text,
	"hr_function" text,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "function_load_weekly" (
	"organisation_id" text NOT NULL,
	"hr_function" text NOT NULL,
	"week_start" date NOT NULL,
	"tickets_opened" integer NOT NULL,
	"tickets_resolved" integer NOT NULL,
	"tickets_escalated" integer NOT NULL,
	"handling_minutes" double precision NOT NULL,
	"resolved_without_minutes" integer NOT NULL,
	"backlog_at_week_end" integer NOT NULL,
	CONSTRAINT "function_load_weekly_organisation_id_hr_function_week_start_pk" PRIMARY KEY("organisation_id","hr_function","week_start"),
	CONSTRAINT "function_load_weekly_week_is_monday" CHECK (extract(isodow from "function_load_weekly"."week_start") = 1)
);
--> statement-breakpoint
CREATE TABLE "headcount_daily" (
	"organisation_id" text NOT NULL,
	"day" date NOT NULL,
	"headcount" integer NOT NULL,
	"hires" integer NOT NULL,
	"terminations" integer NOT NULL,
	"open_requisitions" integer,
	"planned_headcount" integer,
	"planned_by" date,
	CONSTRAINT "headcount_daily_organisation_id_day_pk" PRIMARY KEY("organisation_id","day")
);
--> statement-breakpoint
CREATE TABLE "headcount_daily_by_department" (
	"organisation_id" text NOT NULL,
	"day" date NOT NULL,
	"department" text NOT NULL,
	"headcount" integer NOT NULL,
	"hires" integer NOT NULL,
	"terminations" integer NOT NULL,
	CONSTRAINT "headcount_daily_by_department_organisation_id_day_department_pk" PRIMARY KEY("organisation_id","day","department")
);
--> statement-breakpoint
CREATE TABLE "headcount_snapshots" (
	"organisation_id" text NOT NULL,
	"as_of" date NOT NULL,
	"headcount" integer NOT NULL,
	"departments" jsonb,
	"open_requisitions" integer,
	"planned_headcount" integer,
	"planned_by" date,
	"event_time" timestamp with time zone NOT NULL,
	CONSTRAINT "headcount_snapshots_organisation_id_as_of_pk" PRIMARY KEY("organisation_id","as_of")
);
--> statement-breakpoint
CREATE TABLE "hr_team_daily" (
	"organisation_id" text NOT NULL,
	"day" date NOT NULL,
	"generalists" integer NOT NULL,
	"specialists" jsonb NOT NULL,
	CONSTRAINT "hr_team_daily_organisation_id_day_pk" PRIMARY KEY("organisation_id","day")
);
--> statement-breakpoint
CREATE TABLE "ingested_events" (
	"source" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingested_events_source_id_pk" PRIMARY KEY("source","id")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"organisation_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"industry" text,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"helpdesk_categories" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"policy_overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"profile_time" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_volume_reports" (
	"organisation_id" text NOT NULL,
	"category" text NOT NULL,
	"granularity" text NOT NULL,
	"period_start" date NOT NULL,
	"opened" integer NOT NULL,
	"resolved" integer NOT NULL,
	"escalated" integer NOT NULL,
	"handling_minutes" double precision,
	"backlog_at_period_end" integer,
	"event_time" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_volume_reports_organisation_id_category_granularity_period_start_pk" PRIMARY KEY("organisation_id","category","granularity","period_start")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"organisation_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"category" text NOT NULL,
	"opened_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"handling_minutes" double precision,
	"tier" smallint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tickets_organisation_id_ticket_id_pk" PRIMARY KEY("organisation_id","ticket_id")
);
--> statement-breakpoint
CREATE INDEX "employee_changes_org_employee_idx" ON "employee_changes" USING btree ("organisation_id","employee_key","effective_on");--> statement-breakpoint
CREATE INDEX "ingested_events_ingested_at_idx" ON "ingested_events" USING btree ("ingested_at");