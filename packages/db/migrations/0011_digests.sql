CREATE TABLE "digest_deliveries" (
	"organisation_id" text NOT NULL,
	"period_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"rejected_at" timestamp with time zone,
	CONSTRAINT "digest_deliveries_organisation_id_period_at_channel_pk" PRIMARY KEY("organisation_id","period_at","channel")
);
--> statement-breakpoint
CREATE TABLE "digest_periods" (
	"organisation_id" text NOT NULL,
	"period_at" timestamp with time zone NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"digest" jsonb NOT NULL,
	"composed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digest_periods_organisation_id_period_at_pk" PRIMARY KEY("organisation_id","period_at")
);
--> statement-breakpoint
CREATE INDEX "digest_deliveries_pending_idx" ON "digest_deliveries" USING btree ("next_attempt_at") WHERE "digest_deliveries"."delivered_at" is null and "digest_deliveries"."rejected_at" is null;