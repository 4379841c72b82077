CREATE TABLE "dunning_outcomes" (
	"id" text PRIMARY KEY NOT NULL,
	"invoice_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"subscription_id" text,
	"outcome" text NOT NULL,
	"attempts" integer NOT NULL,
	"days_in_dunning" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"detail" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dunning_outcomes_invoice_id_unique" UNIQUE("invoice_id")
);
--> statement-breakpoint
CREATE TABLE "dunning_policies" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"retry_mode" text DEFAULT 'intervals' NOT NULL,
	"retry_intervals_days" jsonb NOT NULL,
	"spread_tries" integer DEFAULT 4 NOT NULL,
	"spread_weeks" integer DEFAULT 3 NOT NULL,
	"reminder_days_before_due" jsonb NOT NULL,
	"reminder_days_after_due" jsonb NOT NULL,
	"final_action" text DEFAULT 'cancel_subscription' NOT NULL,
	"mark_uncollectible" boolean DEFAULT false NOT NULL,
	"upcoming_renewal_days" integer DEFAULT 7 NOT NULL,
	"trial_ending_days" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_dunnings" (
	"invoice_id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"subscription_id" text,
	"status" text NOT NULL,
	"failed_attempts" integer NOT NULL,
	"max_attempts" integer NOT NULL,
	"first_failed_at" timestamp with time zone NOT NULL,
	"last_failure_code" text,
	"last_decline_code" text,
	"decline_class" text,
	"blocked_payment_method_id" text,
	"next_action" text,
	"next_action_at" timestamp with time zone,
	"stopped_reason" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_dunnings_closed" CHECK (("invoice_dunnings"."status" = 'active') = ("invoice_dunnings"."closed_at" is null))
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "dunning_outcomes" ADD CONSTRAINT "dunning_outcomes_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_outcomes" ADD CONSTRAINT "dunning_outcomes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_dunnings" ADD CONSTRAINT "invoice_dunnings_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_dunnings" ADD CONSTRAINT "invoice_dunnings_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dunning_outcomes_recorded_idx" ON "dunning_outcomes" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "invoice_dunnings_customer_idx" ON "invoice_dunnings" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "invoice_dunnings_active_idx" ON "invoice_dunnings" USING btree ("customer_id") WHERE "invoice_dunnings"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_unique" ON "outbox_messages" USING btree ("dedupe_key");