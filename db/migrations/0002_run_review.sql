ALTER TABLE "runs" ADD COLUMN "model_calls" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "tool_calls" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "rerun_of" text;