DROP INDEX "invoices_currency_finalized_idx";--> statement-breakpoint
DROP INDEX "invoices_currency_paid_idx";--> statement-breakpoint
ALTER TABLE "merchant" ADD COLUMN "invoice_prefix" text DEFAULT 'INV' NOT NULL;--> statement-breakpoint
ALTER TABLE "merchant" ADD COLUMN "credit_note_prefix" text DEFAULT 'CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "merchant" ADD COLUMN "tax_registrations" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "merchant" ADD COLUMN "tax_rates" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "retry_after" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "jobs_retry_idx" ON "jobs" USING btree ("retry_after") WHERE "jobs"."status" = 'pending' and "jobs"."retry_after" is not null;--> statement-breakpoint
CREATE INDEX "invoice_lines_service_range_idx" ON "invoice_lines" USING gist (tstzrange("period_start", "period_end")) WHERE "invoice_lines"."subscription_item_id" is not null and not "invoice_lines"."proration";--> statement-breakpoint
CREATE INDEX "invoices_currency_finalized_idx" ON "invoices" USING btree ("currency","finalized_at","status","amount_due_minor");--> statement-breakpoint
CREATE INDEX "invoices_currency_paid_idx" ON "invoices" USING btree ("currency","paid_at","customer_id","due_at","finalized_at");