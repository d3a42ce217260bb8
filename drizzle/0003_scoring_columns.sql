ALTER TABLE "black_boxes" ADD COLUMN "scoring_columns" jsonb;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "scores_blob" text;