ALTER TABLE "proceedings" ADD COLUMN "prevailed" text;--> statement-breakpoint
ALTER TABLE "stat_months" ADD COLUMN "prevailed_worker" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_months" ADD COLUMN "prevailed_employer" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_months" ADD COLUMN "prevailed_partly" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_months" ADD COLUMN "final_awards" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_months" ADD COLUMN "ended_by_mediation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_months" ADD COLUMN "ended_by_arbitral_settlement" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_months" ADD COLUMN "ended_by_award" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_years" ADD COLUMN "prevailed_worker" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_years" ADD COLUMN "prevailed_employer" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_years" ADD COLUMN "prevailed_partly" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_years" ADD COLUMN "final_awards" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_years" ADD COLUMN "ended_by_mediation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_years" ADD COLUMN "ended_by_arbitral_settlement" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_years" ADD COLUMN "ended_by_award" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "proceedings" ADD CONSTRAINT "proceedings_prevailed_check" CHECK ("proceedings"."prevailed" is null or "proceedings"."state" = 'concluded');--> statement-breakpoint
-- Backfill (hand-written): the new counters of the proceedings, agreements and payments already
-- recorded, by the definitions of src/domain/statistics.ts (STAT_ACTS), as a rebuild would count
-- them. No proceeding has `prevailed` yet, so its three counters stay 0. How a proceeding ended is
-- counted on its legal date of conclusion; a final award on its agreement's legal date of
-- recording; each under '*' and under each category of its case. The rows are upserted because
-- the rollups keep no row for a key whose counters were all 0.
INSERT INTO "stat_months" ("month", "org_id", "kind", "category", "final_awards", "ended_by_mediation", "ended_by_arbitral_settlement", "ended_by_award")
SELECT b.month, b.org_id, b.kind, cat.category, sum(b.final_awards), sum(b.ended_by_mediation), sum(b.ended_by_arbitral_settlement), sum(b.ended_by_award)
FROM (
  SELECT date_trunc('month', (p.concluded_at at time zone 'UTC') + interval '8 hours')::date AS month, p.org_id, p.kind, c.categories,
         0 AS final_awards,
         count(*) FILTER (WHERE p.kind = 'mediation' AND p.outcome = 'settled') AS ended_by_mediation,
         count(*) FILTER (WHERE p.kind = 'arbitration' AND p.outcome = 'settled') AS ended_by_arbitral_settlement,
         count(*) FILTER (WHERE p.outcome = 'awarded') AS ended_by_award
  FROM "proceedings" p JOIN "cases" c ON c.id = p.case_id
  WHERE p.state = 'concluded' AND p.concluded_at IS NOT NULL AND (p.outcome = 'awarded' OR (p.outcome = 'settled' AND p.kind IN ('mediation', 'arbitration')))
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT date_trunc('month', (a.recorded_at at time zone 'UTC') + interval '8 hours')::date, p.org_id, p.kind, c.categories, count(*), 0, 0, 0
  FROM "agreements" a JOIN "proceedings" p ON p.id = a.proceeding_id JOIN "cases" c ON c.id = p.case_id
  WHERE a.final
  GROUP BY 1, 2, 3, 4
) b
CROSS JOIN LATERAL unnest(array['*']::text[] || b.categories) AS cat(category)
GROUP BY b.month, b.org_id, b.kind, cat.category
ORDER BY cat.category, b.month, b.org_id, b.kind
ON CONFLICT ("category", "month", "org_id", "kind") DO UPDATE SET
  "final_awards" = excluded."final_awards",
  "ended_by_mediation" = excluded."ended_by_mediation",
  "ended_by_arbitral_settlement" = excluded."ended_by_arbitral_settlement",
  "ended_by_award" = excluded."ended_by_award";
--> statement-breakpoint
-- A year is the sum of its months.
INSERT INTO "stat_years" ("year", "org_id", "kind", "category", "final_awards", "ended_by_mediation", "ended_by_arbitral_settlement", "ended_by_award")
SELECT date_trunc('year', m.month)::date, m.org_id, m.kind, m.category, sum(m.final_awards), sum(m.ended_by_mediation), sum(m.ended_by_arbitral_settlement), sum(m.ended_by_award)
FROM "stat_months" m
WHERE m.final_awards <> 0 OR m.ended_by_mediation <> 0 OR m.ended_by_arbitral_settlement <> 0 OR m.ended_by_award <> 0
GROUP BY 1, 2, 3, 4
ORDER BY 4, 1, 2, 3
ON CONFLICT ("category", "year", "org_id", "kind") DO UPDATE SET
  "final_awards" = excluded."final_awards",
  "ended_by_mediation" = excluded."ended_by_mediation",
  "ended_by_arbitral_settlement" = excluded."ended_by_arbitral_settlement",
  "ended_by_award" = excluded."ended_by_award";
