DROP INDEX "evaluations_submission_idx";--> statement-breakpoint
ALTER TABLE "black_boxes" ADD COLUMN "leaderboard_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "rank_metrics" jsonb;--> statement-breakpoint
CREATE INDEX "submissions_box_kind_status_idx" ON "submissions" USING btree ("black_box_id","kind","status");--> statement-breakpoint
CREATE INDEX "evaluations_submission_idx" ON "evaluations" USING btree ("submission_id","created_at");