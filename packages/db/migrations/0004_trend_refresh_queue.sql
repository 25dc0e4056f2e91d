CREATE TABLE "trend_refresh_queue" (
	"scope" text NOT NULL,
	"organisation_id" text NOT NULL,
	"from_instant" timestamp with time zone,
	"everything" boolean DEFAULT false NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trend_refresh_queue_scope_organisation_id_pk" PRIMARY KEY("scope","organisation_id"),
	CONSTRAINT "trend_refresh_queue_from_or_everything" CHECK ("trend_refresh_queue"."everything" or "trend_refresh_queue"."from_instant" is not null)
);
