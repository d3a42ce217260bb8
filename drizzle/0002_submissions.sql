CREATE TABLE "leaderboard_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"black_box_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"reason" text NOT NULL,
	"rows" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "submissions" ALTER COLUMN "team_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "with_truth" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "device" text DEFAULT 'cpu' NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "baseline" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "method" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "file_name" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "file_size" integer;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "file_details" jsonb;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "quota_day" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "counted" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leaderboard_snapshots" ADD CONSTRAINT "leaderboard_snapshots_black_box_id_black_boxes_id_fk" FOREIGN KEY ("black_box_id") REFERENCES "public"."black_boxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "leaderboard_snapshots_key" ON "leaderboard_snapshots" USING btree ("black_box_id","kind","version");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_box_baseline_key" ON "submissions" USING btree ("black_box_id","baseline");