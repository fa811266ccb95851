CREATE TABLE "run_archives" (
	"run_id" text PRIMARY KEY NOT NULL,
	"world_status" text NOT NULL,
	"events" jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"chunks" jsonb NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "run_archives" ADD CONSTRAINT "run_archives_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;