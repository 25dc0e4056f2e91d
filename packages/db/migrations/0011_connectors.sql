CREATE TABLE "connections" (
	"connection_id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"vendor" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"credentials" jsonb NOT NULL,
	"schedule" text NOT NULL,
	"snapshot_schedule" text,
	"start_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_kind" CHECK ("connections"."kind" in ('hris', 'helpdesk'))
);
--> statement-breakpoint
CREATE TABLE "connector_checkpoints" (
	"connection_id" text NOT NULL,
	"stream" text NOT NULL,
	"cursor" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connector_checkpoints_connection_id_stream_pk" PRIMARY KEY("connection_id","stream")
);
--> statement-breakpoint
CREATE TABLE "connector_record_state" (
	"connection_id" text NOT NULL,
	"record_key" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connector_record_state_connection_id_record_key_pk" PRIMARY KEY("connection_id","record_key")
);
--> statement-breakpoint
ALTER TABLE "connector_checkpoints" ADD CONSTRAINT "connector_checkpoints_connection_id_connections_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("connection_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_record_state" ADD CONSTRAINT "connector_record_state_connection_id_connections_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("connection_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connections_organisation_idx" ON "connections" USING btree ("organisation_id");