DROP INDEX "ingested_events_ingested_at_idx";--> statement-breakpoint
CREATE INDEX "ingested_events_ingested_at_brin" ON "ingested_events" USING brin ("ingested_at");