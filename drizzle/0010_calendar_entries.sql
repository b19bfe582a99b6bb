ALTER TABLE "calendar_years" ADD COLUMN "day_names" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_years" ADD COLUMN "notice" text;--> statement-breakpoint
-- Added by hand: a year an administrator loaded before this migration was stored as official with
-- source 'admin'. Only the chinese-days package's data is official; the source it lacked is said so.
UPDATE "calendar_years" SET "official" = false, "source" = CASE WHEN "source" = 'admin' THEN '管理员录入（未注明来源）' ELSE "source" END WHERE "source" <> 'chinese-days';
