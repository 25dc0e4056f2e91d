-- Delivery channels are decided at dispatch time: the outbox keeps each change once (its
-- CloudEvent), alert_deliveries one row per change and channel. Existing rows migrate:
-- each change keeps the row that carries the CloudEvent (a Slack row's payload is a
-- rendered message), and every per-channel row becomes that change's delivery with its
-- attempts, retry time and state, so pending deliveries keep being delivered.
CREATE TABLE "alert_channels" (
	"channel" text PRIMARY KEY NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"queued_below" "xid8"
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"outbox_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"alert_id" bigint NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "alert_deliveries_outbox_id_channel_pk" PRIMARY KEY("outbox_id","channel")
);
--> statement-breakpoint
ALTER TABLE "alert_outbox" ADD COLUMN "event" jsonb;--> statement-breakpoint
-- rows written before this migration are below every channel's mark (they are queued below)
ALTER TABLE "alert_outbox" ADD COLUMN "written_by" "xid8" DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_outbox" ALTER COLUMN "written_by" SET DEFAULT pg_current_xact_id();--> statement-breakpoint
WITH "keep" AS (
	SELECT DISTINCT ON ("idempotency_key") "idempotency_key", "outbox_id" FROM "alert_outbox"
	ORDER BY "idempotency_key", ("payload" ? 'specversion') DESC, "outbox_id"
)
INSERT INTO "alert_deliveries" ("outbox_id", "channel", "alert_id", "attempts", "next_attempt_at", "last_error", "created_at", "delivered_at")
SELECT k."outbox_id", o."channel", o."alert_id", o."attempts", o."next_attempt_at", o."last_error", o."created_at", o."delivered_at"
FROM "alert_outbox" o JOIN "keep" k USING ("idempotency_key");--> statement-breakpoint
DELETE FROM "alert_outbox" o WHERE NOT EXISTS (SELECT 1 FROM "alert_deliveries" d WHERE d."outbox_id" = o."outbox_id");--> statement-breakpoint
UPDATE "alert_outbox" SET "event" = "payload";--> statement-breakpoint
INSERT INTO "alert_channels" ("channel", "first_seen_at", "queued_below")
SELECT "channel", min("created_at"), pg_snapshot_xmin(pg_current_snapshot()) FROM "alert_deliveries" GROUP BY "channel";--> statement-breakpoint
ALTER TABLE "alert_outbox" ALTER COLUMN "event" SET NOT NULL;--> statement-breakpoint
DROP INDEX "alert_outbox_channel_key";--> statement-breakpoint
DROP INDEX "alert_outbox_pending_idx";--> statement-breakpoint
CREATE INDEX "alert_deliveries_pending_idx" ON "alert_deliveries" USING btree ("next_attempt_at") WHERE "alert_deliveries"."delivered_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_outbox_key" ON "alert_outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "alert_outbox_written_by_idx" ON "alert_outbox" USING btree ("written_by");--> statement-breakpoint
CREATE INDEX "alert_outbox_created_at_idx" ON "alert_outbox" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "alert_outbox" DROP COLUMN "channel";--> statement-breakpoint
ALTER TABLE "alert_outbox" DROP COLUMN "payload";--> statement-breakpoint
ALTER TABLE "alert_outbox" DROP COLUMN "attempts";--> statement-breakpoint
ALTER TABLE "alert_outbox" DROP COLUMN "next_attempt_at";--> statement-breakpoint
ALTER TABLE "alert_outbox" DROP COLUMN "last_error";--> statement-breakpoint
ALTER TABLE "alert_outbox" DROP COLUMN "delivered_at";
