ALTER TABLE "approvals" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
-- Decisions made before this column existed had already been delivered (or their runs are long gone).
UPDATE "approvals" SET "delivered_at" = "decided_at" WHERE "status" IN ('approved', 'rejected');
