CREATE TABLE "outbox_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"position" integer NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"author_id" text NOT NULL,
	"author_email" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dunning_pauses" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"paused_by" text NOT NULL,
	"reason" text NOT NULL,
	"paused_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_refund_limits" (
	"currency" text PRIMARY KEY NOT NULL,
	"limit_minor" bigint NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "audit_subject_idx";--> statement-breakpoint
DROP INDEX "audit_created_idx";--> statement-breakpoint
ALTER TABLE "outbox_attachments" ADD CONSTRAINT "outbox_attachments_message_id_outbox_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."outbox_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_pauses" ADD CONSTRAINT "dunning_pauses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_attachments_message_position" ON "outbox_attachments" USING btree ("message_id","position");--> statement-breakpoint
CREATE INDEX "customer_notes_customer_idx" ON "customer_notes" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("actor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_action_idx" ON "audit_log" USING btree ("action","created_at","id");--> statement-breakpoint
CREATE INDEX "invoice_lines_service_period_idx" ON "invoice_lines" USING btree ("period_end","period_start") WHERE "invoice_lines"."subscription_item_id" is not null and not "invoice_lines"."proration";--> statement-breakpoint
CREATE INDEX "invoices_currency_finalized_idx" ON "invoices" USING btree ("currency","finalized_at");--> statement-breakpoint
CREATE INDEX "invoices_currency_paid_idx" ON "invoices" USING btree ("currency","paid_at");--> statement-breakpoint
CREATE INDEX "payments_currency_created_idx" ON "payments" USING btree ("currency","created_at");--> statement-breakpoint
CREATE INDEX "payments_currency_settled_idx" ON "payments" USING btree ("currency","settled_at") WHERE "payments"."status" = 'succeeded';--> statement-breakpoint
CREATE INDEX "audit_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_created_idx" ON "audit_log" USING btree ("created_at","id");