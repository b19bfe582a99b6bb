CREATE TABLE "case_duplicates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"other_case_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"found_at" timestamp with time zone NOT NULL,
	"dismissed_at" timestamp with time zone,
	"dismissed_by" uuid
);
--> statement-breakpoint
ALTER TABLE "case_duplicates" ADD CONSTRAINT "case_duplicates_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_duplicates" ADD CONSTRAINT "case_duplicates_other_case_id_cases_id_fk" FOREIGN KEY ("other_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_duplicates" ADD CONSTRAINT "case_duplicates_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_duplicates_pair_idx" ON "case_duplicates" USING btree ("case_id","other_case_id");--> statement-breakpoint
CREATE INDEX "case_duplicates_other_idx" ON "case_duplicates" USING btree ("other_case_id");--> statement-breakpoint
CREATE INDEX "cases_open_respondent_code_idx" ON "cases" USING btree ("respondent_credit_code") WHERE "cases"."status" = 'open';--> statement-breakpoint
CREATE INDEX "cases_open_respondent_name_idx" ON "cases" USING btree ("respondent_name") WHERE "cases"."status" = 'open';