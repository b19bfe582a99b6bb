CREATE TABLE "stat_durations" (
	"month" date NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"measure" text NOT NULL,
	"days" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "stat_durations_measure_category_month_org_id_kind_days_pk" PRIMARY KEY("measure","category","month","org_id","kind","days")
);
--> statement-breakpoint
CREATE TABLE "stat_months" (
	"month" date NOT NULL,
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
	CONSTRAINT "stat_months_category_month_org_id_kind_pk" PRIMARY KEY("category","month","org_id","kind")
);
--> statement-breakpoint
ALTER TABLE "proceedings" ADD COLUMN "on_time" boolean;--> statement-breakpoint
ALTER TABLE "stat_durations" ADD CONSTRAINT "stat_durations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stat_months" ADD CONSTRAINT "stat_months_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stat_months_org_idx" ON "stat_months" USING btree ("org_id","category","month");--> statement-breakpoint
CREATE INDEX "proceedings_received_idx" ON "proceedings" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "proceedings_accepted_idx" ON "proceedings" USING btree ("accepted_at");--> statement-breakpoint
CREATE INDEX "proceedings_concluded_idx" ON "proceedings" USING btree ("concluded_at");