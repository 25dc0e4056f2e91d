CREATE TABLE "hr_team_snapshots" (
	"organisation_id" text NOT NULL,
	"as_of" date NOT NULL,
	"generalists" integer NOT NULL,
	"specialists" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	CONSTRAINT "hr_team_snapshots_organisation_id_as_of_pk" PRIMARY KEY("organisation_id","as_of")
);
