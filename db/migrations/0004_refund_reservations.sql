CREATE TABLE "refund_reservations" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"order_number" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	"run_id" text,
	"status" text DEFAULT 'reserved' NOT NULL,
	"reason" text,
	"approval_id" uuid,
	"provider_refund_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "refund_reservations_positive" CHECK ("refund_reservations"."amount_cents" > 0)
);
--> statement-breakpoint
ALTER TABLE "refund_reservations" ADD CONSTRAINT "refund_reservations_order_number_orders_number_fk" FOREIGN KEY ("order_number") REFERENCES "public"."orders"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refund_reservations_order_status_idx" ON "refund_reservations" USING btree ("order_number","status");--> statement-breakpoint
CREATE INDEX "refund_reservations_status_created_idx" ON "refund_reservations" USING btree ("status","created_at");