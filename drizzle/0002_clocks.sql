CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"holidays" text[] NOT NULL,
	"makeup_workdays" text[] NOT NULL,
	"official" boolean NOT NULL,
	"source" text NOT NULL,
	"loaded_by" uuid,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clocks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"proceeding_id" uuid,
	"agreement_id" uuid,
	"kind" text NOT NULL,
	"rule_id" text NOT NULL,
	"unit" text NOT NULL,
	"length" integer NOT NULL,
	"started_on" date NOT NULL,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"pauses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"paused_days" integer DEFAULT 0 NOT NULL,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"extensions" integer DEFAULT 0 NOT NULL,
	"stopped_on" date,
	"calendar_years" integer[] NOT NULL,
	"provisional" boolean NOT NULL,
	"explanation" jsonb NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reminders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"clock_id" uuid NOT NULL,
	"threshold" text NOT NULL,
	"due_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "calendar_years" ADD CONSTRAINT "calendar_years_loaded_by_users_id_fk" FOREIGN KEY ("loaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clocks" ADD CONSTRAINT "clocks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clocks" ADD CONSTRAINT "clocks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_clock_id_clocks_id_fk" FOREIGN KEY ("clock_id") REFERENCES "public"."clocks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clocks_case_idx" ON "clocks" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "clocks_board_org_idx" ON "clocks" USING btree ("org_id","due_on","id") WHERE "clocks"."status" in ('running', 'paused');--> statement-breakpoint
CREATE INDEX "clocks_board_region_idx" ON "clocks" USING btree ("region_code","due_on","id") WHERE "clocks"."status" in ('running', 'paused');--> statement-breakpoint
CREATE INDEX "clocks_sweep_idx" ON "clocks" USING btree ("due_on") WHERE "clocks"."status" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_clock_threshold_idx" ON "reminders" USING btree ("clock_id","threshold");--> statement-breakpoint
CREATE INDEX "reminders_pending_idx" ON "reminders" USING btree ("next_attempt_at") WHERE "reminders"."delivered_at" is null;