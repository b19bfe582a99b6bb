CREATE TABLE "stat_histograms" (
	"grain" text NOT NULL,
	"period" date NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"measure" text NOT NULL,
	"counts" integer[] NOT NULL,
	CONSTRAINT "stat_histograms_grain_category_period_org_id_kind_measure_pk" PRIMARY KEY("grain","category","period","org_id","kind","measure")
);
--> statement-breakpoint
CREATE TABLE "stat_years" (
	"year" date NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"declined" integer DEFAULT 0 NOT NULL,
	"concluded" integer DEFAULT 0 NOT NULL,
	"settled" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"accepted_concluded" integer DEFAULT 0 NOT NULL,
	"claimed_fen" bigint DEFAULT 0 NOT NULL,
	"agreed_fen" bigint DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"workers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stat_years_category_year_org_id_kind_pk" PRIMARY KEY("category","year","org_id","kind")
);
--> statement-breakpoint
ALTER TABLE "stat_histograms" ADD CONSTRAINT "stat_histograms_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stat_years" ADD CONSTRAINT "stat_years_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The element-wise sum of two day histograms (counts[d + 1] = spans of d days), the shorter padded
-- with zeros: how an action adds its spans to a stat_histograms row.
CREATE OR REPLACE FUNCTION tiaojie_hist_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(coalesce(a[i], 0) + coalesce(b[i], 0) ORDER BY i), '{}'::integer[])
  FROM generate_series(1, greatest(coalesce(cardinality(a), 0), coalesce(cardinality(b), 0))) AS i
$$;--> statement-breakpoint
-- Carry an existing database's rollups over: the years are sums of their months, and each
-- histogram row gathers that period's (days, n) rows of stat_durations into one array.
INSERT INTO "stat_years" ("year", "org_id", "kind", "category", "received", "accepted", "declined", "concluded", "settled", "on_time",
                          "accepted_concluded", "claimed_fen", "agreed_fen", "paid_fen", "workers")
SELECT date_trunc('year', "month")::date, "org_id", "kind", "category", sum("received"), sum("accepted"), sum("declined"), sum("concluded"),
       sum("settled"), sum("on_time"), sum("accepted_concluded"), sum("claimed_fen"), sum("agreed_fen"), sum("paid_fen"), sum("workers")
FROM "stat_months" GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "stat_histograms" ("grain", "period", "org_id", "kind", "category", "measure", "counts")
SELECT h.grain, h.period, h.org_id, h.kind, h.category, h.measure,
       (SELECT array_agg(coalesce(x.n, 0) ORDER BY s.d)
          FROM generate_series(0, max(h.days)) AS s(d)
          LEFT JOIN unnest(array_agg(h.days), array_agg(h.n)) AS x(days, n) ON x.days = s.d)
FROM (
  SELECT 'month' AS grain, "month" AS period, "org_id", "kind", "category", "measure", "days", "n" FROM "stat_durations"
  UNION ALL
  SELECT 'year', date_trunc('year', "month")::date, "org_id", "kind", "category", "measure", "days", sum("n")::int
  FROM "stat_durations" GROUP BY 2, 3, 4, 5, 6, 7
) AS h
GROUP BY 1, 2, 3, 4, 5, 6;
