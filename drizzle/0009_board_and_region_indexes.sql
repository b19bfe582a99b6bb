DROP INDEX "case_orgs_case_idx";--> statement-breakpoint
CREATE INDEX "clocks_board_due_idx" ON "clocks" USING btree ("due_on","id","region_code") WHERE "clocks"."status" in ('running', 'paused');--> statement-breakpoint
CREATE INDEX "case_orgs_case_idx" ON "case_orgs" USING btree ("case_id","region_code");