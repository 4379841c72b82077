ALTER TABLE "merchant" ADD COLUMN "invoice_prefix" text DEFAULT 'INV' NOT NULL;--> statement-breakpoint
ALTER TABLE "merchant" ADD COLUMN "credit_note_prefix" text DEFAULT 'CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "merchant" ADD COLUMN "tax_registrations" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "merchant" ADD COLUMN "tax_rates" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "retry_after" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "jobs_retry_idx" ON "jobs" USING btree ("retry_after") WHERE "jobs"."status" = 'pending' and "jobs"."retry_after" is not null;