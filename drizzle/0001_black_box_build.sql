ALTER TABLE "black_boxes" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "black_boxes" ADD COLUMN "spec" jsonb;--> statement-breakpoint
ALTER TABLE "black_boxes" ADD COLUMN "build_status" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "black_boxes" ADD COLUMN "build_job_id" uuid;--> statement-breakpoint
ALTER TABLE "black_boxes" ADD COLUMN "build_error" text;--> statement-breakpoint
ALTER TABLE "black_boxes" ADD COLUMN "event_count" integer;--> statement-breakpoint
ALTER TABLE "black_boxes" ADD COLUMN "public_size" integer;--> statement-breakpoint
ALTER TABLE "black_boxes" ADD COLUMN "reveal_at" timestamp with time zone;