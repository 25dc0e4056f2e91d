-- One alert per organisation x function (the staffing recommendation a person sees), with
-- every rule that backs it in "reasons". Existing rows migrate: every alert gets its own
-- rule as its one reason (history rows likewise); open alerts of the same organisation
-- and function merge into the one opened first, which keeps the earliest opened_at and
-- takes the lead reason's (most severe, then strongest action, then first rule id)
-- recommendation, severity, summary and evidence. The merged alerts' history, outbox and
-- delivery rows move to it, so nothing is lost and deliveries stay in order.
DROP INDEX "alerts_one_open_per_rule";--> statement-breakpoint
ALTER TABLE "alert_history" ADD COLUMN "reasons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "reasons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "alerts" SET "reasons" = jsonb_build_array(jsonb_build_object(
	'ruleId', "rule_id", 'ruleVersion', "rule_version", 'recommendation', "recommendation",
	'severity', "severity", 'status', 'raised', 'summary', "summary", 'evidence', "evidence",
	'firedRules', "fired_rules"));--> statement-breakpoint
UPDATE "alert_history" h SET "reasons" = jsonb_build_array(jsonb_build_object(
	'ruleId', a."rule_id", 'ruleVersion', a."rule_version", 'recommendation', h."recommendation",
	'severity', h."severity", 'status', 'raised', 'summary', h."summary", 'evidence', h."evidence",
	'firedRules', a."fired_rules"))
FROM "alerts" a WHERE a."alert_id" = h."alert_id";--> statement-breakpoint
WITH "open" AS (
	SELECT a.*,
		count(*) OVER "unit" AS "n",
		first_value("alert_id") OVER ("unit" ORDER BY "opened_at", "alert_id") AS "survivor_id",
		row_number() OVER ("unit" ORDER BY
			array_position(ARRAY['info','low','medium','high']::text[], "severity") DESC NULLS LAST,
			array_position(ARRAY['hire_specialist','outsource','add_generalist','plan_specialist','no_change']::text[], "recommendation") NULLS LAST,
			"rule_id") AS "lead_rank"
	FROM "alerts" a WHERE "status" <> 'resolved'
	WINDOW "unit" AS (PARTITION BY "organisation_id", "hr_function")
),
"lead" AS (SELECT * FROM "open" WHERE "n" > 1 AND "lead_rank" = 1),
"merged" AS (
	SELECT "survivor_id",
		min("opened_at") AS "opened_at",
		max("updated_at") AS "updated_at",
		bool_or("status" = 'open') AS "any_open",
		jsonb_agg("reasons" -> 0 ORDER BY "lead_rank" <> 1, "rule_id") AS "reasons",
		string_agg("rule_id", ', ' ORDER BY "rule_id") FILTER (WHERE "lead_rank" <> 1) AS "also"
	FROM "open" WHERE "n" > 1 GROUP BY "survivor_id"
),
"cited" AS (
	SELECT DISTINCT ON (o."survivor_id", e ->> 'ruleId') o."survivor_id", e AS "rule"
	FROM "open" o, jsonb_array_elements(o."fired_rules") e
	WHERE o."n" > 1
	ORDER BY o."survivor_id", e ->> 'ruleId', (e ->> 'version')::int DESC
),
"fired" AS (
	SELECT c."survivor_id", jsonb_agg(c."rule" ORDER BY c."rule" ->> 'ruleId' <> l."rule_id", c."rule" ->> 'ruleId') AS "fired_rules"
	FROM "cited" c JOIN "lead" l USING ("survivor_id") GROUP BY c."survivor_id"
)
UPDATE "alerts" a SET
	"rule_id" = l."rule_id", "rule_version" = l."rule_version", "recommendation" = l."recommendation",
	"severity" = l."severity", "summary" = l."summary" || ' Also backed by ' || m."also" || '.',
	"evidence" = l."evidence", "reasons" = m."reasons", "fired_rules" = f."fired_rules",
	"status" = CASE WHEN m."any_open" THEN 'open' ELSE 'acknowledged' END,
	"acknowledged_at" = CASE WHEN m."any_open" THEN NULL ELSE a."acknowledged_at" END,
	"acknowledged_by" = CASE WHEN m."any_open" THEN NULL ELSE a."acknowledged_by" END,
	"opened_at" = m."opened_at", "updated_at" = m."updated_at"
FROM "merged" m JOIN "lead" l USING ("survivor_id") JOIN "fired" f USING ("survivor_id")
WHERE a."alert_id" = m."survivor_id";--> statement-breakpoint
CREATE TEMPORARY TABLE "alert_merge" AS
SELECT "alert_id", "survivor_id" FROM (
	SELECT "alert_id", first_value("alert_id") OVER (PARTITION BY "organisation_id", "hr_function" ORDER BY "opened_at", "alert_id") AS "survivor_id"
	FROM "alerts" WHERE "status" <> 'resolved'
) s WHERE "alert_id" <> "survivor_id";--> statement-breakpoint
UPDATE "alert_history" h SET "alert_id" = m."survivor_id" FROM "alert_merge" m WHERE h."alert_id" = m."alert_id";--> statement-breakpoint
UPDATE "alert_outbox" o SET "alert_id" = m."survivor_id" FROM "alert_merge" m WHERE o."alert_id" = m."alert_id";--> statement-breakpoint
UPDATE "alert_deliveries" d SET "alert_id" = m."survivor_id" FROM "alert_merge" m WHERE d."alert_id" = m."alert_id";--> statement-breakpoint
DELETE FROM "alerts" a USING "alert_merge" m WHERE a."alert_id" = m."alert_id";--> statement-breakpoint
DROP TABLE "alert_merge";--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_per_function" ON "alerts" USING btree ("organisation_id","hr_function") WHERE "alerts"."status" <> 'resolved';
